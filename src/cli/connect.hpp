// Opens the Dialect the settings name. The only place the CLI knows which backends exist.
#pragma once

#include <memory>
#include <string>

#include "ob/migrate/dialect.hpp"
#include "settings.hpp"

namespace ob::migrate::cli {

/// Whether a command may create the database (only migrate and restore may).
enum class Access { Existing, MayCreate };

/// The SQLite file a --url names: without a "sqlite:" / "sqlite://" prefix.
std::string sqlitePath(const std::string& url);

/// False when the settings name a SQLite file that does not exist; throws ConfigError naming it
/// when it is a directory, or a URL (its password must not become a file name or a message).
bool databaseExists(const Settings& settings);

/// Throws ConfigError (exit 2) naming the path when the settings name a SQLite file that does not
/// exist or is a directory (a mistyped --url must not become a new, empty database).
void requireExistingDatabase(const Settings& settings);

/// Opens the database; with Access::Existing a missing SQLite file is refused (requireExistingDatabase)
/// and nothing is created.
std::unique_ptr<Dialect> openDialect(const Settings& settings, Access access = Access::Existing);

/// Throws Error naming `path` unless it is a complete backup for the settings' database type
/// (checked before anything is opened or changed).
void checkBackupFile(const Settings& settings, const std::string& path);

}  // namespace ob::migrate::cli
