// MigrationSet from the two Drizzle folder layouts (through Folder) and from journal text
// (embedded sets): the folder knowledge MigrationSet needs, kept out of src/core.
#include <fmt/format.h>

#include <system_error>

#include "core/files.hpp"
#include "dialects.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate {

namespace {

std::string unknownDialect(const std::string& dialect) {
    return fmt::format("unknown dialect \"{}\" (expected {})", dialect, detail::folderDialectNames());
}

}  // namespace

MigrationSet MigrationSet::fromDirectory(const std::filesystem::path& dir) {
    const auto folder = Folder::open(dir);
    const std::string origin = folder->indexPath().string();
    if (!detail::folderDialect(folder->dialect()))
        throw MigrationSetError(origin, folder->dialect().empty()
                                            ? std::string("no snapshot.json names the folder's dialect")
                                            : unknownDialect(folder->dialect()));
    auto readText = [](const std::filesystem::path& file, const char* what) {
        std::error_code error;
        if (std::filesystem::is_directory(file, error))
            throw MigrationSetError(file.string(), fmt::format("is a directory, not {}", what));
        return detail::readFile(file);
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
    if (!detail::folderDialect(journal.dialect)) throw MigrationSetError(origin, unknownDialect(journal.dialect));
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

}  // namespace ob::migrate
