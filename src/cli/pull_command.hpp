// `pull`: the C++ DSL source of a live database's schema, or of a folder's last snapshot.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "commands.hpp"

namespace ob::migrate::cli {

struct PullFlags {
    std::string out;                     ///< --out FILE
    bool fromFolder = false;             ///< the folder's last snapshot instead of the database
    std::string function = "appSchema";  ///< --function NAME
    bool force = false;                  ///< overwrite an existing --out
};

/// Adds `pull` to `app`; dispatch with run() after parsing.
class PullCommand {
public:
    explicit PullCommand(CLI::App& app);
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    CLI::App* pull_;
    PullFlags flags_;
};

/// ob-migrate pull: 0 the source reproduces the schema exactly, 3 it does not (each difference on
/// stderr; the file is written all the same).
int pullCommand(const Settings& settings, const PullFlags& flags, Output& io);

}  // namespace ob::migrate::cli
