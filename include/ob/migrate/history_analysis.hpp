// ob::migrate — the one judgement of a migration set against a tracking table, shared by the
// Migrator, check() and the studio.
//
// The rule is Drizzle's migrator's: a tracking row stands for the migration with the same `when`
// (its created_at); the row's hash must be the file's SHA-256, or the hash Drizzle records for a
// file that is not valid UTF-8 (Migration::drizzleHash); and the newest applied migration is the
// row with the greatest created_at (Drizzle applies a migration only when its `when` is greater
// than that), so a pending migration with a smaller `when` is out of order, whatever its idx.
// A squash migration (Migration::squashes) whose own row is absent stands for the rows of the
// migrations it replaces: applied when all of them are there (their rows are its rows), partly
// squashed when only some are, and judged like any other migration when none is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ob/migrate/history.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate {

enum class MigrationState {
    Applied,  ///< recorded, same hash
    Pending,  ///< in the set, not recorded
    Changed,  ///< recorded with another hash than the file's
    Missing,  ///< recorded, absent from the set
};
const char* toString(MigrationState state) noexcept;

struct MigrationStatus {
    std::string tag;           ///< empty for Missing rows written by Drizzle (no name column)
    std::int64_t when = 0;
    std::string hash;          ///< the file's hash (Missing: the recorded one)
    std::string recordedHash;  ///< empty when not applied
    MigrationState state = MigrationState::Pending;
    std::optional<std::int64_t> appliedAt;
};

struct HistoryAnalysis {
    /// Every migration of the set in set order, then every row the set lacks by created_at.
    std::vector<MigrationStatus> statuses;
    std::vector<const Migration*> pending;     ///< in set order
    std::vector<const Migration*> outOfOrder;  ///< pending, with a `when` below the newest row's
    struct Changed {
        const Migration* migration = nullptr;
        std::string recordedHash;
        /// Set when the row is of a migration `migration` squashes (Migration::squashes) and its
        /// hash is not the one the squash records for it.
        const SquashedMigration* squashed = nullptr;
    };
    std::vector<Changed> changed;
    /// A squash migration of which the rows hold some, not all, of the migrations it replaces.
    struct PartlySquashed {
        const Migration* squash = nullptr;
        std::vector<std::string> applied, missing;  ///< tags of the migrations it replaces
    };
    std::vector<PartlySquashed> partlySquashed;
    std::vector<AppliedRecord> missing;     ///< rows the set lacks, by created_at
    std::vector<AppliedRecord> duplicated;  ///< second and later rows of one created_at
    /// The newest row (greatest created_at), when there is a row.
    std::optional<AppliedRecord> newest;

    /// A row for messages: the set's tag for it (else the one it records) and its created_at.
    std::string label(const AppliedRecord& row) const;
    /// The newest row's label without its created_at: the set's tag, the recorded one, or "(created_at N)".
    std::string newestTag() const;

private:
    friend HistoryAnalysis analyseHistory(const MigrationSet&, const std::vector<AppliedRecord>&, bool);
    const MigrationSet* set_ = nullptr;
};

/// Judges `set` against the tracking-table `rows` (any order). `withStatuses` false leaves
/// `statuses` empty (the Migrator's hot path). Pure: reads nothing else. The result refers to `set`.
HistoryAnalysis analyseHistory(const MigrationSet& set, const std::vector<AppliedRecord>& rows,
                               bool withStatuses = true);

/// True when `recordedHash` is what applying `migration` records (the file's hash, or Drizzle's
/// hash of a file that is not valid UTF-8).
bool sameHash(const Migration& migration, std::string_view recordedHash) noexcept;

}  // namespace ob::migrate
