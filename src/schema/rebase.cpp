// rebase: the newest migration, generated on a branch, regenerated on top of the one before it.
#include "ob/migrate/rebase.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/files.hpp"
#include "generate_step.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

/// The prefix mode and name that wrote a 0.x tag (1.0 folder names: the name after the timestamp).
std::pair<PrefixMode, std::string> prefixAndName(const std::string& tag, FolderFormat format) {
    const auto underscore = tag.find('_');
    if (underscore == std::string::npos) return {PrefixMode::None, tag};
    const std::string prefix = tag.substr(0, underscore), name = tag.substr(underscore + 1);
    for (char c : prefix)
        if (!std::isdigit(static_cast<unsigned char>(c))) return {PrefixMode::None, tag};
    if (format == FolderFormat::Drizzle1 || prefix.size() == 14) return {PrefixMode::Timestamp, name};
    if (prefix.size() == 4) return {PrefixMode::Index, name};
    return {PrefixMode::Unix, name};
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
        std::string before = r.table;
        for (const auto& t : out.tables)
            if (t.to == r.table) before = t.from;
        const Table* from = ours.findTable(before);
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
    if (entries.size() < 2 || entries.back().tag != tag) {
        for (const auto& e : entries)
            if (e.tag == tag)
                throw ConfigError(fmt::format("{} is not the newest migration of {} ({} is): rebase the newest one, "
                                              "or drop the ones after it first",
                                              tag, folder->indexName(), entries.back().tag));
        throw ConfigError(fmt::format("no migration {} in {}", tag, folder->indexName()));
    }
    const FolderEntry b = entries.back(), a = entries[entries.size() - 2];
    const Snapshot theirs = Snapshot::read(b.snapshotFile), ours = Snapshot::read(a.snapshotFile);
    if (theirs.prevId == ours.id)
        throw ConfigError(fmt::format("{} already follows {}: nothing to rebase", b.tag, a.tag));
    Snapshot parent = Snapshot::empty(folder->dialect());
    if (theirs.prevId != kOriginSnapshotId) {
        bool found = false;
        for (const auto& e : entries)
            if (e.tag != b.tag && fs::exists(e.snapshotFile)) {
                Snapshot s = Snapshot::read(e.snapshotFile);
                if (s.id == theirs.prevId) {
                    parent = std::move(s);
                    found = true;
                }
            }
        if (!found)
            throw ConfigError(fmt::format("{} follows snapshot {}, which no migration of {} has", b.tag,
                                          theirs.prevId, folder->indexName()));
    }

    RebaseResult result;
    result.tag = b.tag;
    result.onto = a.tag;
    const std::string oldSql = text(b.upFile);
    const std::optional<std::string> oldDown = fs::exists(b.downFile) ? std::optional(text(b.downFile)) : std::nullopt;
    result.custom = theirs.schema == parent.schema;
    MergedSchema merged;
    if (!result.custom) {
        // Only what generate wrote can be written again: SQL edited by hand would be lost.
        const auto statements = renderer.render(diff(parent.schema, theirs.schema, renamesOf(theirs)));
        if (statements.empty() || joinStatements(statements, b.breakpoints) != oldSql)
            throw ConfigError(fmt::format("{} is not what its snapshot gives against its parent's (edited by hand?): "
                                          "rebase would lose the edit; move it after {} by hand",
                                          b.upFile.string(), a.tag));
        merged = mergeSchemas(parent.schema, ours.schema, theirs.schema);
        if (!merged.conflicts.empty())
            throw ConfigError(fmt::format("{} and {} both change, differently: {}; generate {} again from the "
                                          "project's schema (drop it, then generate)",
                                          a.tag, b.tag, fmt::join(merged.conflicts, "; "), b.tag));
    }

    detail::GenerateStep step;
    step.target = result.custom ? ours.schema : merged.schema;
    step.hints = pendingRenames(theirs, ours.schema, step.target);
    GenerateOptions generate;
    std::tie(generate.prefix, generate.name) = prefixAndName(b.tag, folder->format());
    generate.custom = result.custom;
    generate.allowDataLoss = true;  // only the other branch's drops, accepted when it was generated
    generate.breakpoints = b.breakpoints;
    generate.down = oldDown.has_value();
    generate.dryRun = options.dryRun;
    generate.clock = options.clock;
    generate.format = folder->format();

    result.removed = folder->existingFiles(b);
    if (options.dryRun) {
        const auto statements = renderer.render(diff(ours.schema, step.target, step.hints));
        result.sql = result.custom ? oldSql : joinStatements(statements, b.breakpoints);
        result.newTag = result.custom || !statements.empty() ? b.tag : std::string();
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
        if (result.custom && g.written) {
            detail::writeFileAtomically(g.sqlFile, oldSql);
            if (oldDown) detail::writeFileAtomically(g.downFile, *oldDown);
            g.sql = oldSql;
        }
    } catch (...) {
        Folder::open(dir)->append(restore);  // as it was: the old files back, nothing new
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
