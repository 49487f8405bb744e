// ob::migrate — `squash`: the migrations of a folder up to one tag replaced by a single migration
// that creates that tag's schema. Its first lines (kSquashDirective) name each migration it
// replaces with the created_at and hash the tracking table holds for it, so the Migrator counts it
// applied on a database that applied all of them (history kept), runs it on a fresh one, and
// refuses a database that applied only some (PartlySquashed).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate {

struct SquashOptions {
    std::string name = "squashed";  ///< the new migration's name, after the first one's prefix (0.x folders)
    bool dryRun = false;            ///< compute everything, write nothing
};

struct SquashResult {
    std::string tag;                               ///< e.g. "0000_squashed"
    std::vector<std::string> replaced;             ///< the tags it replaces, oldest first
    std::vector<std::filesystem::path> written;    ///< the new SQL, down SQL, snapshot (0.x: and journal)
    std::vector<std::filesystem::path> removed;    ///< the replaced migrations' files
    std::string sql, downSql;
};

/// Squashes the migrations of `folder` up to and including the one tagged `tag` (the whole tag) in
/// `renderer`'s dialect, in either folder layout (Folder::replaceFirst). The new migration keeps
/// the first one's idx and (0.x) prefix, takes `tag`'s `when` (so Drizzle 0.x's migrator, which
/// compares created_at, skips it on a database that applied `tag`) and `tag`'s snapshot (id kept,
/// so the migrations after it still chain). In a Drizzle 1.0 folder it takes `tag`'s folder name
/// instead of `options.name` (drizzle-orm 1.0 matches migrations by name). Throws
/// ConfigError for an unknown tag, the first migration, or a folder that holds a squash already;
/// MigrationSetError for a folder that does not read.
SquashResult squash(const std::filesystem::path& folder, const std::string& tag, const SqlRenderer& renderer,
                    const SquashOptions& options = {});

}  // namespace ob::migrate
