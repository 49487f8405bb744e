#include "ob/migrate/migration_set.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "ob/migrate/error.hpp"
#include "files.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/journal.hpp"

namespace ob::migrate {

using detail::readFile;

namespace {

bool knownDialect(const std::string& d) { return d == "sqlite" || d == "postgresql"; }
}  // namespace

MigrationSet MigrationSet::fromDirectory(const std::filesystem::path& dir) {
    const auto folder = Folder::open(dir);
    const std::string origin = folder->indexPath().string();
    if (!knownDialect(folder->dialect()))
        throw MigrationSetError(origin, folder->dialect().empty()
                                            ? std::string("no snapshot.json names the folder's dialect")
                                            : fmt::format("unknown dialect \"{}\" (expected sqlite or postgresql)",
                                                          folder->dialect()));
    auto readText = [](const std::filesystem::path& file, const char* what) {
        std::error_code error;
        if (std::filesystem::is_directory(file, error))
            throw MigrationSetError(file.string(), fmt::format("is a directory, not {}", what));
        return readFile(file);
    };
    std::vector<Migration> migrations;
    migrations.reserve(folder->entries().size());
    for (const auto& entry : folder->entries()) {
        auto sql = readText(entry.upFile, "a migration file");
        if (!sql)
            throw MigrationSetError(entry.upFile.string(),
                                    fmt::format("migration file for {} entry {} (idx {}) is missing",
                                                folder->indexName(), entry.tag, entry.idx));
        migrations.push_back(Migration::fromSql(entry.idx, entry.tag, entry.when, std::move(*sql), entry.breakpoints,
                                                entry.upFile.string()));
        if (auto down = readText(entry.downFile, "a down migration file"))
            migrations.back().setDown(std::move(*down), entry.downFile.string());
    }
    return fromMigrations(folder->dialect(), std::move(migrations), origin);
}

MigrationSet MigrationSet::fromJournal(std::string_view journalJson, const SqlReader& readSql,
                                       const std::string& origin) {
    Journal journal = Journal::parse(journalJson, origin);
    if (!knownDialect(journal.dialect))
        throw MigrationSetError(origin, fmt::format("unknown dialect \"{}\" (expected sqlite or postgresql)",
                                                    journal.dialect));
    // Where the .sql files live, for messages: beside the meta/ folder of the journal.
    std::filesystem::path base = std::filesystem::path(origin).parent_path().parent_path();
    std::vector<Migration> migrations;
    migrations.reserve(journal.entries.size());
    for (auto& entry : journal.entries) {
        std::string file = (base / (entry.tag + ".sql")).string();
        auto sql = readSql(entry.tag);
        if (!sql)
            throw MigrationSetError(file, fmt::format("migration file for journal entry {} (idx {}) is missing",
                                                      entry.tag, entry.idx));
        migrations.push_back(Migration::fromSql(entry.idx, entry.tag, entry.when, std::move(*sql),
                                                entry.breakpoints, std::move(file)));
        if (auto down = readSql(entry.tag + ".down"))
            migrations.back().setDown(std::move(*down), (base / (entry.tag + ".down.sql")).string());
    }
    return fromMigrations(journal.dialect, std::move(migrations), origin);
}

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
