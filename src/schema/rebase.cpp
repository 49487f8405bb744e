// rebase: the newest migration, generated on a branch, regenerated on top of the one before it.
#include "ob/migrate/rebase.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "core/files.hpp"
#include "generate_step.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

/// The prefix mode and name that wrote a tag: its own prefix's form (an index prefix is the entry's
/// idx in four digits or more, 14 digits a timestamp, 10 unix seconds; 1.0 folder names: timestamp).
std::pair<PrefixMode, std::string> prefixAndName(const FolderEntry& e, FolderFormat format) {
    const std::string& tag = e.tag;
    const auto underscore = tag.find('_');
    if (underscore == std::string::npos) return {PrefixMode::None, tag};
    const std::string prefix = tag.substr(0, underscore), name = tag.substr(underscore + 1);
    if (format == FolderFormat::Drizzle1) return {PrefixMode::Timestamp, name};
    if (prefix == fmt::format("{:04d}", e.idx)) return {PrefixMode::Index, name};
    for (char c : prefix)
        if (!std::isdigit(static_cast<unsigned char>(c))) return {PrefixMode::None, tag};
    if (prefix.size() == 14) return {PrefixMode::Timestamp, name};
    if (prefix.size() == 10) return {PrefixMode::Unix, name};
    return {PrefixMode::None, tag};
}

/// Text compared for hand edits: line endings and trailing white space aside.
std::string normalized(std::string text) {
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    return text;
}

/// The name `table` had before `renames` (a column rename names the table's new name).
std::string tableBefore(const std::vector<RenameHints::TableRename>& renames, const std::string& table) {
    for (const auto& r : renames)
        if (r.to == table) return r.from;
    return table;
}

/// Renames the later migration made of something the other branch renamed or dropped too.
std::vector<std::string> renameConflicts(const Snapshot& theirs, const Schema& parent, const Schema& ours) {
    std::vector<std::string> out;
    for (const auto& r : theirs.renamedTables)
        if (parent.findTable(r.from) && !ours.findTable(r.from) && !ours.findTable(r.to))
            out.push_back(fmt::format("table {} (renamed to {} on this branch, renamed or dropped on the other)",
                                      r.from, r.to));
    for (const auto& r : theirs.renamedColumns) {
        const std::string before = tableBefore(theirs.renamedTables, r.table);
        const Table* p = parent.findTable(before);
        const Table* o = ours.findTable(before);
        if (p && o && p->findColumn(r.from) && !o->findColumn(r.from) && !o->findColumn(r.to))
            out.push_back(fmt::format("column {} of table {} (renamed to {} on this branch, renamed or dropped on "
                                      "the other)",
                                      r.from, before, r.to));
    }
    return out;
}

RenameHints renamesOf(const Snapshot& s) {
    RenameHints hints;
    hints.tables = s.renamedTables;
    hints.columns = s.renamedColumns;
    return hints;
}

/// The renames of `theirs` that are still to be done from `ours` to `target` (the other branch may
/// have done them too).
RenameHints pendingRenames(const Snapshot& theirs, const Schema& ours, const Schema& target) {
    RenameHints out;
    for (const auto& r : theirs.renamedTables)
        if (ours.findTable(r.from) && !ours.findTable(r.to) && target.findTable(r.to) && !target.findTable(r.from))
            out.tables.push_back(r);
    for (const auto& r : theirs.renamedColumns) {
        const Table* from = ours.findTable(tableBefore(out.tables, r.table));
        const Table* to = target.findTable(r.table);
        if (from && to && from->findColumn(r.from) && !from->findColumn(r.to) && to->findColumn(r.to) &&
            !to->findColumn(r.from))
            out.columns.push_back(r);
    }
    return out;
}

std::string text(const fs::path& file) {
    auto content = detail::readFile(file);
    if (!content) throw MigrationSetError(file.string(), "cannot read it");
    return *content;
}

}  // namespace

