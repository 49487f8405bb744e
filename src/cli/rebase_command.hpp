// `rebase TAG`: the newest migration, generated on another branch, regenerated on top of the one before it.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "commands.hpp"

namespace ob::migrate::cli {

struct RebaseFlags {
    std::string tag;
    bool dryRun = false;
    bool folderOnly = false;
};

/// Adds `rebase` to `app`; dispatch with run() after parsing.
class RebaseCommand {
public:
    explicit RebaseCommand(CLI::App& app);
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    CLI::App* rebase_;
    RebaseFlags flags_;
};

int rebaseCommand(const Settings& settings, const RebaseFlags& flags, Output& io);

}  // namespace ob::migrate::cli
