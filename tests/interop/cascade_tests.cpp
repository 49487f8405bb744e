// The known Drizzle bug: drizzle-kit rebuilds a SQLite table (CREATE __new_x; INSERT ... SELECT;
// DROP x; RENAME) between `PRAGMA foreign_keys=OFF` and `=ON`, but the migrator runs those
// pragmas inside its transaction, where SQLite ignores them. With foreign keys on, DROP TABLE of
// a parent deletes every row of its ON DELETE CASCADE children. ob-migrate must not.
#include <SQLiteCpp/Database.h>

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

const std::vector<std::string> kTables{"users", "posts", "comments", "tags", "post_tags"};

std::map<std::string, long long> rowCounts(SQLite::Database& db) {
    std::map<std::string, long long> counts;
    for (const auto& t : kTables) counts[t] = db.execAndGet("SELECT count(*) FROM " + t).getInt64();
    return counts;
}

std::map<std::string, long long> rowCounts(const fs::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    return rowCounts(db);
}

/// A database at the step before the rebuild (applied by drizzle-orm), with rows in the parent
/// (users, tags) and in their cascading children (posts -> comments, post_tags).
void seed(const fs::path& file, const fs::path& folder, std::size_t before, bool nullName = false) {
    NodeTools::instance().migrateSqlite("libsql", file, folder, static_cast<int>(before));
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys=ON");
    db.exec(std::string("INSERT INTO users (id, email, name) VALUES (1, 'ada@example.org', 'Ada'), ") +
            "(2, 'bob@example.org', " + (nullName ? "NULL" : "'Bob'") + ")");
    db.exec("INSERT INTO posts (id, author_id, title) VALUES (10, 1, 'first'), (11, 2, 'second'), (12, 2, 'third')");
    db.exec("INSERT INTO comments (id, post_id, body) VALUES (100, 10, 'nice'), (101, 11, 'hm')");
    db.exec("INSERT INTO tags (id, name) VALUES (1, 'sql'), (2, 'cpp')");
    db.exec("INSERT INTO post_tags (post_id, tag_id) VALUES (10, 1), (11, 2), (12, 1)");
}

const std::map<std::string, long long> kSeeded{{"users", 2}, {"posts", 3}, {"comments", 2}, {"tags", 2}, {"post_tags", 3}};

}  // namespace

TEST_CASE("A drizzle-kit table rebuild keeps ON DELETE CASCADE children (SQLite, foreign_keys=ON)",
          "[interop][sqlite][cascade]") {
    if (!toolsReady()) return;
    const auto& folder = generatedFolder("sqlite");
    const auto total = journalSize(folder);
    const auto set = MigrationSet::fromDirectory(folder);
    const auto& rebuild = set.migrations().back();
    // The last step rebuilds the parent tables users and tags (see schema/sqlite/step3.ts).
    REQUIRE_THAT(rebuild.up.sql(), Contains("PRAGMA foreign_keys=OFF;") && Contains("CREATE TABLE `__new_users`") &&
                                  Contains("DROP TABLE `users`;") && Contains("DROP TABLE `tags`;"));

    test::TempDir tmp;
    const auto file = tmp / "app.db";
    seed(file, folder, total - 1);
    REQUIRE(rowCounts(file) == kSeeded);

    SECTION("ob-migrate, in the application's connection with foreign keys on") {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA foreign_keys=ON");
        sqlite::Dialect dialect(db);
        Migrator migrator(dialect, MigrationSet::fromDirectory(folder));
        auto report = migrator.upToDate();
        REQUIRE(report.applied.size() == 1);
        CHECK(report.applied[0].tag == rebuild.tag);

        CHECK(rowCounts(db) == kSeeded);
        CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);  // the application's setting is back
        CHECK_FALSE(SQLite::Statement(db, "PRAGMA foreign_key_check").executeStep());
        CHECK(db.execAndGet("SELECT \"notnull\" FROM pragma_table_info('users') WHERE name = 'name'").getInt() == 1);
        // ON DELETE CASCADE still works after the rebuild.
        db.exec("DELETE FROM users WHERE id = 2");
        CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 1);
        CHECK(db.execAndGet("SELECT count(*) FROM comments").getInt() == 1);
    }

    SECTION("the ob-migrate CLI") {
        auto r = obMigrate({"--db-type", "sqlite", "--url", file.string(), "--dir", folder.string(), "migrate"});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        CHECK(rowCounts(file) == kSeeded);
    }

    // What drizzle-orm 0.45.4 itself does, observed here on the same database:
    // - the sync migrator (better-sqlite3, bun:sqlite, sql.js) sends BEGIN, then drizzle-kit's
    //   `PRAGMA foreign_keys=OFF` (ignored inside a transaction), then DROP TABLE `users`, which
    //   deletes every post (ON DELETE CASCADE) and so every comment and post_tags row;
    // - the libsql migrator keeps the rows only because @libsql/client's migrate() itself runs
    //   `PRAGMA foreign_keys=off` before its BEGIN.
    SECTION("observed: drizzle-orm's sync migrator (sql.js) deletes the children") {
        NodeTools::instance().migrateSqlite("sql-js", file, folder, std::nullopt, true);
        auto counts = rowCounts(file);
        CHECK(counts["users"] == 2);
        CHECK(counts["tags"] == 2);
        CHECK(counts["posts"] == 0);
        CHECK(counts["comments"] == 0);
        CHECK(counts["post_tags"] == 0);
    }

    SECTION("observed: drizzle-orm's libsql migrator keeps them") {
        NodeTools::instance().migrateSqlite("libsql", file, folder, std::nullopt, true);
        CHECK(rowCounts(file) == kSeeded);
    }
}

TEST_CASE("A drizzle-kit rebuild that fails loses nothing (SQLite, foreign_keys=ON)", "[interop][sqlite][cascade]") {
    if (!toolsReady()) return;
    const auto& folder = generatedFolder("sqlite");
    const auto total = journalSize(folder);
    const auto set = MigrationSet::fromDirectory(folder);

    test::TempDir tmp;
    const auto file = tmp / "app.db";
    seed(file, folder, total - 1, /*nullName=*/true);  // users.name becomes NOT NULL: Bob's NULL fails

    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA foreign_keys=ON");
    const auto schemaBefore = db.execAndGet("SELECT group_concat(sql, ';') FROM sqlite_master").getString();
    sqlite::Dialect dialect(db);
    Migrator migrator(dialect, MigrationSet::fromDirectory(folder));
    try {
        migrator.upToDate();
        FAIL("the rebuild should have failed on users.name NOT NULL");
    } catch (const MigrationFailed& e) {
        CHECK(e.tag() == set.migrations().back().tag);
        CHECK_THAT(e.what(), Contains(set.migrations().back().tag));
        CHECK_THAT(e.databaseMessage(), Contains("NOT NULL"));
    }
    CHECK(rowCounts(db) == kSeeded);
    CHECK(db.execAndGet("SELECT group_concat(sql, ';') FROM sqlite_master").getString() == schemaBefore);
    CHECK(db.execAndGet("SELECT count(*) FROM __drizzle_migrations").getInt() == static_cast<int>(total - 1));
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
}