RebaseResult rebase(const fs::path& dir, const std::string& tag, const SqlRenderer& renderer,
                    const RebaseOptions& options) {
    auto folder = Folder::open(dir);
    const auto& entries = folder->entries();
    if (entries.empty() || entries.back().tag != tag) {
        for (const auto& e : entries)
            if (e.tag == tag)
                throw ConfigError(fmt::format("{} is not the newest migration of {} ({} is): rebase the newest one, "
                                              "or drop the ones after it first",
                                              tag, folder->indexName(), entries.back().tag));
        throw ConfigError(fmt::format("no migration {} in {}", tag, folder->indexName()));
    }
    if (entries.size() < 2)
        throw ConfigError(fmt::format("{} is the only migration of {}: there is nothing to rebase it on", tag,
                                      folder->indexName()));
    const FolderEntry b = entries.back(), a = entries[entries.size() - 2];
    if (a.snapshotFile == b.snapshotFile)
        throw ConfigError(fmt::format("{} and {} share the snapshot {} (both branches wrote the same index): give {} "
                                      "the next index (its .sql, .down.sql, snapshot and journal entry) first",
                                      a.tag, b.tag, b.snapshotFile.string(), b.tag));
    const Snapshot theirs = Snapshot::read(b.snapshotFile), ours = Snapshot::read(a.snapshotFile);
    if (theirs.prevId == ours.id)
        throw ConfigError(fmt::format("{} already follows {}: nothing to rebase", b.tag, a.tag));
    if (theirs.id == ours.id)
        throw ConfigError(fmt::format("{} and {} have the same snapshot id {}", a.tag, b.tag, ours.id));
    std::map<std::string, Snapshot> byId;
    for (const auto& e : entries)
        if (e.tag != b.tag && fs::exists(e.snapshotFile)) {
            Snapshot s = Snapshot::read(e.snapshotFile);
            byId.emplace(s.id, std::move(s));
        }
    Snapshot parent = Snapshot::empty(folder->dialect());
    if (theirs.prevId != kOriginSnapshotId) {
        auto it = byId.find(theirs.prevId);
        if (it == byId.end())
            throw ConfigError(fmt::format("{} follows snapshot {}, which no migration of {} has", b.tag,
                                          theirs.prevId, folder->indexName()));
        parent = it->second;
    }
    // The other migration must descend from the same parent, or its own branch's migrations before it
    // would read as dropped: rebase those first.
    std::size_t steps = 0;
    for (const Snapshot* s = &ours; s->id != theirs.prevId;) {
        auto it = byId.find(s->prevId);
        if (++steps > byId.size()) it = byId.end();  // a loop of prevIds: no way back to the parent
        if (it == byId.end() && !(s->prevId == kOriginSnapshotId && theirs.prevId == kOriginSnapshotId))
            throw ConfigError(fmt::format("{} does not descend from {}'s parent (snapshot {}): put the migrations "
                                          "before {} in line first",
                                          a.tag, b.tag, theirs.prevId, a.tag));
        if (it == byId.end()) break;
        s = &it->second;
    }

    RebaseResult result;
    result.tag = b.tag;
    result.onto = a.tag;
    const std::string oldSql = text(b.upFile);
    const std::optional<std::string> oldDown = fs::exists(b.downFile) ? std::optional(text(b.downFile)) : std::nullopt;
    result.custom = theirs.schema == parent.schema;
    std::vector<std::string> conflicts;
    detail::GenerateStep step;
    step.unmodeled = mergeSections(parent.unmodeled, ours.unmodeled, theirs.unmodeled, conflicts);
    std::vector<std::string> acceptedLoss;
    if (result.custom) {
        step.target = ours.schema;
        step.customSql = oldSql;
        step.customDown = oldDown;
    } else {
        // Only what generate wrote can be written again: an edit by hand would be lost.
        const Diff own = diff(parent.schema, theirs.schema, renamesOf(theirs));
        bool reversible = false;
        const std::string generated = detail::migrationText(own, renderer.render(own), b.breakpoints);
        const bool sameDown = !oldDown || normalized(*oldDown) == normalized(detail::downMigration(
                                                                      own, renderer, b.breakpoints, reversible));
        if (normalized(generated) != normalized(oldSql) || !sameDown)
            throw ConfigError(fmt::format("{} is not what its snapshot gives against its parent's (edited by hand, "
                                          "written with --online, or renames in a Drizzle 1.0 folder?): rebase would "
                                          "lose that; move it after {} by hand",
                                          normalized(generated) != normalized(oldSql) ? b.upFile.string()
                                                                                      : b.downFile.string(),
                                          a.tag));
        for (const auto& loss : own.dataLoss) acceptedLoss.push_back(loss.message);
        for (auto& c : renameConflicts(theirs, parent.schema, ours.schema)) conflicts.push_back(std::move(c));
        MergedSchema merged = mergeSchemas(parent.schema, ours.schema, theirs.schema);
        for (auto& c : merged.conflicts) conflicts.push_back(std::move(c));
        step.target = std::move(merged.schema);
    }
    if (!conflicts.empty())
        throw ConfigError(fmt::format("{} and {} both change, differently: {}; generate {} again from the project's "
                                      "schema (drop it, then generate)",
                                      a.tag, b.tag, fmt::join(conflicts, "; "), b.tag));
    step.hints = pendingRenames(theirs, ours.schema, step.target);
    const Diff next = diff(ours.schema, step.target, step.hints);
    for (const auto& loss : next.dataLoss)  // what the merge would lose that the migration itself did not
        if (std::find(acceptedLoss.begin(), acceptedLoss.end(), loss.message) == acceptedLoss.end())
            throw ConfigError(fmt::format("rebasing {} onto {} would lose data {} itself does not: {}", b.tag, a.tag,
                                          b.tag, loss.message));

    GenerateOptions generate;
    std::tie(generate.prefix, generate.name) = prefixAndName(b, folder->format());
    generate.custom = result.custom;
    generate.allowDataLoss = true;  // only the losses the migration had (checked above)
    generate.breakpoints = b.breakpoints;
    generate.down = oldDown.has_value();
    generate.clock = options.clock;
    generate.format = folder->format();
    result.removed = folder->existingFiles(b);
    if (options.dryRun) {
        result.sql = result.custom ? oldSql : detail::migrationText(next, renderer.render(next), b.breakpoints);
        if (!result.custom && next.empty()) result.sql.clear();
        return result;
    }
    NewEntry restore;
    restore.tag = b.tag;
    restore.when = b.when;
    restore.breakpoints = b.breakpoints;
    restore.sql = oldSql;
    restore.down = oldDown;
    restore.snapshotJson = text(b.snapshotFile);
    const std::string snapshotName = b.snapshotFile.filename().string();
    restore.snapshotPrefix = snapshotName.substr(0, snapshotName.find('_'));
    folder->dropLast();
    GenerateResult g;
    try {
        g = detail::generateStep(step, dir, renderer, generate);
    } catch (...) {
        try {
            Folder::open(dir)->append(restore);  // as it was: the old files back, nothing new
        } catch (...) {  // the first error is the one to report
        }
        throw;
    }
    if (!g.written) return result;  // every change of it is the other's already: it is gone
    result.newTag = g.tag;
    result.sql = g.sql;
    result.written = {g.sqlFile, g.snapshotFile};
    if (!g.downFile.empty()) result.written.push_back(g.downFile);
    result.when = Folder::open(dir)->entries().back().when;
    return result;
}

}  // namespace ob::migrate
