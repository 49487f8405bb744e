// The check scenarios, written once and run on every target (SQLite and PostgreSQL).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "target.hpp"

namespace ob::migrate::check_test {

/// SQL a person ran by hand, and the lines `ob-migrate check` must print for it.
struct HandChange {
    std::string sql;
    std::vector<std::string> lines;
};

/// Generated folder, migrated: check exits 0, the introspected schema equals the last snapshot.
void cleanDatabasePasses(Target& target);
/// A folder drizzle-kit wrote (tests/schema/fixtures): migrated, it introspects equal to its last
/// snapshot and checks clean; ob-migrate test passes on it.
void drizzleFolderMatches(Target& target, const std::filesystem::path& folder);
/// Generated folder, migrated, then `change` by hand: check names every difference, exits 3.
void handChangesAreNamed(Target& target, const HandChange& change);
/// A database made by `handSql` (the schema of the first two migrations) is baselined without
/// --force and migrated forward; one made by `wrongSql` is refused with `wrongLine`, and recorded
/// only with --force.
void baselineHandMadeDatabase(Target& target, const std::string& handSql, const std::string& wrongSql,
                              const std::string& wrongLine);
/// migrate, migrate --to the first migration, migrate again: the same introspected schema.
void migrateToRoundTrip(Target& target);
/// ob-migrate test passes on a generated folder with down migrations.
void replayPasses(Target& target);
/// ob-migrate test fails, naming the migration, when its SQL or its down SQL disagrees with the snapshots.
void replayNamesBadMigrations(Target& target);

}  // namespace ob::migrate::check_test
