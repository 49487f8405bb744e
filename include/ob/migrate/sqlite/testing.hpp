// ob::migrate — fresh, migrated in-memory SQLite databases for tests, cheaply.
//
//   TEST_CASE("...") {
//       SQLite::Database db = ob::migrate::testing::freshDatabase(app::db::migrations());
//       ...
//   }
//
// The first call for a set migrates an in-memory database once and keeps its image
// (sqlite3_serialize); every call then opens a new in-memory database from a copy of that image
// (sqlite3_deserialize), which costs far less than migrating. Each database is independent.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::testing {

/// A new in-memory database holding the schema and tracking table of `migrations` as
/// Migrator::upToDate() leaves them. Thread-safe: a set is migrated once per process (sets are
/// told apart by contentKey()); concurrent first calls wait for that one migration. A migration
/// failure throws the Migrator's error and is retried by the next call. The set is migrated, and
/// every database is returned, with PRAGMA foreign_keys=ON (cascades happen, orphans fail, as with
/// Drizzle's SQLite drivers); other connection settings (busy timeout) are SQLite's defaults.
SQLite::Database freshDatabase(const MigrationSet& migrations, const sqlite::Options& options = {});

/// The key freshDatabase() caches a set's image under: SHA-256 over the dialect, the tracking
/// table and every migration's idx, tag, when, breakpoints flag and hash.
std::string contentKey(const MigrationSet& migrations, const sqlite::Options& options = {});

}  // namespace ob::migrate::testing
