// generate: the files it writes, prefixes and names, no-change runs, custom migrations, dry runs,
// refusals, and continuing a folder drizzle-kit started.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>

#include <regex>

#include "drizzle_steps.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/replay.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "support.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;
namespace fs = std::filesystem;

namespace {

Definition v1() { return schema({table("users", {integer("id").primaryKey(), text("email").notNull().unique()})}); }
Definition v2() {
    return schema({table("users", {integer("id").primaryKey(), text("email").notNull().unique(), text("name")})});
}

GenerateOptions named(std::string name) {
    GenerateOptions o;
    o.name = std::move(name);
    o.clock = [] { return std::int64_t{1700000000000}; };
    return o;
}

Journal journalOf(const fs::path& dir) {
    return Journal::parse(test::readText(dir / "meta" / "_journal.json"), "journal");
}

}  // namespace

TEST_CASE("generate writes the sql, the snapshot and the journal entry like drizzle-kit", "[schema][generate]") {
    test::TempDir dir;
    sqlite::Renderer renderer;
    fs::path out = dir / "drizzle" / "migrations";
    GenerateResult r = generate(v1(), out, renderer, named("init"));
    REQUIRE(r.written);
    CHECK(r.tag == "0000_init");
    CHECK(r.sqlFile == out / "0000_init.sql");
    CHECK(r.snapshotFile == out / "meta" / "0000_snapshot.json");
    CHECK(test::readText(r.sqlFile) ==
          "CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL\n);\n"
          "--> statement-breakpoint\n"
          "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);");
    Journal j = journalOf(out);
    CHECK(j.dialect == "sqlite");
    REQUIRE(j.entries.size() == 1);
    CHECK(j.entries[0].idx == 0);
    CHECK(j.entries[0].version == "6");
    CHECK(j.entries[0].when == 1700000000000);
    CHECK(j.entries[0].tag == "0000_init");
    CHECK(j.entries[0].breakpoints);
    Snapshot s = Snapshot::read(r.snapshotFile);
    CHECK(s.prevId == std::string(kOriginSnapshotId));
    CHECK(std::regex_match(s.id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));

    GenerateResult r2 = generate(v2(), out, renderer, named("add_name"));
    CHECK(r2.tag == "0001_add_name");
    CHECK(test::readText(r2.sqlFile) == "ALTER TABLE `users` ADD `name` text;");
    Snapshot s2 = Snapshot::read(r2.snapshotFile);
    CHECK(s2.prevId == s.id);
    j = journalOf(out);
    REQUIRE(j.entries.size() == 2);
    CHECK(j.entries[1].idx == 1);
    CHECK(j.entries[1].when == 1700000000001);  // never before the previous entry

    // The folder is one the Migrator applies.
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    sqlite::Dialect dialect(db);
    Migrator migrator(dialect, MigrationSet::fromDirectory(out));
    CHECK(migrator.upToDate().applied.size() == 2);
}

TEST_CASE("no change writes nothing and says so", "[schema][generate]") {
    test::TempDir dir;
    sqlite::Renderer renderer;
    generate(v1(), dir.path(), renderer, named("init"));
    const std::string journal = test::readText(dir / "meta" / "_journal.json");
    GenerateResult r = generate(v1(), dir.path(), renderer, named("again"));
    CHECK_FALSE(r.written);
    CHECK_FALSE(r.changed);
    CHECK(r.message == "No schema changes, nothing to migrate");
    CHECK(test::readText(dir / "meta" / "_journal.json") == journal);
    CHECK_FALSE(fs::exists(dir / "0001_again.sql"));
}

