// ob::migrate — `rebase`: a migration generated on one branch, regenerated on top of the migration
// another branch generated from the same parent. What the later migration changed (its snapshot
// against the parent's) is laid on the other's snapshot (a three-way merge of the schemas), and
// the migration is written again from that: new `when`, snapshot chained to the other's.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "ob/migrate/schema.hpp"

namespace ob::migrate {

struct MergedSchema {
    Schema schema;
    /// What both branches changed differently ("column email of table users", "enum public.role"):
    /// no merge is right for those; `schema` is then incomplete.
    std::vector<std::string> conflicts;
};

/// `ours` with what `theirs` changed since `parent`: every schema, enum, sequence, view and table one
/// side left as `parent` had it takes the other side's version (changed, added or dropped); a table
/// both changed is merged column by column, index by index, constraint by constraint.
MergedSchema mergeSchemas(const Schema& parent, const Schema& ours, const Schema& theirs);

/// The same rule for a snapshot's sections ob::migrate keeps as raw JSON (Snapshot::unmodeled:
/// policies, roles, RLS flags), by key; what both changed differently is added to `conflicts`.
std::vector<std::pair<std::string, std::string>> mergeSections(
    const std::vector<std::pair<std::string, std::string>>& parent,
    const std::vector<std::pair<std::string, std::string>>& ours,
    const std::vector<std::pair<std::string, std::string>>& theirs, std::vector<std::string>& conflicts);

}  // namespace ob::migrate

#include <cstdint>
#include <filesystem>
#include <functional>

#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate {

struct RebaseOptions {
    bool dryRun = false;                    ///< compute everything, write nothing
    std::function<std::int64_t()> clock;    ///< epoch ms for the new `when` (default: the system clock)
};

struct RebaseResult {
    std::string tag;     ///< the migration rebased, as it was
    std::string onto;    ///< the migration it now follows
    std::string newTag;  ///< its tag now (the same name; a timestamp prefix changes); empty: not written (dry run, or nothing left)
    std::int64_t when = 0;                       ///< its new `when`
    std::vector<std::filesystem::path> removed;  ///< the old files
    std::vector<std::filesystem::path> written;  ///< the new ones
    std::string sql;                             ///< the new migration's text
    bool custom = false;  ///< a custom migration (no schema change): its SQL kept, its snapshot re-chained
};

/// `ob-migrate rebase TAG`: TAG, the newest migration of the folder at `dir`, was generated from the
/// same parent snapshot as the one before it (two branches, merged). Regenerates TAG on top of the
/// one before it: what TAG changed since the parent, merged onto the other's snapshot
/// (mergeSchemas), rendered by `renderer` and written as the newest migration with a new `when`
/// and its snapshot chained to the other's. A custom migration keeps its SQL. Throws ConfigError
/// (nothing written) when TAG is not the newest, already follows the one before it, was edited by
/// hand (its SQL is not what its snapshots give), or both branches change the same thing
/// differently (naming each). The old files are put back if writing the new ones fails.
RebaseResult rebase(const std::filesystem::path& dir, const std::string& tag, const SqlRenderer& renderer,
                    const RebaseOptions& options = {});

}  // namespace ob::migrate
