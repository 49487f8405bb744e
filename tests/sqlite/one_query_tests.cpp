// The SQLite no-op boot runs one query of the database: every statement counted with
// sqlite3_trace_v2, not timed.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

using namespace ob::migrate;

namespace {
MigrationSet twoMigrations() {
    return MigrationSet::fromMigrations(
        "sqlite", {Migration::fromSql(0, "0000_users", 1, "CREATE TABLE users (id integer PRIMARY KEY, name text);"),
                   Migration::fromSql(1, "0001_seed", 2, "INSERT INTO users VALUES (1, 'ada');")});
}

/// Every statement SQLite started on `db` while `f` ran (SQLITE_TRACE_STMT: its text as prepared).
std::vector<std::string> statementsRun(SQLite::Database& db, const std::function<void()>& f) {
    std::vector<std::string> seen;
    auto record = [](unsigned, void* context, void*, void* sql) {
        static_cast<std::vector<std::string>*>(context)->push_back(static_cast<const char*>(sql));
        return 0;
    };
    sqlite3_trace_v2(db.getHandle(), SQLITE_TRACE_STMT, record, &seen);
    try {
        f();
    } catch (...) {
        sqlite3_trace_v2(db.getHandle(), 0, nullptr, nullptr);
        throw;
    }
    sqlite3_trace_v2(db.getHandle(), 0, nullptr, nullptr);
    return seen;
}

/// The statements that read the database: all but the busy-timeout pragma, which reads a field of
/// the connection (saved to be restored after the call) and no page.
std::vector<std::string> queries(std::vector<std::string> statements) {
    std::vector<std::string> out;
    for (auto& s : statements)
        if (s != "PRAGMA busy_timeout") out.push_back(std::move(s));
    return out;
}
}  // namespace

TEST_CASE("a SQLite no-op boot runs one query: the tracking table's rows") {
    test::TempDir dir;
    SQLite::Database db((dir.path() / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    {
        sqlite::Dialect dialect(db);
        REQUIRE(Migrator(dialect, twoMigrations()).upToDate().applied.size() == 2);
    }
    SECTION("first call: a new Dialect on the connection") {
        const auto all = statementsRun(db, [&] {
            sqlite::Dialect dialect(db);
            CHECK(Migrator(dialect, twoMigrations()).upToDate().applied.empty());
        });
        CHECK(all.size() == 2);
        const auto run = queries(all);
        REQUIRE(run.size() == 1);
        CHECK(run[0] == "SELECT created_at, hash FROM \"__drizzle_migrations\" ORDER BY created_at");
    }
    SECTION("warm: the same Migrator again, three times") {
        sqlite::Dialect dialect(db);
        Migrator migrator(dialect, twoMigrations());
        CHECK(migrator.upToDate().applied.empty());
        const auto run = queries(statementsRun(db, [&] {
            for (int i = 0; i < 3; ++i) CHECK(migrator.upToDate().applied.empty());
        }));
        CHECK(run.size() == 3);
    }
    SECTION("a migration added to the set is applied after the one read") {
        auto set = MigrationSet::fromMigrations(
            "sqlite", {Migration::fromSql(0, "0000_users", 1, "CREATE TABLE users (id integer PRIMARY KEY, name text);"),
                       Migration::fromSql(1, "0001_seed", 2, "INSERT INTO users VALUES (1, 'ada');"),
                       Migration::fromSql(2, "0002_more", 3, "INSERT INTO users VALUES (2, 'bob');")});
        sqlite::Dialect dialect(db);
        const auto run = queries(statementsRun(db, [&] { CHECK(Migrator(dialect, set).upToDate().applied.size() == 1); }));
        CHECK(run.size() > 1);
        CHECK(db.execAndGet("SELECT count(*) FROM users").getInt() == 2);
    }
    SECTION("the tracking table dropped after the read was kept prepared") {
        sqlite::Dialect dialect(db);
        CHECK(dialect.history().scan([](std::int64_t, std::string_view) {}));
        db.exec("DROP TABLE __drizzle_migrations; DROP TABLE users");
        CHECK_FALSE(dialect.history().scan([](std::int64_t, std::string_view) { FAIL("a row from no table"); }));
        CHECK(Migrator(dialect, twoMigrations()).upToDate().applied.size() == 2);
    }
}

TEST_CASE("a no-op boot splits no migration file into statements; applying splits only what runs") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);
    {
        auto first = MigrationSet::fromMigrations("sqlite", {twoMigrations().migrations()[0]});
        Migrator migrator(dialect, first);
        REQUIRE_FALSE(migrator.migrations().migrations()[0].up.split());
        REQUIRE(migrator.upToDate().applied.size() == 1);
        CHECK(migrator.migrations().migrations()[0].up.split());  // it ran
    }
    Migrator migrator(dialect, twoMigrations());
    REQUIRE(migrator.upToDate().applied.size() == 1);
    CHECK_FALSE(migrator.migrations().migrations()[0].up.split());  // applied before: never split
    CHECK(migrator.migrations().migrations()[1].up.split());
    Migrator again(dialect, twoMigrations());
    CHECK(again.upToDate().applied.empty());
    for (const auto& m : again.migrations().migrations()) CHECK_FALSE(m.up.split());
}

TEST_CASE("a tracking table another process creates while the boot looks for it is read, not an error") {
    // The race of 16 concurrent boots: this connection finds no table, then another process
    // creates it and records its first migration before this one's next statement runs (the
    // earlier code then asked sqlite_master, found the table and rethrew "no such table").
    test::TempDir dir;
    const std::string path = (dir.path() / "app.db").string();
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    struct Hook {
        SQLite::Database* other;
        bool fired = false;
    } hook{&other};
    auto interleave = [](unsigned, void* context, void*, void* sql) {
        auto* h = static_cast<Hook*>(context);
        if (h->fired || std::string(static_cast<const char*>(sql)) == "PRAGMA busy_timeout") return 0;
        h->fired = true;
        // What the other process's run leaves: its table, its tracking table, its one record
        // (written directly: its migration lock is released by then).
        const Migration users = twoMigrations().migrations()[0];
        h->other->exec(users.up.sql());
        sqlite::Dialect first(*h->other);
        first.history().ensure();
        first.history().add(users);
        return 0;
    };
    sqlite3_trace_v2(db.getHandle(), SQLITE_TRACE_STMT, interleave, &hook);
    sqlite::Dialect dialect(db);
    Report report;
    CHECK_NOTHROW(report = Migrator(dialect, twoMigrations()).upToDate());
    sqlite3_trace_v2(db.getHandle(), 0, nullptr, nullptr);
    REQUIRE(hook.fired);
    REQUIRE(report.applied.size() == 1);
    CHECK(report.applied[0].tag == "0001_seed");
    CHECK(db.execAndGet("SELECT count(*) FROM users").getInt() == 1);
    CHECK(db.execAndGet("SELECT count(*) FROM __drizzle_migrations").getInt() == 2);
}
