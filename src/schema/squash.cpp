// squash: many migrations of a folder become one that creates the last one's schema.
#include "ob/migrate/squash.hpp"

#include <fmt/format.h>

#include "ob/migrate/folder.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

SquashResult squash(const fs::path& dir, const std::string& tag, const SqlRenderer& renderer,
                    const SquashOptions& options) {
    const MigrationSet set = MigrationSet::fromDirectory(dir);
    const auto folder = Folder::open(dir);
    if (folder->dialect() != renderer.dialect())
        throw ConfigError(fmt::format("{} holds {} migrations, not {}", dir.string(), folder->dialect(),
                                      renderer.dialect()));
    const auto& entries = folder->entries();
    std::size_t last = entries.size();
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].tag == tag) last = i;
    if (last == entries.size()) throw ConfigError(fmt::format("no migration {} in {}", tag, dir.string()));
    if (last == 0) throw ConfigError(fmt::format("{} is the first migration: there is nothing to squash into it", tag));

    SquashResult result;
    const FolderEntry& upTo = entries[last];
    std::string header;
    for (std::size_t i = 0; i <= last; ++i) {
        const Migration* m = set.findByWhen(entries[i].when);
        if (!m) throw MigrationSetError(dir.string(), fmt::format("{} has no migration file", entries[i].tag));
        if (!m->squashes.empty())
            throw ConfigError(fmt::format("{} is a squash already: squash again once every database has migrated "
                                          "past it (its rows are then the ones a new squash names)",
                                          m->tag));
        header += fmt::format("{} {} {} {}\n", kSquashDirective, m->tag, m->when, m->hash);
        result.replaced.push_back(m->tag);
    }

    Snapshot snapshot = Snapshot::read(upTo.snapshotFile);
    snapshot.prevId = std::string(kOriginSnapshotId);
    snapshot.prevIds = {snapshot.prevId};
    snapshot.renamedTables.clear();
    snapshot.renamedColumns.clear();
    Schema empty;
    empty.dialect = folder->dialect();
    const auto up = renderer.render(diff(empty, snapshot.schema));
    const auto down = renderer.render(diff(snapshot.schema, empty));
    result.sql = header + (up.empty() ? "-- the schema is empty" : joinStatements(up));
    result.downSql = down.empty() ? std::string("-- nothing to undo") : joinStatements(down);

    NewEntry entry;
    entry.tag = folder->replacementTag(last + 1, options.name);
    entry.when = upTo.when;
    entry.breakpoints = true;
    entry.sql = result.sql;
    entry.down = result.downSql;
    entry.snapshotJson = snapshot.toJson();
    result.tag = entry.tag;
    const Folder::Replacement r = folder->replaceFirst(last + 1, entry, !options.dryRun);
    result.written = r.written;
    result.removed = r.removed;
    return result;
}

}  // namespace ob::migrate
