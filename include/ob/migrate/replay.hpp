// ob::migrate — `ob-migrate test`: replay a whole migrations folder on a scratch database and
// prove that each migration's SQL produces its snapshot, that every down migration restores the
// previous snapshot and can be applied again, and that a second run changes nothing.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "ob/migrate/check.hpp"
#include "ob/migrate/driver.hpp"

namespace ob::migrate {

struct ReplayOptions {
    /// Told before each step: 1-based migration index, number of migrations, what is done.
    std::function<void(std::size_t index, std::size_t total, const std::string& step)> onProgress;
};

struct ReplayReport {
    std::vector<Finding> findings;  ///< Folder findings, then Replay findings naming the migration
    std::size_t migrations = 0;     ///< migrations applied
    std::size_t roundTrips = 0;     ///< down migrations run and re-applied
    bool clean() const noexcept { return findings.empty(); }
};

/// Replays `dir` on `scratch`, which must be empty and offer Introspection (throws Error otherwise): applies migration
/// after migration, comparing the schema with that migration's snapshot (a difference is a
/// Replay finding naming the migration and the snapshot); runs each reversible migration's
/// `<tag>.down.sql`, compares with the previous snapshot, and applies it again; finally applies the
/// folder a second time, which must apply nothing and change nothing. A failing statement is a
/// finding too, and ends the replay.
ReplayReport replay(Driver& scratch, const std::filesystem::path& dir, const ReplayOptions& options = {});

}  // namespace ob::migrate
