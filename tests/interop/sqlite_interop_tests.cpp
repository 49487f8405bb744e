// Interop on real SQLite files: folders written by the real `drizzle-kit generate`, applied
// partly by drizzle-orm's own migrators and partly by ob-migrate, in both orders.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <map>

#include "interop.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

using namespace ob::migrate;
using namespace ob::migrate::interop;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

// drizzle-orm's two SQLite migrator code paths: the async one (@libsql/client, whose
// client.migrate() turns foreign keys off around the transaction) and the sync one used for
// better-sqlite3, bun:sqlite and sql.js (BEGIN; every statement; COMMIT), run here on sql.js.
const std::vector<std::string> kDrivers{"libsql", "sql-js"};

std::vector<std::string> connection(const fs::path& db) { return {"--db-type", "sqlite", "--url", db.string()}; }

test::ProcessResult obMigrateSqlite(const fs::path& db, const fs::path& folder) {
    auto args = connection(db);
    args.insert(args.end(), {"--dir", folder.string(), "migrate"});
    return obMigrate(args);
}

/// Every table, index, view and trigger except SQLite's own and the tracking table:
/// "type name on tbl_name: normalised SQL", sorted.
std::vector<std::string> schemaOf(const fs::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db,
                        "SELECT type, name, tbl_name, sql FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY type, name");
    std::vector<std::string> out;
    while (q.executeStep())
        out.push_back(q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " on " +
                      q.getColumn(2).getString() + ": " + normaliseSql(q.getColumn(3).getString()));
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> trackingRowsOf(const fs::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT hash, created_at FROM __drizzle_migrations");
    std::vector<std::pair<std::string, std::int64_t>> rows;
    while (q.executeStep()) rows.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
    std::sort(rows.begin(), rows.end());
    return rows;
}

/// The schema drizzle-orm alone leaves after applying the whole folder, once per driver.
const std::vector<std::string>& referenceSchema(const std::string& driver) {
    static std::map<std::string, std::vector<std::string>> cache;
    auto it = cache.find(driver);
    if (it != cache.end()) return it->second;
    test::TempDir tmp;
    NodeTools::instance().migrateSqlite(driver, tmp / "reference.db", generatedFolder("sqlite"));
    return cache.emplace(driver, schemaOf(tmp / "reference.db")).first->second;
}

std::size_t appliedLines(const std::string& out) {
    std::size_t n = 0;
    for (std::size_t pos = out.find("applied "); pos != std::string::npos; pos = out.find("applied ", pos + 1))
        if (pos == 0 || out[pos - 1] == '\n') ++n;
    return n;
}

}  // namespace

TEST_CASE("drizzle-orm applies the first migrations, ob-migrate the rest (SQLite)", "[interop][sqlite]") {
    if (!toolsReady()) return;
    const auto& folder = generatedFolder("sqlite");
    const auto total = journalSize(folder);
    REQUIRE(total >= 3);

    for (const auto& driver : kDrivers) {
        for (std::size_t n = 1; n <= total; ++n) {
            DYNAMIC_SECTION(driver << " applies " << n << " of " << total) {
                test::TempDir tmp;
                const auto db = tmp / "app.db";
                NodeTools::instance().migrateSqlite(driver, db, folder, static_cast<int>(n));
                REQUIRE(trackingRowsOf(db).size() == n);

                auto first = obMigrateSqlite(db, folder);
                INFO("ob-migrate migrate: " << first.out << first.err);
                REQUIRE(first.exitCode == 0);
                CHECK(appliedLines(first.out) == total - n);
                requireAllApplied(connection(db), folder);

                auto second = obMigrateSqlite(db, folder);
                REQUIRE(second.exitCode == 0);
                CHECK_THAT(second.out, Contains("nothing to apply"));
                CHECK(appliedLines(second.out) == 0);

                // One row per migration, Drizzle's hash and `when` whoever applied it.
                CHECK(trackingRowsOf(db) == expectedTrackingRows(folder));
                CHECK(schemaOf(db) == referenceSchema(driver));
            }
        }
    }
}

TEST_CASE("ob-migrate applies the first migrations, drizzle-orm the rest (SQLite)", "[interop][sqlite]") {
    if (!toolsReady()) return;
    const auto& folder = generatedFolder("sqlite");
    const auto total = journalSize(folder);
    REQUIRE(total >= 3);

    for (const auto& driver : kDrivers) {
        for (std::size_t n = 1; n <= total; ++n) {
            DYNAMIC_SECTION("ob-migrate applies " << n << " of " << total << ", then " << driver) {
                test::TempDir tmp;
                const auto db = tmp / "app.db";
                copyFirstEntries(folder, tmp / "first", n);
                auto first = obMigrateSqlite(db, tmp / "first");
                INFO("ob-migrate migrate: " << first.out << first.err);
                REQUIRE(first.exitCode == 0);
                REQUIRE(appliedLines(first.out) == n);

                NodeTools::instance().migrateSqlite(driver, db, folder);
                // drizzle-orm applied only the rest: exactly one row per migration, no duplicates.
                CHECK(trackingRowsOf(db) == expectedTrackingRows(folder));
                CHECK(schemaOf(db) == referenceSchema(driver));

                requireAllApplied(connection(db), folder);
                auto again = obMigrateSqlite(db, folder);
                REQUIRE(again.exitCode == 0);
                CHECK(appliedLines(again.out) == 0);
            }
        }
    }
}

TEST_CASE("Both drizzle-orm SQLite migrators build the same schema", "[interop][sqlite]") {
    if (!toolsReady()) return;
    CHECK(referenceSchema("libsql") == referenceSchema("sql-js"));
    CHECK(referenceSchema("libsql").size() >= 8);  // 5 tables and their indexes
}