TEST_CASE("a custom migration is an empty file on the unchanged snapshot", "[schema][generate]") {
    test::TempDir dir;
    sqlite::Renderer renderer;
    generate(v1(), dir.path(), renderer, named("init"));
    GenerateOptions o = named("seed");
    o.custom = true;
    GenerateResult r = generate(v1(), dir.path(), renderer, o);
    REQUIRE(r.written);
    CHECK(test::readText(r.sqlFile) == "-- Custom SQL migration file, put your code below! --");
    Snapshot prev = Snapshot::read(dir / "meta" / "0000_snapshot.json");
    Snapshot custom = Snapshot::read(r.snapshotFile);
    CHECK(custom.schema == prev.schema);
    CHECK(custom.prevId == prev.id);
    CHECK(custom.id != prev.id);
    // The next generate diffs against it and still finds the change.
    CHECK(generate(v2(), dir.path(), renderer, named("next")).tag == "0002_next");
}

TEST_CASE("prefix modes and random names", "[schema][generate]") {
    sqlite::Renderer renderer;
    SECTION("timestamp") {
        test::TempDir dir;
        GenerateOptions o = named("init");
        o.prefix = PrefixMode::Timestamp;
        o.clock = [] { return std::int64_t{1795536950613}; };  // 2026-11-24T16:15:50Z
        GenerateResult r = generate(v1(), dir.path(), renderer, o);
        CHECK(r.tag == "20261124161550_init");
        CHECK(r.snapshotFile == dir / "meta" / "20261124161550_snapshot.json");
        o.name = "second";
        // Within the same second: the next prefix still sorts after the previous one.
        GenerateResult r2 = generate(v2(), dir.path(), renderer, o);
        CHECK(r2.tag == "20261124161551_second");
        CHECK(test::readText(r2.sqlFile) == "ALTER TABLE `users` ADD `name` text;");
    }
    SECTION("unix") {
        test::TempDir dir;
        GenerateOptions o = named("init");
        o.prefix = PrefixMode::Unix;
        CHECK(generate(v1(), dir.path(), renderer, o).tag == "1700000000_init");
    }
    SECTION("none") {
        test::TempDir dir;
        GenerateOptions o = named("init");
        o.prefix = PrefixMode::None;
        GenerateResult r = generate(v1(), dir.path(), renderer, o);
        CHECK(r.tag == "init");
        CHECK(r.snapshotFile == dir / "meta" / "0000_snapshot.json");
        o.name = "second";
        CHECK(generate(v2(), dir.path(), renderer, o).tag == "second");
    }
    SECTION("random adjective_noun") {
        test::TempDir dir;
        GenerateOptions o;
        GenerateResult r = generate(v1(), dir.path(), renderer, o);
        CHECK(std::regex_match(r.tag, std::regex("0000_[a-z]+_[a-z]+")));
    }
    CHECK(parsePrefixMode("index") == PrefixMode::Index);
    CHECK_THROWS_AS(parsePrefixMode("iso"), ConfigError);
}

TEST_CASE("a dry run computes the migration and writes nothing", "[schema][generate]") {
    test::TempDir dir;
    sqlite::Renderer renderer;
    GenerateOptions o = named("init");
    o.dryRun = true;
    GenerateResult r = generate(v1(), dir.path(), renderer, o);
    CHECK(r.changed);
    CHECK_FALSE(r.written);
    CHECK(r.statements.size() == 2);
    CHECK(r.sql.find("CREATE TABLE `users`") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "meta"));
}

TEST_CASE("generate refuses folders it cannot continue", "[schema][generate]") {
    sqlite::Renderer renderer;
    SECTION("a folder of the other dialect") {
        test::TempDir dir;
        test::writeFolder(dir.path(), "postgresql", {{"0000_x", "SELECT 1;"}});
        CHECK_THROWS_WITH(generate(v1(), dir.path(), renderer, named("init")),
                          Catch::Contains("postgresql") && Catch::Contains("_journal.json"));
    }
    SECTION("a journal with entries but no snapshot") {
        test::TempDir dir;
        test::writeFolder(dir.path(), "sqlite", {{"0000_x", "SELECT 1;"}});
        CHECK_THROWS_AS(generate(v1(), dir.path(), renderer, named("init")), MigrationSetError);
    }
    SECTION("a bad name") {
        test::TempDir dir;
        CHECK_THROWS_AS(generate(v1(), dir.path(), renderer, named("../escape")), ConfigError);
        CHECK_FALSE(fs::exists(dir / "meta"));
    }
    SECTION("an existing file of the same tag") {
        test::TempDir dir;
        test::writeText(dir / "0000_init.sql", "keep me");
        CHECK_THROWS_AS(generate(v1(), dir.path(), renderer, named("init")), ConfigError);
        CHECK(test::readText(dir / "0000_init.sql") == "keep me");
    }
}

