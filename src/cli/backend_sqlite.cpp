// The CLI's SQLite backend: a --url is a file path (or ":memory:", a file: URI).
#include <fmt/format.h>

#include <filesystem>

#include "backends.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "studio/source.hpp"

namespace ob::migrate::cli {

namespace {
/// A URL given as a SQLite path would become a file name (and its password part of a message):
/// refused, naming only its scheme.
void refuseUrl(const std::string& path) {
    const auto scheme = path.find("://");
    if (scheme == std::string::npos || path.rfind("file:", 0) == 0) return;
    if (const Backend* backend = backendOfUrl(path))
        throw ConfigError(fmt::format("--url is a {} URL but the database type is sqlite (pass --db-type {})",
                                      backend->title, backend->name));
    throw ConfigError(fmt::format("--url is a {}:// URL, not a SQLite file path", path.substr(0, scheme)));
}

bool inMemoryOrUri(const std::string& path) {
    return path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0;
}

sqlite::Options options(const Settings& settings) {
    sqlite::Options options;
    if (!settings.table.empty()) options.trackingTable = settings.table;
    return options;
}

bool exists(const Settings& settings) {
    const std::string path = sqlitePath(settings.url);
    refuseUrl(path);
    if (inMemoryOrUri(path)) return true;  // SQLite itself refuses a missing file: URI (no create flag)
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status))
        throw ConfigError(fmt::format("{} is a directory, not a SQLite database (check --url)", path));
    return std::filesystem::exists(status);
}

std::unique_ptr<Dialect> open(const Settings& settings, Access access) {
    refuseUrl(sqlitePath(settings.url));
    sqlite::Options o = options(settings);
    o.create = access == Access::MayCreate;
    return std::make_unique<sqlite::Dialect>(sqlitePath(settings.url), o);
}

std::unique_ptr<SqlRenderer> renderer() { return std::make_unique<sqlite::Renderer>(); }

class InMemory final : public Scratch {
public:
    explicit InMemory(const Settings& settings) : dialect_(":memory:", options(settings)) {}
    Dialect& dialect() override { return dialect_; }
    std::string where() const override { return "an in-memory SQLite database"; }

private:
    sqlite::Dialect dialect_;
};

std::unique_ptr<Scratch> scratch(const Settings& settings) { return std::make_unique<InMemory>(settings); }
}  // namespace

std::string sqlitePath(const std::string& url) {
    for (std::string_view prefix : {"sqlite://", "sqlite:"})
        if (url.rfind(prefix, 0) == 0) return url.substr(prefix.size());
    return url;  // a path, ":memory:" or a file: URI
}

const BackendOps kSqliteOps{open,    renderer, sqlite::Dialect::checkBackupFile, scratch, studio::openSqliteSource,
                            exists, sqlitePath};

}  // namespace ob::migrate::cli
