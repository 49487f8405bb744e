// The ob-migrate commands, each on resolved settings.
#pragma once

#include <iosfwd>
#include <string>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"
#include "settings.hpp"

namespace ob::migrate::cli {

/// The one rule for a TAG argument (migrate --to, baseline --to, accept-checksum): a migration's tag,
/// or a prefix of exactly one tag (`0001`). Throws ConfigError (exit 2) naming `dir` when nothing
/// matches and listing the candidates when several do.
const Migration& resolveTag(const MigrationSet& set, const std::string& given, const std::string& dir);

struct Output {
    std::ostream& out;
    std::ostream& err;
};

struct MigrateFlags {
    std::string to;           ///< --to <tag>: roll back or forward to exactly this migration
    bool backup = false;
    long keep = 5;            ///< backups to keep, at least 1
    std::string backupDir;    ///< --backup-dir: empty = the backend's default
    bool allInOne = false;
    bool allowOutOfOrder = false;
    bool warnOnChecksum = false;
    bool dryRun = false;
    bool json = false;        ///< with dryRun: the plan as JSON
    /// The lock-wait guard (PostgreSQL): --ddl-lock-timeout MS, --ddl-retries N, --statement-timeout MS.
    std::int64_t ddlLockTimeoutMs = 2000;
    std::int64_t ddlRetries = 10;
    std::int64_t statementTimeoutMs = 0;
};

int migrateCommand(const Settings& settings, const MigrateFlags& flags, Output& io);
int statusCommand(const Settings& settings, bool json, Output& io);
int restoreCommand(const Settings& settings, const std::string& backupPath, bool dryRun, Output& io);
int markAppliedCommand(const Settings& settings, const std::string& tag, bool force, bool dryRun, Output& io);
int dropCommand(const Settings& settings, bool dryRun, Output& io);
/// `ob-migrate up`: the folder converted to the Drizzle 1.0 layout (src/cli/drop_command.cpp).
int upCommand(const Settings& settings, Output& io);
int acceptChecksumCommand(const Settings& settings, const std::string& tag, bool dryRun, Output& io);

}  // namespace ob::migrate::cli
