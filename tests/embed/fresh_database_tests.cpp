// ob::migrate::testing::freshDatabase: migrated once per set, cloned for every further call.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/testing.hpp"
#include "test_embed/basic.hpp"

namespace om = ob::migrate;
using ob::migrate::testing::contentKey;
using ob::migrate::testing::freshDatabase;

namespace {

om::MigrationSet setOf(std::vector<std::string> sqls) {
    std::vector<om::Migration> migrations;
    for (std::size_t i = 0; i < sqls.size(); ++i)
        migrations.push_back(om::Migration::fromSql(i, "000" + std::to_string(i) + "_m",
                                                    1700000000000 + static_cast<std::int64_t>(i), sqls[i]));
    return om::MigrationSet::fromMigrations("sqlite", std::move(migrations));
}

/// A set whose migration stores 16 random bytes: each real migration gives another value.
om::MigrationSet randomSet(const std::string& salt) {
    return setOf({"CREATE TABLE seed (salt TEXT, value BLOB);--> statement-breakpoint\n"
                  "INSERT INTO seed VALUES ('" + salt + "', randomblob(16));"});
}

std::string seedOf(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT hex(value) FROM seed");
    REQUIRE(q.executeStep());
    return q.getColumn(0).getString();
}

std::set<std::string> objects(SQLite::Database& db) {
    std::set<std::string> names;
    SQLite::Statement q(db, "SELECT type || ':' || name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'");
    while (q.executeStep()) names.insert(q.getColumn(0).getString());
    return names;
}

int count(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement q(db, sql);
    REQUIRE(q.executeStep());
    return q.getColumn(0).getInt();
}

}  // namespace

TEST_CASE("a fresh database has the schema and the tracking table of its set") {
    const om::MigrationSet set = test_embed::basic::migrations();
    SQLite::Database db = freshDatabase(set);
    CHECK(objects(db) == std::set<std::string>{"table:users", "index:users_email_unique", "table:notes",
                                               "index:notes_body_idx", "table:__drizzle_migrations"});
    SQLite::Statement q(db, "SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at");
    for (const om::Migration& m : set.migrations()) {
        REQUIRE(q.executeStep());
        CHECK(q.getColumn(0).getString() == m.hash);
        CHECK(q.getColumn(1).getInt64() == m.when);
    }
    CHECK_FALSE(q.executeStep());
    CHECK(count(db, "SELECT count(*) FROM notes") == 1);  // data written by a migration comes along
}

TEST_CASE("the Migrator finds a fresh database up to date") {
    SQLite::Database db = freshDatabase(test_embed::basic::migrations());
    om::sqlite::Dialect dialect(db);
    om::Migrator migrator(dialect, test_embed::basic::migrations());
    CHECK(migrator.upToDate().applied.empty());
    for (const auto& status : migrator.status()) CHECK(status.state == om::MigrationState::Applied);
}

TEST_CASE("fresh databases are independent of one another") {
    const om::MigrationSet set = test_embed::basic::migrations();
    SQLite::Database first = freshDatabase(set);
    SQLite::Database second = freshDatabase(set);
    first.exec("INSERT INTO users (id, email) VALUES (1, 'a@example.com')");
    first.exec("DROP TABLE notes");
    CHECK(count(first, "SELECT count(*) FROM users") == 1);
    CHECK(count(second, "SELECT count(*) FROM users") == 0);
    CHECK(count(second, "SELECT count(*) FROM notes") == 1);
    SQLite::Database third = freshDatabase(set);
    CHECK(count(third, "SELECT count(*) FROM users") == 0);
    CHECK(objects(third).count("table:notes") == 1);
    third.exec("INSERT INTO notes (id, body) VALUES (2, 'a database from an image grows')");
    CHECK(count(third, "SELECT count(*) FROM notes") == 2);
}

