// Internal: the dialects a Drizzle folder may name, and how each layout spells them. The one list:
// the journal, the 1.0 snapshots' "dialect" and MigrationSet's check all read it.
#pragma once

#include <string>
#include <string_view>

namespace ob::migrate::detail {

struct FolderDialect {
    std::string_view name;            ///< in a 0.x journal and in ob::migrate
    std::string_view journalVersion;  ///< the entry `version` Drizzle Kit 0.x writes for it
    std::string_view snapshotName;    ///< what a Drizzle 1.0 snapshot's "dialect" says
};

/// The dialect called `name`, nullptr for one no folder may name.
const FolderDialect* folderDialect(std::string_view name) noexcept;
/// The dialect a Drizzle 1.0 snapshot's "dialect" value means, nullptr for an unknown one.
const FolderDialect* snapshotDialect(std::string_view snapshotName) noexcept;
/// "a, b or c": every name, for messages.
std::string folderDialectNames();

}  // namespace ob::migrate::detail
