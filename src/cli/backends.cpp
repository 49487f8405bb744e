#include "backends.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ob/migrate/error.hpp"
#include "studio/source.hpp"

namespace ob::migrate::cli {

const std::vector<Backend>& backends() {
    static const std::vector<Backend> all{
        {"sqlite", {}, "SQLite", {}, "SQLITE_DB_PATH", "sqlite.db", "drizzle/migrations", "", &kSqliteOps},
        {"postgresql", {"postgres", "pg"}, "PostgreSQL", {"postgresql", "postgres"}, "DATABASE_URL", "",
         "drizzle/pg-migrations", "public",
#ifdef OB_MIGRATE_HAVE_POSTGRES
         &kPostgresOps
#else
         nullptr
#endif
        },
    };
    return all;
}

const Backend* findBackend(std::string_view nameOrAlias) noexcept {
    for (const auto& b : backends())
        if (b.name == nameOrAlias || std::find(b.aliases.begin(), b.aliases.end(), nameOrAlias) != b.aliases.end())
            return &b;
    return nullptr;
}

const Backend* backendOfUrl(std::string_view url) noexcept {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return nullptr;
    for (const auto& b : backends())
        if (std::find(b.urlSchemes.begin(), b.urlSchemes.end(), url.substr(0, scheme)) != b.urlSchemes.end()) return &b;
    return nullptr;
}

std::string backendNames() {
    std::string out;
    for (const auto& b : backends()) out += (out.empty() ? "" : " or ") + std::string(b.name);
    return out;
}

const BackendOps& opsFor(const Settings& settings) {
    const Backend* backend = findBackend(settings.dbType);
    if (!backend || !backend->ops)
        throw ConfigError(fmt::format("this ob-migrate was built without {} support", settings.dbType));
    return *backend->ops;
}

namespace {
/// The operations of the settings' backend, or null when this build has none (nothing to check).
const BackendOps* builtOps(const Settings& settings) {
    const Backend* backend = findBackend(settings.dbType);
    return backend ? backend->ops : nullptr;
}
}  // namespace

std::string databaseFile(const Settings& settings) {
    const BackendOps* ops = builtOps(settings);
    return ops && ops->file ? ops->file(settings.url) : settings.url;
}

bool databaseExists(const Settings& settings) {
    const BackendOps* ops = builtOps(settings);
    return !ops || !ops->exists || ops->exists(settings);
}

void requireExistingDatabase(const Settings& settings) {
    if (databaseExists(settings)) return;
    const Backend& backend = *findBackend(settings.dbType);
    throw ConfigError(fmt::format("no {} database at {}: only migrate and restore create one (check --url "
                                  "or {})",
                                  backend.title, databaseFile(settings), backend.urlEnv));
}

std::unique_ptr<Dialect> openDialect(const Settings& settings, Access access) {
    if (access == Access::Existing) requireExistingDatabase(settings);
    return opsFor(settings).open(settings, access);
}

void checkBackupFile(const Settings& settings, const std::string& path) {
    opsFor(settings).checkBackupFile(path);
}

std::unique_ptr<SqlRenderer> rendererFor(const std::string& dbType) {
    const Backend* backend = findBackend(dbType);
    if (!backend || !backend->ops) throw ConfigError(fmt::format("this build cannot generate SQL for {}", dbType));
    return backend->ops->renderer();
}

std::unique_ptr<Scratch> openScratch(const Settings& settings) { return opsFor(settings).scratch(settings); }

}  // namespace ob::migrate::cli
