// ob::migrate — `rebase`: a migration generated on one branch, regenerated on top of the migration
// another branch generated from the same parent. What the later migration changed (its snapshot
// against the parent's) is laid on the other's snapshot (a three-way merge of the schemas), and
// the migration is written again from that: new `when`, snapshot chained to the other's.
#pragma once

#include <string>
#include <vector>

#include "ob/migrate/schema.hpp"

namespace ob::migrate {

struct MergedSchema {
    Schema schema;
    /// What both branches changed differently ("column email of table users", "enum public.role"):
    /// no merge is right for those; `schema` is then incomplete.
    std::vector<std::string> conflicts;
};

/// `ours` with what `theirs` changed since `parent`: every schema, enum, sequence and table one
/// side left as `parent` had it takes the other side's version (changed, added or dropped); a table
/// both changed is merged column by column, index by index, constraint by constraint.
MergedSchema mergeSchemas(const Schema& parent, const Schema& ours, const Schema& theirs);

}  // namespace ob::migrate