TEST_CASE("generate continues a folder drizzle-kit wrote, and the Migrator applies it all", "[schema][generate]") {
    test::TempDir dir;
    fs::copy(fs::path(OB_MIGRATE_SOURCE_DIR) / "tests/schema/fixtures/drizzle-sqlite", dir.path(),
             fs::copy_options::recursive);
    sqlite::Renderer renderer;
    // Drizzle's step 3, written in the DSL: nothing to do.
    GenerateResult same = generate(schema_test::drizzleStep3("sqlite"), dir.path(), renderer, named("same"));
    INFO(same.sql);
    CHECK_FALSE(same.changed);
    GenerateResult next = generate(schema_test::drizzleStep4("sqlite"), dir.path(), renderer, named("votes"));
    REQUIRE(next.written);
    CHECK(next.tag == "0003_votes");
    CHECK(next.sql.find("CREATE TABLE `votes`") != std::string::npos);
    CHECK(next.sql.find("ALTER TABLE `posts` ADD `views` integer DEFAULT 0 NOT NULL;") != std::string::npos);
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);
    Migrator migrator(dialect, MigrationSet::fromDirectory(dir.path()));
    CHECK(migrator.upToDate().applied.size() == 4);
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'votes'").getInt() == 1);
}

TEST_CASE("generate writes down migrations that undo each step, and marks data loss irreversible",
          "[schema][generate][down]") {
    test::TempDir dir;
    sqlite::Renderer renderer;
    const fs::path out = dir / "migrations";
    auto users = table("users", {integer("id").primaryKey(), text("email").notNull().unique()});
    auto step1 = schema({users, table("posts", {integer("id").primaryKey(),
                                                 integer("user_id").notNull().references(users, "id").onDelete(
                                                     Action::Cascade)})});
    auto users2 = table("people", {integer("id").primaryKey(), text("mail").notNull().unique().renamedFrom("email"),
                                   text("name").notNull().defaultValue("anon")})
                      .renamedFrom("users");
    auto step2 = schema({users2,
                         table("posts", {integer("id").primaryKey(),
                                         integer("user_id").notNull().references(users2, "id").onDelete(Action::Cascade),
                                         text("title")})
                             .index("posts_user_idx", {"user_id"}),
                         table("tags", {integer("id").primaryKey()})});
    auto step3 = schema({users2, table("posts", {integer("id").primaryKey(),
                                                  integer("user_id").notNull().references(users2, "id").onDelete(
                                                      Action::Cascade)})});
    GenerateResult r1 = generate(step1, out, renderer, named("init"));
    GenerateResult r2 = generate(step2, out, renderer, named("rename_and_grow"));
    GenerateOptions lossy = named("drop_title");
    lossy.allowDataLoss = true;
    GenerateResult r3 = generate(step3, out, renderer, lossy);
    REQUIRE(r1.reversible);
    REQUIRE(r2.reversible);
    CHECK_FALSE(r3.reversible);
    CHECK(fs::exists(out / "0001_rename_and_grow.down.sql"));
    CHECK(test::readText(r3.downFile).rfind("-- ob-migrate: irreversible", 0) == 0);
    CHECK_THAT(r2.downSql, Catch::Contains("RENAME") && Catch::Contains("DROP TABLE `tags`"));

    // ob-migrate test's replay runs every reversible down, compares with the previous snapshot, and re-applies.
    sqlite::Dialect scratch(":memory:");
    ReplayReport report = replay(scratch, out);
    for (const auto& f : report.findings) INFO(f.message);
    CHECK(report.clean());
    CHECK(report.roundTrips == 2);

    // And on a database holding rows: back to the first step and forward again, rows kept.
    sqlite::Dialect db((dir / "app.db").string());
    auto set = MigrationSet::fromDirectory(out);
    Migrator migrator(db, set);
    migrator.migrateTo("0001_rename_and_grow");
    db.database().exec("INSERT INTO people (id, mail) VALUES (1, 'ada@example.org'); INSERT INTO posts (id, user_id) "
                       "VALUES (10, 1)");
    migrator.migrateTo("0000_init");
    CHECK(db.database().execAndGet("SELECT email FROM users WHERE id = 1").getString() == "ada@example.org");
    CHECK(db.database().execAndGet("SELECT count(*) FROM posts").getInt() == 1);
    migrator.upToDate();
    CHECK(db.database().execAndGet("SELECT mail FROM people WHERE id = 1").getString() == "ada@example.org");
    CHECK_THROWS_WITH(migrator.migrateTo("0001_rename_and_grow"), Catch::Contains("irreversible"));
}

