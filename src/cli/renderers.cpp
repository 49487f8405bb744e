#include "renderers.hpp"

#include <fmt/format.h>

#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif

namespace ob::migrate::cli {

std::unique_ptr<SqlRenderer> rendererFor(const std::string& dbType) {
    if (dbType == "sqlite") return std::make_unique<sqlite::Renderer>();
#ifdef OB_MIGRATE_HAVE_POSTGRES
    if (dbType == "postgresql") return std::make_unique<postgres::Renderer>();
#endif
    throw ConfigError(fmt::format("this build cannot generate SQL for {}", dbType));
}

}  // namespace ob::migrate::cli