TEST_CASE("a set is migrated once per process, another set separately") {
    const om::MigrationSet set = randomSet("once");
    SQLite::Database a = freshDatabase(set);
    SQLite::Database b = freshDatabase(randomSet("once"));  // same content, another object
    CHECK(seedOf(a) == seedOf(b));
    SQLite::Database other = freshDatabase(randomSet("other"));
    CHECK(seedOf(other) != seedOf(a));
    CHECK(contentKey(set) == contentKey(randomSet("once")));
    CHECK(contentKey(set) != contentKey(randomSet("other")));
}

TEST_CASE("the folder and its embedded copy share one image") {
    const om::MigrationSet folder = om::MigrationSet::fromDirectory(OB_MIGRATE_SOURCE_DIR "/tests/embed/migrations");
    CHECK(contentKey(folder) == contentKey(test_embed::basic::migrations()));
    om::sqlite::Options options;
    options.trackingTable = "schema_history";
    CHECK(contentKey(folder, options) != contentKey(folder));
    SQLite::Database db = freshDatabase(folder, options);
    CHECK(objects(db).count("table:schema_history") == 1);
    CHECK(objects(db).count("table:__drizzle_migrations") == 0);
}

TEST_CASE("concurrent first calls migrate once and each get their own database") {
    const om::MigrationSet set = randomSet("threads");
    constexpr int kThreads = 8;
    std::vector<std::string> seeds(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i)
        threads.emplace_back([&set, &seeds, i] {
            SQLite::Database db = freshDatabase(set);
            db.exec("INSERT INTO seed VALUES ('thread', zeroblob(1))");
            SQLite::Statement q(db, "SELECT hex(value), (SELECT count(*) FROM seed) FROM seed LIMIT 1");
            q.executeStep();
            seeds[i] = q.getColumn(0).getString() + "/" + std::to_string(q.getColumn(1).getInt());
        });
    for (auto& t : threads) t.join();
    for (const auto& seed : seeds) CHECK(seed == seeds[0]);
    CHECK(seeds[0].size() == 32 + 2);  // 16 random bytes in hex, and "/2": each saw only its own row
}

TEST_CASE("a set that fails to migrate throws the Migrator's error every time") {
    const om::MigrationSet broken = setOf({"CREATE TABLE ok (x);", "CREATE TABLE ok (x);"});
    CHECK_THROWS_AS(freshDatabase(broken), om::MigrationFailed);
    CHECK_THROWS_AS(freshDatabase(broken), om::MigrationFailed);
    const om::MigrationSet postgres = om::MigrationSet::fromMigrations("postgresql", {});
    CHECK_THROWS_AS(freshDatabase(postgres), om::MigrationSetError);
}

namespace {
const char* kParentChild =
    "CREATE TABLE users (id integer PRIMARY KEY);--> statement-breakpoint\n"
    "CREATE TABLE posts (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE);";
}  // namespace

TEST_CASE("fresh databases enforce foreign keys: cascade deletes happen and orphans are refused") {
    const om::MigrationSet set = setOf({kParentChild});
    for (int clone = 0; clone < 2; ++clone) {  // the first call migrates, the second clones
        SQLite::Database db = freshDatabase(set);
        CHECK(count(db, "PRAGMA foreign_keys") == 1);
        db.exec("INSERT INTO users VALUES (1), (2); INSERT INTO posts VALUES (10, 1), (11, 1), (12, 2);");
        db.exec("DELETE FROM users WHERE id = 1");
        CHECK(count(db, "SELECT count(*) FROM posts") == 1);
        CHECK_THROWS_WITH(db.exec("INSERT INTO posts VALUES (13, 99)"),
                          Catch::Matchers::Contains("FOREIGN KEY constraint failed"));
    }
}

TEST_CASE("a set whose migration inserts an orphan row does not give a fresh database") {
    const om::MigrationSet set = setOf({kParentChild, "INSERT INTO posts VALUES (1, 404);"});
    CHECK_THROWS_WITH(freshDatabase(set), Catch::Matchers::Contains("0001_m") &&
                                              Catch::Matchers::Contains("FOREIGN KEY constraint failed"));
}
