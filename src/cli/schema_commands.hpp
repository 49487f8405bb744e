// `generate` and `export`: the commands that need the project's schema. A project's own CLI
// (ob::migrate::cli::run(argc, argv, schema)) has them; plain ob-migrate says they need one.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "commands.hpp"
#include "ob/migrate/dsl.hpp"

namespace ob::migrate::cli {

/// The schema of the running project CLI; nullptr in plain ob-migrate.
const dsl::Definition* currentSchema() noexcept;

/// Sets currentSchema() for its lifetime.
class SchemaScope {
public:
    explicit SchemaScope(const dsl::Definition& schema) noexcept;
    ~SchemaScope();
    SchemaScope(const SchemaScope&) = delete;
    SchemaScope& operator=(const SchemaScope&) = delete;

private:
    const dsl::Definition* previous_;
};

struct GenerateFlags {
    std::string name;
    std::string prefix = "index";
    bool custom = false;
    bool allowDataLoss = false;
    bool dryRun = false;
    bool online = false;
    std::vector<std::string> renames;
};

/// Adds `generate` and `export` to `app`; dispatch with run() after parsing.
class SchemaCommands {
public:
    explicit SchemaCommands(CLI::App& app);
    /// True when one of the commands was given on the command line.
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    CLI::App* generate_;
    CLI::App* export_;
    GenerateFlags flags_;
};

int generateCommand(const Settings& settings, const GenerateFlags& flags, Output& io);
int exportCommand(const Settings& settings, Output& io);

}  // namespace ob::migrate::cli
