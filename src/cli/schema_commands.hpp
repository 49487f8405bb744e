// `generate` and `export`: the commands that need the project's schema. A project's own CLI
// (ob::migrate::cli::run(argc, argv, schemaFactory)) has them; plain ob-migrate says they need one.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "ob/migrate/cli.hpp"
#include "ob/migrate/dsl.hpp"

namespace ob::migrate::cli {

/// Whether the running CLI is a project CLI (one with a schema factory).
bool hasSchema() noexcept;

/// The project's schema, built on first use; ConfigError (exit 2) naming `command` when this CLI
/// has none, or when the factory throws.
const dsl::Definition& requireSchema(const char* command);

/// Makes the project's schema factory the current one for its lifetime; the schema is built on
/// first use.
class SchemaScope {
public:
    explicit SchemaScope(const SchemaFactory& factory) noexcept;
    ~SchemaScope();
    SchemaScope(const SchemaScope&) = delete;
    SchemaScope& operator=(const SchemaScope&) = delete;

    const SchemaFactory& factory() const noexcept { return factory_; }
    std::optional<dsl::Definition> built;

private:
    const SchemaFactory& factory_;
    SchemaScope* previous_;
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
