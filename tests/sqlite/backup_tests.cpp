// Backups before migrating, restore, and dropping the newest migration (SQLite files).
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <thread>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
std::vector<fs::path> backupsIn(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".bak-") != std::string::npos) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string dump(const std::string& file) {
    SQLite::Database db(file);
    std::string out;
    SQLite::Statement q(db, "SELECT name, sql FROM sqlite_master ORDER BY name");
    while (q.executeStep()) out += q.getColumn(0).getString() + ":" + q.getColumn(1).getString() + "\n";
    SQLite::Statement rows(db, "SELECT id, name FROM users ORDER BY id");
    while (rows.executeStep()) out += rows.getColumn(0).getString() + "=" + rows.getColumn(1).getString() + "\n";
    return out;
}

test::ProcessResult cli(const test::TempDir& dir, std::vector<std::string> args) {
    std::vector<std::string> argv{test::cliPath(), "--url", (dir / "app.db").string(), "--dir",
                                  (dir / "drizzle").string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::runProcess(argv);
}
}  // namespace

TEST_CASE("migrate --backup copies the database first, keeps the newest N, and restore brings it back") {
    test::TempDir dir;
    std::vector<test::FolderEntry> entries{{"0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);"},
                                           {"0001_seed", "INSERT INTO users VALUES (1, 'ada'), (2, 'bob');"}};
    test::writeFolder(dir / "drizzle", "sqlite", entries);
    REQUIRE(cli(dir, {"migrate"}).exitCode == 0);
    const std::string before = dump((dir / "app.db").string());

    auto none = cli(dir, {"migrate", "--backup"});
    REQUIRE(none.exitCode == 0);
    CHECK(backupsIn(dir.path()).empty());  // nothing pending, nothing copied

    for (int i = 2; i <= 4; ++i) {
        entries.push_back({"000" + std::to_string(i) + "_step",
                           "ALTER TABLE users ADD COLUMN c" + std::to_string(i) + " text;"});
        test::writeFolder(dir / "drizzle", "sqlite", entries);
        auto r = cli(dir, {"migrate", "--backup", "--keep", "2"});
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        CHECK_THAT(r.out, Contains("backed up to ") && Contains("app.db.bak-"));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // distinct timestamps
    }
    auto backups = backupsIn(dir.path());
    REQUIRE(backups.size() == 2);
    CHECK_THAT(dump(backups[0].string()), Contains("c2") && !Contains("c3"));

    // The first backup taken (before 0002) is gone; restore the oldest kept one (before 0003).
    auto restored = cli(dir, {"restore", backups[0].string()});
    INFO(restored.err);
    REQUIRE(restored.exitCode == 0);
    CHECK(dump((dir / "app.db").string()) == dump(backups[0].string()));
    CHECK(dump((dir / "app.db").string()) != before);
    auto status = cli(dir, {"status", "--json"});
    CHECK_THAT(status.out, Contains("pending"));

    auto bad = cli(dir, {"restore", (dir / "nope.bak").string()});
    CHECK(bad.exitCode == 1);
    CHECK_THAT(bad.err, Contains("nope.bak"));
    test::writeText(dir / "garbage.bak", "this is not a database, not at all, not even close......");
    auto garbage = cli(dir, {"restore", (dir / "garbage.bak").string()});
    CHECK(garbage.exitCode == 1);
    CHECK(dump((dir / "app.db").string()) == dump(backups[0].string()));  // untouched
}

TEST_CASE("an in-memory database has nothing to back up: a warning, not an error") {
    sqlite::Dialect dialect(":memory:");
    MigratorOptions options;
    options.backup = BackupOptions{};
    std::vector<std::string> warnings;
    options.onEvent = [&](const Event& e) {
        if (e.kind == Event::Kind::Warning) warnings.push_back(e.message);
    };
    auto set = MigrationSet::fromMigrations("sqlite", {Migration::fromSql(0, "0000_t", 1, "CREATE TABLE t (x);")});
    Report report = Migrator(dialect, set, options).upToDate();
    CHECK_FALSE(report.backupPath);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Contains("nothing durable"));
}

