// squash: many migrations of a folder become one that creates the last one's schema.
#include "ob/migrate/squash.hpp"

#include <fmt/format.h>

#include <system_error>

#include "core/files.hpp"
#include "ob/migrate/check.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

SquashResult squash(const fs::path& folder, const std::string& tag, const SqlRenderer& renderer,
                    const SquashOptions& options) {
    const MigrationSet set = MigrationSet::fromDirectory(folder);
    const fs::path journalFile = folder / "meta" / "_journal.json";
    auto text = detail::readFile(journalFile);
    if (!text) throw MigrationSetError(journalFile.string(), "cannot read the journal");
    Journal journal = Journal::parse(*text, journalFile.string());
    if (journal.dialect != renderer.dialect())
        throw ConfigError(fmt::format("{} holds {} migrations, not {}", folder.string(), journal.dialect,
                                      renderer.dialect()));
    std::size_t last = journal.entries.size();
    for (std::size_t i = 0; i < journal.entries.size(); ++i)
        if (journal.entries[i].tag == tag) last = i;
    if (last == journal.entries.size()) throw ConfigError(fmt::format("no migration {} in {}", tag, folder.string()));
    if (last == 0) throw ConfigError(fmt::format("{} is the first migration: there is nothing to squash into it", tag));

    SquashResult result;
    const JournalEntry& first = journal.entries.front();
    const JournalEntry& upTo = journal.entries[last];
    std::string header;
    for (std::size_t i = 0; i <= last; ++i) {
        const Migration* m = set.findByWhen(journal.entries[i].when);
        if (!m) throw MigrationSetError(folder.string(), fmt::format("{} has no migration file", journal.entries[i].tag));
        if (!m->squashes.empty())
            throw ConfigError(fmt::format("{} is a squash already: squash again once every database has migrated "
                                          "past it (its rows are then the ones a new squash names)",
                                          m->tag));
        header += fmt::format("{} {} {} {}\n", kSquashDirective, m->tag, m->when, m->hash);
        result.replaced.push_back(m->tag);
    }

    Snapshot snapshot = Snapshot::read(snapshotPath(folder, upTo));
    snapshot.prevId = std::string(kOriginSnapshotId);
    snapshot.renamedTables.clear();
    snapshot.renamedColumns.clear();
    Schema empty;
    empty.dialect = journal.dialect;
    const auto up = renderer.render(diff(empty, snapshot.schema));
    const auto down = renderer.render(diff(snapshot.schema, empty));
    result.sql = header + (up.empty() ? "-- the schema is empty" : joinStatements(up));
    result.downSql = down.empty() ? std::string("-- nothing to undo") : joinStatements(down);

    const auto underscore = first.tag.find('_');
    const std::string prefix = underscore == std::string::npos ? std::string() : first.tag.substr(0, underscore);
    JournalEntry entry;
    entry.idx = first.idx;
    entry.version = Journal::entryVersionFor(journal.dialect);
    entry.when = upTo.when;
    entry.tag = prefix.empty() ? options.name : prefix + "_" + options.name;
    entry.breakpoints = true;
    result.tag = entry.tag;
    for (std::size_t i = 0; i <= last; ++i)
        if (journal.entries[i].tag == entry.tag)
            throw ConfigError(fmt::format("{} is the name of a migration it replaces: pass another name", entry.tag));

    const fs::path sqlFile = folder / (entry.tag + ".sql"), downFile = folder / (entry.tag + ".down.sql");
    const fs::path snapshotFile = folder / "meta" / fmt::format("{}_snapshot.json", prefix.empty() ? fmt::format("{:04d}", entry.idx) : prefix);
    result.written = {sqlFile, downFile, snapshotFile, journalFile};
    std::error_code ec;
    for (std::size_t i = 0; i <= last; ++i) {
        const JournalEntry& e = journal.entries[i];
        for (const fs::path& f : {folder / (e.tag + ".sql"), folder / (e.tag + ".down.sql"), snapshotPath(folder, e)})
            if (f != snapshotFile && fs::exists(f, ec)) result.removed.push_back(f);
    }
    journal.entries.erase(journal.entries.begin(), journal.entries.begin() + static_cast<std::ptrdiff_t>(last) + 1);
    journal.entries.insert(journal.entries.begin(), entry);
    if (options.dryRun) return result;

    // New files first, the journal next (it names them), then the snapshot, then the old files.
    detail::writeFileAtomically(sqlFile, result.sql);
    detail::writeFileAtomically(downFile, result.downSql);
    detail::writeFileAtomically(journalFile, journal.toJson());
    detail::writeFileAtomically(snapshotFile, snapshot.toJson());
    for (const auto& f : result.removed)
        if (!fs::remove(f, ec) && ec)
            throw Error(fmt::format("squashed into {} but cannot remove {}: {}", entry.tag, f.string(), ec.message()));
    return result;
}

}  // namespace ob::migrate