TEST_CASE("the data-loss refusal names --allow-data-loss and a hint for each kind of loss", "[schema][generate]") {
    auto base = [] {
        return std::vector<TableBuilder>{
            table("users", {integer("id").primaryKey(), text("nick"), text("score"), text("bio")}),
            table("logs", {integer("id").primaryKey()})};
    };
    struct Case {
        const char* name;
        std::vector<TableBuilder> next;
        std::vector<std::string> expected;
    };
    std::vector<Case> cases{
        {"drop table",
         {table("users", {integer("id").primaryKey(), text("nick"), text("score"), text("bio")})},
         {"drops table logs", "renamedFrom(\"logs\") on the new table", "--rename logs=<new>"}},
        {"drop column",
         {table("users", {integer("id").primaryKey(), text("score"), text("bio")}), base()[1]},
         {"drops column users.nick", ".renamedFrom(\"nick\") on the new column", "--rename users.nick=<new>"}},
        {"narrowing type change",
         {table("users", {integer("id").primaryKey(), text("nick"), integer("score"), text("bio")}), base()[1]},
         {"changes users.score from text to integer", "convert them first in a --custom migration"}},
        {"NOT NULL without a default",
         {table("users", {integer("id").primaryKey(), text("nick"), text("score"), text("bio").notNull()}), base()[1]},
         {"makes users.bio NOT NULL without a default", "give it a default (.defaultValue(...))"}},
    };
    for (auto& c : cases) {
        SECTION(c.name) {
            test::TempDir dir;
            sqlite::Renderer renderer;
            generate(schema(base()), dir.path(), renderer, named("init"));
            try {
                generate(schema(c.next), dir.path(), renderer, named("lossy"));
                FAIL("expected DataLossError");
            } catch (const DataLossError& e) {
                const std::string what = e.what();
                INFO(what);
                for (const auto& text : c.expected) CHECK(what.find(text) != std::string::npos);
                CHECK(what.find("pass --allow-data-loss") != std::string::npos);
                CHECK(e.findings().size() == 1);
            }
        }
    }
}

TEST_CASE("the generate summary counts the changes it lists", "[schema][generate]") {
    test::TempDir dir;
    sqlite::Renderer renderer;
    auto users = table("users", {integer("id").primaryKey()});
    auto withChild = schema({users, table("posts", {integer("id").primaryKey(),
                                                    integer("user_id").references(users, "id")})});
    GenerateResult first = generate(withChild, dir.path(), renderer, named("init"));
    // SQLite writes a foreign key inside CREATE TABLE: fewer statements than listed changes.
    REQUIRE(first.statements.size() < first.operations.size());
    CHECK(first.message == fmt::format("wrote {} ({} changes):", first.sqlFile.string(), first.operations.size()));

    test::TempDir other;
    generate(v1(), other.path(), renderer, named("init"));
    GenerateOptions dry = named("grow");
    dry.dryRun = true;
    GenerateResult second = generate(v2(), other.path(), renderer, dry);
    REQUIRE(second.operations.size() == 1);
    CHECK(second.message == fmt::format("dry run: would write {} (1 change)", second.sqlFile.string()));
}