TEST_CASE("drop removes the newest migration unless the database has it") {
    test::TempDir dir;
    test::writeFolder(dir / "drizzle", "sqlite",
                      {{"0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);"},
                       {"0001_more", "CREATE TABLE more_stuff (id integer);"}});
    test::writeText(dir / "drizzle" / "meta" / "0001_snapshot.json", "{}");
    test::writeText(dir / "drizzle" / "0001_more.down.sql", "DROP TABLE more_stuff;");
    REQUIRE(cli(dir, {"migrate"}).exitCode == 0);

    auto refused = cli(dir, {"drop"});
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Contains("refusing to drop 0001_more") && Contains("migrate --to"));
    CHECK(fs::exists(dir / "drizzle" / "0001_more.sql"));

    REQUIRE(cli(dir, {"migrate", "--to", "0000_users"}).exitCode == 0);
    auto dry = cli(dir, {"drop", "--dry-run"});
    CHECK(dry.exitCode == 0);
    CHECK_THAT(dry.out, Contains("0001_snapshot.json") && Contains("0001_more.down.sql"));
    CHECK(fs::exists(dir / "drizzle" / "0001_more.sql"));

    auto dropped = cli(dir, {"drop"});
    INFO(dropped.err);
    CHECK(dropped.exitCode == 0);
    CHECK_FALSE(fs::exists(dir / "drizzle" / "0001_more.sql"));
    CHECK_FALSE(fs::exists(dir / "drizzle" / "0001_more.down.sql"));
    CHECK_FALSE(fs::exists(dir / "drizzle" / "meta" / "0001_snapshot.json"));
    auto set = MigrationSet::fromDirectory(dir / "drizzle");
    REQUIRE(set.size() == 1);
    CHECK(set.migrations()[0].tag == "0000_users");
}

TEST_CASE("mark-applied needs --force and then records without running") {
    test::TempDir dir;
    test::writeFolder(dir / "drizzle", "sqlite",
                      {{"0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);"},
                       {"0001_seed", "INSERT INTO users VALUES (1, 'ada');"}});
    {
        SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE users (id integer PRIMARY KEY, name text)");
    }
    auto unforced = cli(dir, {"mark-applied", "--to", "0000_users"});
    CHECK(unforced.exitCode == 2);
    CHECK_THAT(unforced.err, Contains("--force"));
    auto forced = cli(dir, {"baseline", "--to", "0000_users", "--force"});
    INFO(forced.err);
    CHECK(forced.exitCode == 0);
    CHECK_THAT(forced.out, Contains("recorded 0000_users as applied"));
    auto migrate = cli(dir, {"migrate"});
    CHECK(migrate.exitCode == 0);
    CHECK_THAT(migrate.out, Contains("applied 0001_seed") && !Contains("0000_users"));
}

TEST_CASE("migrate --backup --backup-dir puts the SQLite backups there and keeps the newest N of them") {
    test::TempDir dir;
    std::vector<test::FolderEntry> entries{{"0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);"}};
    test::writeFolder(dir / "drizzle", "sqlite", entries);
    const fs::path elsewhere = dir / "backups" / "sqlite";
    for (int i = 1; i <= 3; ++i) {
        if (i > 1) {
            const std::string n = std::to_string(i);
            entries.push_back({"000" + n + "_more", "INSERT INTO users VALUES (" + n + ", 'x');"});
            test::writeFolder(dir / "drizzle", "sqlite", entries);
        }
        auto r = cli(dir, {"migrate", "--backup", "--backup-dir", elsewhere.string(), "--keep", "2"});
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
        CHECK_THAT(r.out, Contains("backed up to " + (elsewhere / "app.db.bak-").string()));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // distinct timestamps
    }
    CHECK(backupsIn(dir.path()).empty());
    auto backups = backupsIn(elsewhere);
    REQUIRE(backups.size() == 2);
    auto restored = cli(dir, {"restore", backups[1].string()});
    INFO(restored.err);
    CHECK(restored.exitCode == 0);
    CHECK(dump((dir / "app.db").string()) == dump(backups[1].string()));

    auto stray = cli(dir, {"migrate", "--backup-dir", elsewhere.string()});
    CHECK(stray.exitCode == 2);
}
