#include "connect.hpp"

#include <fmt/format.h>

#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include "ob/migrate/postgres/dialect.hpp"
#endif

namespace ob::migrate::cli {

namespace {
std::string sqlitePath(std::string url) {
    for (std::string_view prefix : {"sqlite://", "sqlite:"})
        if (url.rfind(prefix, 0) == 0) return url.substr(prefix.size());
    return url;  // a path, ":memory:" or a file: URI
}
}  // namespace

std::unique_ptr<Dialect> openDialect(const Settings& settings) {
    if (settings.dbType == "sqlite") {
        sqlite::Options options;
        if (!settings.table.empty()) options.trackingTable = settings.table;
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

}  // namespace ob::migrate::cli
