// `push`: the project's schema applied to a database directly (a development database), no files.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "commands.hpp"
#include "schema_commands.hpp"

namespace ob::migrate::cli {

struct PushFlags {
    bool dryRun = false;
    bool allowDataLoss = false;
    std::vector<std::string> renames;  ///< old=new, table.old=new
};

/// Adds `push` to `app`; dispatch with run() after parsing.
class PushCommand {
public:
    PushCommand(CLI::App& app, ProjectSchema& schema);
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    ProjectSchema& schema_;
    CLI::App* push_;
    PushFlags flags_;
};

/// ob-migrate push: 0 pushed (or nothing to push, or a dry run), 1 refused (data loss) or a
/// database error, 3 the database still differs from the schema afterwards (each difference listed).
int pushCommand(const Settings& settings, const dsl::Definition& schema, const PushFlags& flags, Output& io);

}  // namespace ob::migrate::cli
