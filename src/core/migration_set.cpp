// MigrationSet: validation and look-ups (the folder readers are in src/folder/folder_sets.cpp).
#include "ob/migrate/migration_set.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "ob/migrate/error.hpp"

namespace ob::migrate {

MigrationSet MigrationSet::fromMigrations(std::string dialect, std::vector<Migration> migrations,
                                          std::string origin) {
    MigrationSet set;
    set.dialect_ = std::move(dialect);
    set.origin_ = std::move(origin);
    set.migrations_ = std::move(migrations);
    set.validate();
    return set;
}

void MigrationSet::validate() const {
    std::unordered_map<std::size_t, const Migration*> byIdx;
    std::unordered_map<std::int64_t, const Migration*> byWhen;
    std::unordered_map<std::string, const Migration*> byTag;
    const Migration* previous = nullptr;
    for (const auto& m : migrations_) {
        if (previous && m.idx < previous->idx)
            throw MigrationSetError(origin_, fmt::format("entries must be in idx order: {} (idx {}) comes after {} (idx {})",
                                                         m.tag, m.idx, previous->tag, previous->idx));
        previous = &m;
        if (auto [it, fresh] = byIdx.emplace(m.idx, &m); !fresh)
            throw MigrationSetError(origin_, fmt::format("duplicate idx {}: {} and {}", m.idx, it->second->tag, m.tag));
        if (auto [it, fresh] = byWhen.emplace(m.when, &m); !fresh)
            throw MigrationSetError(origin_, fmt::format("duplicate when {}: {} and {} (the tracking table keys "
                                                         "migrations by when)",
                                                         m.when, it->second->tag, m.tag));
        if (auto [it, fresh] = byTag.emplace(m.tag, &m); !fresh)
            throw MigrationSetError(origin_, fmt::format("duplicate tag {}", m.tag));
    }
}

const Migration* MigrationSet::findByWhen(std::int64_t when) const noexcept {
    for (const auto& m : migrations_)
        if (m.when == when) return &m;
    return nullptr;
}

const Migration* MigrationSet::findByTag(std::string_view tag) const noexcept {
    for (const auto& m : migrations_)
        if (m.tag == tag) return &m;
    return nullptr;
}

}  // namespace ob::migrate
