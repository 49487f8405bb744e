#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <thread>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
MigrationSet smallSet() {
    return MigrationSet::fromMigrations(
        "sqlite", {Migration::fromSql(0, "0000_users", 1, "CREATE TABLE users (id integer PRIMARY KEY, name text);"),
                   Migration::fromSql(1, "0001_seed", 2, "INSERT INTO users VALUES (1, 'ada');")});
}

std::string schemaOf(SQLite::Database& db) {
    std::string out;
    SQLite::Statement q(db,
                        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE '__drizzle%' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY type, name");
    while (q.executeStep())
        for (int i = 0; i < 4; ++i) out += q.getColumn(i).getString() + (i == 3 ? "\n" : "|");
    return out;
}
}  // namespace

TEST_CASE("an in-memory database and a caller's connection are migrated in place") {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);
    CHECK(dialect.describe() == "sqlite::memory:");
    Report report = Migrator(dialect, smallSet()).upToDate();
    CHECK(report.applied.size() == 2);
    CHECK(db.execAndGet("SELECT name FROM users").getString() == "ada");
    CHECK(db.execAndGet("SELECT count(*) FROM __drizzle_migrations WHERE name IS NOT NULL AND applied_at > 0")
              .getInt() == 2);
    CHECK(Migrator(dialect, smallSet()).upToDate().applied.empty());

    sqlite::Dialect own(":memory:");
    CHECK(Migrator(own, smallSet()).upToDate().applied.size() == 2);
    CHECK(own.database().execAndGet("SELECT count(*) FROM users").getInt() == 1);
}

TEST_CASE("a configurable tracking table") {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Options options;
    options.trackingTable = "schema \"history\"";
    sqlite::Dialect dialect(db, options);
    Migrator(dialect, smallSet()).upToDate();
    CHECK(db.execAndGet("SELECT count(*) FROM \"schema \"\"history\"\"\"").getInt() == 2);
    CHECK_FALSE(db.tableExists("__drizzle_migrations"));
}

TEST_CASE("a journal for PostgreSQL is refused on SQLite, naming the journal") {
    sqlite::Dialect dialect(":memory:");
    auto pg = MigrationSet::fromMigrations("postgresql", {}, "pg/meta/_journal.json");
    CHECK_THROWS_WITH(Migrator(dialect, pg), Contains("pg/meta/_journal.json") && Contains("postgresql"));
}

TEST_CASE("waiting for another writer ends in LockTimeout, and the busy timeout is restored") {
    test::TempDir dir;
    const std::string file = (dir / "locked.db").string();
    SQLite::Database holder(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("CREATE TABLE x (id integer)");
    SQLite::Database db(file, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA busy_timeout = 1234");
    sqlite::Dialect dialect(db);
    holder.exec("BEGIN IMMEDIATE");
    MigratorOptions options;
    options.lockTimeout = std::chrono::milliseconds(150);
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(Migrator(dialect, smallSet(), options).upToDate(), LockTimeout);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(100));
    CHECK(db.execAndGet("PRAGMA busy_timeout").getInt() == 1234);
    holder.exec("ROLLBACK");
    CHECK(Migrator(dialect, smallSet(), options).upToDate().applied.size() == 2);
}

TEST_CASE("a lock held briefly by another writer is waited for") {
    test::TempDir dir;
    const std::string file = (dir / "busy.db").string();
    SQLite::Database holder(file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    holder.exec("CREATE TABLE x (id integer)");
    holder.exec("BEGIN IMMEDIATE");
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        holder.exec("COMMIT");
    });
    sqlite::Dialect dialect(file);
    Report report;
    CHECK_NOTHROW(report = Migrator(dialect, smallSet()).upToDate());
    release.join();
    CHECK(report.applied.size() == 2);
}

