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

/// The project's schema a CLI runs with: none for plain ob-migrate, else built from the project's
/// factory on first use. run() makes one and hands it to the commands that need it.
class ProjectSchema {
public:
    ProjectSchema() = default;
    explicit ProjectSchema(const SchemaFactory& factory) noexcept : factory_(&factory) {}

    /// Whether the running CLI is a project CLI (one with a schema factory).
    bool available() const noexcept { return factory_ != nullptr; }
    /// The schema, built on first use. Throws ConfigError (exit 2) naming `command` when the CLI
    /// has none, or when the factory throws.
    const dsl::Definition& require(const char* command);

private:
    const SchemaFactory* factory_ = nullptr;
    std::optional<dsl::Definition> built_;
};

/// The command line, with the project's schema (or none).
int runCli(int argc, char** argv, ProjectSchema& schema);

struct GenerateFlags {
    std::string name;
    std::string prefix = "index";
    std::string format;  ///< "0", "1" or "" (the folder's own)
    bool custom = false;
    bool allowDataLoss = false;
    bool dryRun = false;
    bool online = false;
    std::vector<std::string> renames;
};

/// Adds `generate` and `export` to `app`; dispatch with run() after parsing.
class SchemaCommands {
public:
    SchemaCommands(CLI::App& app, ProjectSchema& schema);
    /// True when one of the commands was given on the command line.
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    ProjectSchema& schema_;
    CLI::App* generate_;
    CLI::App* export_;
    GenerateFlags flags_;
};

int generateCommand(const Settings& settings, const dsl::Definition& schema, const GenerateFlags& flags, Output& io);
int exportCommand(const Settings& settings, const dsl::Definition& schema, Output& io);

}  // namespace ob::migrate::cli
