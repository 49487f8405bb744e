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
    std::vector<std::string> missing;     // tracking rows the set lacks, each as "<tag> (created_at N)"
    std::vector<std::string> duplicated;  // created_at values recorded twice, named the same way
    struct PartSquashed {
        const Migration* squash;
        std::vector<std::string> applied, missing;  // tags of the migrations it replaces
    };
    std::vector<PartSquashed> partlySquashed;
    std::string newestTag;
};

}  // namespace ob::migrate
