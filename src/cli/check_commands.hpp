// `check`, `test` and `introspect`: the commands that compare schemas.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "commands.hpp"

namespace ob::migrate {
class Driver;
}

namespace ob::migrate::cli {

struct CheckFlags {
    bool json = false;
    bool folderOnly = false;
};

/// Adds `check`, `test` and `introspect` to `app`; dispatch with run() after parsing.
class CheckCommands {
public:
    explicit CheckCommands(CLI::App& app);
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    CLI::App* check_;
    CLI::App* test_;
    CLI::App* introspect_;
    CheckFlags checkFlags_;
    bool testJson_ = false;
    bool introspectJson_ = false;
};

/// ob-migrate check: the folder, the tracking table and drift. 0 clean, 3 findings.
int checkCommand(const Settings& settings, const CheckFlags& flags, Output& io);
/// ob-migrate test: replays the folder on a scratch database. 0 clean, 3 findings.
int testCommand(const Settings& settings, bool json, Output& io);
/// ob-migrate introspect: the live schema as snapshot JSON (--json) or a summary.
int introspectCommand(const Settings& settings, bool json, Output& io);

/// For mark-applied / baseline without --force: 0 when the live schema equals the snapshot of
/// `tag` in `dir`; otherwise prints each difference to io.err and returns 3.
int confirmSchemaAt(Driver& dialect, const std::string& dir, const std::string& tag, Output& io);

}  // namespace ob::migrate::cli
