// The migrations the reliability tests apply, and what each one must leave behind: tables and
// columns that exist exactly when the migration is recorded, so a half-applied one shows.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

namespace ob::migrate::test {

struct ExpectedMigration {
    std::string tag;
    std::int64_t when = 0;
    std::string hash;                                         ///< SHA-256 of the file
    std::vector<std::string> tables;                          ///< exist iff recorded
    std::vector<std::pair<std::string, std::string>> columns;  ///< (table, column) exist iff recorded
};

/// `count` migrations for `dialect` ("sqlite" or "postgresql"), each creating two tables joined by
/// a foreign key, an index and `rows` rows in each; from the second on, one adds a column to an
/// earlier table; every seventh rebuilds an earlier table the way drizzle-kit does (SQLite: between
/// `PRAGMA foreign_keys=OFF/ON`).
struct Workload {
    std::string dialect;
    std::vector<FolderEntry> entries;
    std::vector<ExpectedMigration> expected;

    static Workload make(const std::string& dialect, int count, int rows);
    void write(const std::filesystem::path& dir) const;
};

/// A row of the tracking table.
struct TrackingRow {
    std::string hash;
    std::int64_t when = 0;
    std::string name;
};

/// Reads a database the way the checks need it. One connection per call: nothing stays open
/// while ob-migrate runs.
class Inspector {
public:
    virtual ~Inspector() = default;
    /// Every table, except the tracking table and the database's own.
    virtual std::set<std::string> tables() = 0;
    /// Every column of those tables, by table.
    virtual std::map<std::string, std::set<std::string>> columns() = 0;
    /// Tracking rows ordered by created_at (empty when there is no tracking table).
    virtual std::vector<TrackingRow> tracking() = 0;
    /// Everything that defines the schema and the data volume, as comparable text.
    virtual std::string fingerprint() = 0;
    /// Problems the database itself finds (SQLite: PRAGMA integrity_check); empty when sound.
    virtual std::string integrityProblems() = 0;
};

std::unique_ptr<Inspector> sqliteInspector(const std::string& path);
#ifdef OB_MIGRATE_HAVE_POSTGRES
std::unique_ptr<Inspector> postgresInspector(const std::string& url);
#endif

/// Checks the invariants after an interrupted (or finished) run. Returns the number of recorded
/// migrations; throws std::runtime_error describing the first violation:
///  - the tracking table records a prefix of the journal, each once, with the file's hash and tag;
///  - every table and column of a recorded migration exists; none of an unrecorded one does;
///  - no other table exists; the database reports no integrity problem.
std::size_t checkInvariants(Inspector& db, const Workload& workload);

}  // namespace ob::migrate::test
