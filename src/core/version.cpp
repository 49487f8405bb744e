#include "ob/migrate/version.hpp"

namespace ob::migrate {
const char* version() noexcept { return OB_MIGRATE_VERSION; }
}  // namespace ob::migrate
