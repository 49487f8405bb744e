// The backends this ob-migrate knows, in one table: the only place the CLI names SQLite and
// PostgreSQL. A command asks for what it needs by the settings' database type: open the database
// (openDialect), its renderer (rendererFor), a scratch database (openScratch); the studio asks for
// its connection. A new backend is one more Backend in backends.cpp and its BackendOps.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/dialect.hpp"
#include "ob/migrate/sql_renderer.hpp"
#include "settings.hpp"

namespace ob::migrate::cli {

namespace studio {
class Source;
}

/// Whether a command may create the database (only migrate and restore may).
enum class Access { Existing, MayCreate };

/// A database made for one run (ob-migrate test) with a Dialect on it; the database goes away with it.
class Scratch {
public:
    virtual ~Scratch() = default;
    virtual Dialect& dialect() = 0;
    /// "an in-memory SQLite database", "scratch database postgresql://...".
    virtual std::string where() const = 0;
};

/// What this build can do with a backend (absent when built without it).
struct BackendOps {
    std::unique_ptr<Dialect> (*open)(const Settings& settings, Access access);
    std::unique_ptr<SqlRenderer> (*renderer)();
    /// Throws Error naming `path` unless it is a complete backup of this backend.
    void (*checkBackupFile)(const std::string& path);
    std::unique_ptr<Scratch> (*scratch)(const Settings& settings);
    std::unique_ptr<studio::Source> (*studioSource)(const Settings& settings, bool writable);
    /// File databases: whether the database the settings name exists (throws ConfigError when the
    /// URL cannot be a file); null: a server, always there.
    bool (*exists)(const Settings& settings);
    /// File databases: the file a --url names; null: a server.
    std::string (*file)(const std::string& url);
};

struct Backend {
    std::string_view name;                   ///< --db-type, and the journal's dialect
    std::vector<std::string_view> aliases;   ///< other --db-type spellings
    std::string_view title;                  ///< for messages: "SQLite", "PostgreSQL"
    std::vector<std::string_view> urlSchemes;  ///< a --url with one of these schemes is this backend's
    std::string_view urlEnv;                 ///< the environment variable of --url
    std::string_view defaultUrl;
    std::string_view defaultDir;
    std::string_view defaultSchema;          ///< the schema tables are in unless named ("public"), or empty
    const BackendOps* ops;                   ///< null: this build has no support for it
};

/// What each backend's file offers (backend_sqlite.cpp, backend_postgres.cpp).
extern const BackendOps kSqliteOps;
extern const BackendOps kPostgresOps;

/// Every backend, the default (sqlite) first.
const std::vector<Backend>& backends();
/// The backend named `nameOrAlias`, or null.
const Backend* findBackend(std::string_view nameOrAlias) noexcept;
/// The backend whose URL scheme `url` has (`postgresql://...`), or null.
const Backend* backendOfUrl(std::string_view url) noexcept;
/// "sqlite or postgresql"
std::string backendNames();
/// The settings' backend with what this build can do with it; throws ConfigError ("this ob-migrate
/// was built without <name> support") when it has none.
const BackendOps& opsFor(const Settings& settings);

/// The SQLite file a --url names: without a "sqlite:" / "sqlite://" prefix.
std::string sqlitePath(const std::string& url);

/// The database file the settings name (a file database's), for messages.
std::string databaseFile(const Settings& settings);

/// False when the settings name a database file that does not exist; throws ConfigError naming it
/// when it is a directory, or a URL (its password must not become a file name or a message).
bool databaseExists(const Settings& settings);

/// Throws ConfigError (exit 2) naming the path when the settings name a database file that does
/// not exist or is a directory (a mistyped --url must not become a new, empty database).
void requireExistingDatabase(const Settings& settings);

/// Opens the database; with Access::Existing a missing database file is refused
/// (requireExistingDatabase) and nothing is created.
std::unique_ptr<Dialect> openDialect(const Settings& settings, Access access = Access::Existing);

/// Throws Error naming `path` unless it is a complete backup for the settings' database type
/// (checked before anything is opened or changed).
void checkBackupFile(const Settings& settings, const std::string& path);

/// The SQL renderer for a database type; throws ConfigError when this build has none.
std::unique_ptr<SqlRenderer> rendererFor(const std::string& dbType);

/// A scratch database for `ob-migrate test`.
std::unique_ptr<Scratch> openScratch(const Settings& settings);

}  // namespace ob::migrate::cli
