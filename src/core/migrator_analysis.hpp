// Internal: what the Migrator makes of the tracking table against the set.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ob/migrate/migrator.hpp"

namespace ob::migrate {

struct Migrator::Analysis {
    std::vector<MigrationStatus> statuses;
    std::vector<const Migration*> pending;
    std::vector<const Migration*> outOfOrder;
    std::vector<std::pair<const Migration*, std::string>> changed;  // migration, recorded hash
    std::vector<std::int64_t> missing;
    std::vector<std::int64_t> duplicated;
    std::string newestTag;
};

}  // namespace ob::migrate
