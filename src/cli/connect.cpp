#include "connect.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include "ob/migrate/postgres/dialect.hpp"
#endif

namespace ob::migrate::cli {

namespace {
/// A URL given as a SQLite path would become a file name (and its password part of a message):
/// refused, naming only its scheme.
void refuseUrl(const std::string& path) {
    const auto scheme = path.find("://");
    if (scheme == std::string::npos || path.rfind("file:", 0) == 0) return;
    const std::string name = path.substr(0, scheme);
    if (name == "postgresql" || name == "postgres")
        throw ConfigError("--url is a PostgreSQL URL but the database type is sqlite (pass --db-type postgresql)");
    throw ConfigError(fmt::format("--url is a {}:// URL, not a SQLite file path", name));
}

bool inMemoryOrUri(const std::string& path) {
    return path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0;
}
}  // namespace

std::string sqlitePath(const std::string& url) {
    for (std::string_view prefix : {"sqlite://", "sqlite:"})
        if (url.rfind(prefix, 0) == 0) return url.substr(prefix.size());
    return url;  // a path, ":memory:" or a file: URI
}

bool databaseExists(const Settings& settings) {
    if (settings.dbType != "sqlite") return true;
    const std::string path = sqlitePath(settings.url);
    refuseUrl(path);
    if (inMemoryOrUri(path)) return true;  // SQLite itself refuses a missing file: URI (no create flag)
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status))
        throw ConfigError(fmt::format("{} is a directory, not a SQLite database (check --url)", path));
    return std::filesystem::exists(status);
}

void requireExistingDatabase(const Settings& settings) {
    if (!databaseExists(settings))
        throw ConfigError(fmt::format("no SQLite database at {}: only migrate and restore create one (check --url "
                                      "or SQLITE_DB_PATH)",
                                      sqlitePath(settings.url)));
}

std::unique_ptr<Dialect> openDialect(const Settings& settings, Access access) {
    if (access == Access::Existing) requireExistingDatabase(settings);
    if (settings.dbType == "sqlite") {
        refuseUrl(sqlitePath(settings.url));
        sqlite::Options options;
        if (!settings.table.empty()) options.trackingTable = settings.table;
        options.create = access == Access::MayCreate;
        return std::make_unique<sqlite::Dialect>(sqlitePath(settings.url), options);
    }
#ifdef OB_MIGRATE_HAVE_POSTGRES
    if (settings.dbType == "postgresql") {
        postgres::Options options;
        if (!settings.table.empty()) options.trackingTable = settings.table;
        if (settings.connectTimeout) options.connectTimeout = *settings.connectTimeout;
        return std::make_unique<postgres::Dialect>(settings.url, options);
    }
#endif
    throw ConfigError(fmt::format("this ob-migrate was built without {} support", settings.dbType));
}

void checkBackupFile(const Settings& settings, const std::string& path) {
    if (settings.dbType == "sqlite") return sqlite::Dialect::checkBackupFile(path);
#ifdef OB_MIGRATE_HAVE_POSTGRES
    if (settings.dbType == "postgresql") return postgres::Dialect::checkBackupFile(path);
#endif
    throw ConfigError(fmt::format("this ob-migrate was built without {} support", settings.dbType));
}

}  // namespace ob::migrate::cli