TEST_CASE("ob-migrate migrate gives the same schema as the sqlite3 shell, and a second run applies nothing") {
    test::TempDir dir;
    const char* init =
        "CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL\n);\n"
        "--> statement-breakpoint\nCREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);";
    const char* more =
        "CREATE TABLE `posts` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`author_id` integer NOT NULL,\n"
        "\tFOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade\n);\n"
        "--> statement-breakpoint\nALTER TABLE `users` ADD `age` integer;--> statement-breakpoint\n"
        "ALTER TABLE `users` RENAME COLUMN \"age\" TO \"years\";";
    test::writeFolder(dir / "drizzle", "sqlite", {{"0000_init", init}, {"0001_more", more}});

    // The floor: the same files fed to the sqlite3 shell.
    auto shell = test::runProcess({"/bin/sh", "-c",
                                   "cat '" + (dir / "drizzle" / "0000_init.sql").string() + "' '" +
                                       (dir / "drizzle" / "0001_more.sql").string() + "' | sed 's/--> statement-breakpoint//' | sqlite3 '" +
                                       (dir / "shell.db").string() + "'"});
    REQUIRE(shell.exitCode == 0);

    const std::vector<std::string> migrate{test::cliPath(), "migrate", "--db-type", "sqlite", "--url",
                                           (dir / "app.db").string(), "--dir", (dir / "drizzle").string()};
    auto first = test::runProcess(migrate);
    INFO(first.err);
    REQUIRE(first.exitCode == 0);
    auto second = test::runProcess(migrate);
    REQUIRE(second.exitCode == 0);
    CHECK_THAT(second.out, Contains("nothing to apply"));

    SQLite::Database viaShell((dir / "shell.db").string());
    SQLite::Database viaTool((dir / "app.db").string());
    CHECK(schemaOf(viaTool) == schemaOf(viaShell));
    CHECK_THAT(schemaOf(viaTool), Contains("years"));
}

TEST_CASE("status on a tracking table Drizzle created (no applied_at) shows the created_at time, marked") {
    test::TempDir dir;
    test::writeFolder(dir.path(), "sqlite",
                      {{"0000_users", "CREATE TABLE users (id integer PRIMARY KEY);"}, {"0001_more", "SELECT 1;"}});
    const auto set = MigrationSet::fromDirectory(dir.path());
    const std::string path = (dir / "app.db").string();
    {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE users (id integer PRIMARY KEY);"
                "CREATE TABLE __drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)");
        SQLite::Statement q(db, "INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)");
        q.bind(1, set.migrations()[0].hash);
        q.bind(2, static_cast<int64_t>(set.migrations()[0].when));  // 1700000000000: 2023-11-14 22:13:20 UTC
        q.exec();
    }
    const std::vector<std::string> base{test::cliPath(), "--url", path, "--dir", dir.path().string(), "status"};
    auto text = test::runProcess(base);
    INFO(text.out << text.err);
    CHECK(text.exitCode == 0);
    CHECK_THAT(text.out, Contains("applied  0000_users") && Contains("2023-11-14 22:13:20 *") &&
                             Contains("* the tracking table has no applied_at column"));
    auto withJson = base;
    withJson.push_back("--json");
    auto json = test::runProcess(withJson);
    CHECK_THAT(json.out, Contains("\"appliedTime\": \"2023-11-14 22:13:20\"") &&
                             Contains("\"appliedTimeFrom\": \"created_at\""));
}

TEST_CASE("applied_at reads as epoch ms whether ob::migrate wrote it or drizzle-orm 1.0 (ISO-8601 text)") {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    // drizzle-orm 1.0's tracking table: applied_at TEXT holding new Date().toISOString().
    db.exec("CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric, "
            "name text, applied_at TEXT);"
            "INSERT INTO __drizzle_migrations (hash, created_at, name, applied_at) VALUES "
            "('a', 1, '20261202150405_users', '2026-12-02T15:04:05.123Z'), "
            "('b', 2, '20261202150406_seed', 1796223846000), "
            "('c', 3, '20261202150407_more', 'yesterday'), ('d', 4, '20261202150408_last', NULL)");
    sqlite::Dialect dialect(db);
    const auto rows = dialect.history().read();
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].appliedAt == std::optional<std::int64_t>(1796223845123));
    CHECK(rows[1].appliedAt == std::optional<std::int64_t>(1796223846000));
    CHECK_FALSE(rows[2].appliedAt);
    CHECK_FALSE(rows[3].appliedAt);
}
