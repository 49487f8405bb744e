// The ob-migrate commands, each on resolved settings.
#pragma once

#include <iosfwd>
#include <string>

#include "settings.hpp"

namespace ob::migrate::cli {

struct Output {
    std::ostream& out;
    std::ostream& err;
};

struct MigrateFlags {
    bool allInOne = false;
    bool allowOutOfOrder = false;
    bool warnOnChecksum = false;
    bool dryRun = false;
};

int migrateCommand(const Settings& settings, const MigrateFlags& flags, Output& io);
int statusCommand(const Settings& settings, bool json, Output& io);
int acceptChecksumCommand(const Settings& settings, const std::string& tag, bool dryRun, Output& io);

}  // namespace ob::migrate::cli
