// Table rebuilds and foreign keys: the Drizzle bug where rebuilding a parent deletes its children.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
// What drizzle-kit generate writes when a parent column changes (a rebuild), around cascade children.
const char* kSchema =
    "CREATE TABLE `users` (`id` integer PRIMARY KEY NOT NULL, `name` text);\n--> statement-breakpoint\n"
    "CREATE TABLE `posts` (`id` integer PRIMARY KEY NOT NULL, `author_id` integer NOT NULL,\n"
    "  FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade);";
const char* kRebuild =
    "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
    "CREATE TABLE `__new_users` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL DEFAULT 'anon');\n"
    "--> statement-breakpoint\n"
    "INSERT INTO `__new_users`(\"id\", \"name\") SELECT \"id\", coalesce(\"name\", 'anon') FROM `users`;"
    "--> statement-breakpoint\n"
    "DROP TABLE `users`;--> statement-breakpoint\n"
    "ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint\n"
    "PRAGMA foreign_keys=ON;";

MigrationSet folderSet(const test::TempDir& dir, std::vector<test::FolderEntry> entries) {
    test::writeFolder(dir.path(), "sqlite", entries);
    return MigrationSet::fromDirectory(dir.path());
}
}  // namespace

TEST_CASE("rebuilding a parent table keeps every child row, with foreign keys enforced") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");  // the application enforces foreign keys
    sqlite::Dialect dialect(db);
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}})).upToDate();
    db.exec("INSERT INTO users VALUES (1, 'ada'), (2, NULL); INSERT INTO posts VALUES (10, 1), (11, 1), (12, 2);");

    Report report = Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}, {"0001_rebuild", kRebuild}})).upToDate();
    CHECK(report.applied.size() == 1);
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 3);
    CHECK(db.execAndGet("SELECT count(*) FROM users").getInt() == 2);
    CHECK(db.execAndGet("SELECT name FROM users WHERE id = 2").getString() == "anon");
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);  // enforcement restored
    // And the cascade still works against the rebuilt parent.
    db.exec("DELETE FROM users WHERE id = 1");
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 1);
}

TEST_CASE("without the lifted pragma, SQLite would have deleted the children (the bug this avoids)") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    db.exec(std::string(kSchema).replace(std::string(kSchema).find("--> statement-breakpoint"), 24, ""));
    db.exec("INSERT INTO users VALUES (1, 'ada'); INSERT INTO posts VALUES (10, 1);");
    // Drizzle runs every chunk inside one transaction, where PRAGMA foreign_keys is a no-op.
    db.exec("BEGIN");
    for (const auto& s : splitStatements(kRebuild)) db.exec(s.sql);
    db.exec("COMMIT");
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 0);
}

TEST_CASE("a rebuild that leaves dangling references fails, rolls back and restores enforcement") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    sqlite::Dialect dialect(db);
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}})).upToDate();
    db.exec("INSERT INTO users VALUES (1, 'ada'), (2, 'bob'); INSERT INTO posts VALUES (10, 1), (11, 2);");
    const char* lossy =
        "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n"
        "CREATE TABLE `__new_users` (`id` integer PRIMARY KEY NOT NULL, `name` text);--> statement-breakpoint\n"
        "INSERT INTO `__new_users` SELECT * FROM `users` WHERE id = 1;--> statement-breakpoint\n"
        "DROP TABLE `users`;--> statement-breakpoint\n"
        "ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint\n"
        "PRAGMA foreign_keys=ON;";
    try {
        Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}, {"0001_lossy", lossy}})).upToDate();
        FAIL("expected MigrationFailed");
    } catch (const MigrationFailed& e) {
        CHECK(e.tag() == "0001_lossy");
        CHECK(e.statementIndex() == 0);
        CHECK_THAT(e.what(), Contains("foreign_key_check") && Contains("posts"));
    }
    CHECK(db.execAndGet("SELECT count(*) FROM users").getInt() == 2);
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 2);
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
}

TEST_CASE("pragma lines in a file without breakpoints are lifted too") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    sqlite::Dialect dialect(db);
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}})).upToDate();
    db.exec("INSERT INTO users VALUES (1, 'ada'); INSERT INTO posts VALUES (10, 1);");
    std::string flat;
    for (const auto& s : splitStatements(kRebuild)) flat += s.sql + "\n";
    auto set = folderSet(dir, {{"0000_init", kSchema}, {"0001_flat", flat, 0, false}});
    auto plan = Migrator(dialect, set).plan();
    REQUIRE(plan.size() == 1);
    REQUIRE(plan[0].statements.size() == 1);
    CHECK(plan[0].statements[0].sql.find("PRAGMA") == std::string::npos);
    Migrator(dialect, set).upToDate();
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 1);
}

TEST_CASE("isForeignKeysPragma recognises the pragma in its spellings") {
    bool on = true;
    CHECK(sqlite::isForeignKeysPragma("PRAGMA foreign_keys=OFF;", on));
    CHECK_FALSE(on);
    CHECK(sqlite::isForeignKeysPragma("\n  pragma   FOREIGN_KEYS = on  ", on));
    CHECK(on);
    CHECK(sqlite::isForeignKeysPragma("PRAGMA foreign_keys = 0", on));
    CHECK_FALSE(on);
    CHECK_FALSE(sqlite::isForeignKeysPragma("PRAGMA foreign_key_check;", on));
    CHECK_FALSE(sqlite::isForeignKeysPragma("PRAGMA foreign_keys=OFF; DROP TABLE x;", on));
    CHECK_FALSE(sqlite::isForeignKeysPragma("PRAGMAforeign_keys=OFF", on));
    CHECK_FALSE(sqlite::isForeignKeysPragma("", on));
}

TEST_CASE("a rebuild in a file run outside a transaction keeps the children too") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    sqlite::Dialect dialect(db);
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}})).upToDate();
    db.exec("INSERT INTO users VALUES (1, 'ada'); INSERT INTO posts VALUES (10, 1), (11, 1);");
    const std::string outside = "-- ob-migrate: no-transaction\n" + std::string(kRebuild);
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}, {"0001_outside", outside}})).upToDate();
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 2);
    CHECK(db.execAndGet("PRAGMA foreign_keys").getInt() == 1);
}

TEST_CASE("orphans that were there before a rebuild do not fail it; new ones do") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);  // foreign keys off, as SQLite's default: orphans can exist
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}})).upToDate();
    db.exec("INSERT INTO users VALUES (1, 'ada'); INSERT INTO posts VALUES (10, 1), (11, 99);");  // 11 is an orphan
    Report report = Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}, {"0001_rebuild", kRebuild}})).upToDate();
    CHECK(report.applied.size() == 1);
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 2);
}

TEST_CASE("a constraint that fails at COMMIT names the migration") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    sqlite::Dialect dialect(db);
    const char* deferred =
        "CREATE TABLE p (id integer PRIMARY KEY);\n--> statement-breakpoint\n"
        "CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);\n"
        "--> statement-breakpoint\nINSERT INTO c VALUES (1, 42);";
    try {
        Migrator(dialect, folderSet(dir, {{"0000_deferred", deferred}})).upToDate();
        FAIL("expected MigrationFailed");
    } catch (const MigrationFailed& e) {
        CHECK(e.tag() == "0000_deferred");
        CHECK(e.statementIndex() == 0);
        CHECK_THAT(e.what(), Contains("0000_deferred.sql") && Contains("(COMMIT)") && Contains("FOREIGN KEY"));
    }
    CHECK_FALSE(db.tableExists("p"));
}

// ---- foreign keys on every migration, not only rebuilds (issue 11) ----

namespace {
const char* kOrphan =
    "CREATE TABLE `tags` (`id` integer PRIMARY KEY NOT NULL, `post_id` integer REFERENCES `posts`(`id`));\n"
    "--> statement-breakpoint\nINSERT INTO `tags` VALUES (1, 777);";

int trackedRows(SQLite::Database& db) { return db.execAndGet("SELECT count(*) FROM __drizzle_migrations").getInt(); }
}  // namespace

TEST_CASE("a migration inserting an orphan row fails and rolls back, even on a connection with foreign keys off") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    REQUIRE(db.execAndGet("PRAGMA foreign_keys").getInt() == 0);  // the caller did not turn them on
    sqlite::Dialect dialect(db);
    auto mode = GENERATE(TransactionMode::PerMigration, TransactionMode::AllInOne);
    MigratorOptions options;
    options.transactionMode = mode;
    try {
        Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}, {"0001_orphan", kOrphan}}), options).upToDate();
        FAIL("expected MigrationFailed");
    } catch (const MigrationFailed& e) {
        CHECK(e.tag() == "0001_orphan");
        CHECK_THAT(e.what(), Contains("foreign_key_check") && Contains("tags") && Contains("posts"));
    }
    CHECK_FALSE(db.tableExists("tags"));
    CHECK(trackedRows(db) == (mode == TransactionMode::PerMigration ? 1 : 0));
}

TEST_CASE("orphans from before do not fail later migrations of the same run; the ones a migration makes do") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);  // foreign keys off: orphans can exist
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}})).upToDate();
    db.exec("INSERT INTO users VALUES (1, 'ada'); INSERT INTO posts VALUES (10, 1), (11, 99);");  // 11: orphan
    auto mode = GENERATE(TransactionMode::PerMigration, TransactionMode::AllInOne);
    MigratorOptions options;
    options.transactionMode = mode;
    const std::vector<test::FolderEntry> clean{{"0000_init", kSchema},
                                               {"0001_more", "INSERT INTO posts VALUES (12, 1);"},
                                               {"0002_notes", "CREATE TABLE notes (id integer PRIMARY KEY);"}};
    Report report = Migrator(dialect, folderSet(dir, clean), options).upToDate();
    CHECK(report.applied.size() == 2);

    // A third migration adding an orphan of its own fails although the old one is still there.
    auto withOrphan = clean;
    withOrphan.push_back({"0003_bad", "INSERT INTO posts VALUES (13, 98);"});
    CHECK_THROWS_WITH(Migrator(dialect, folderSet(dir, withOrphan), options).upToDate(),
                      Contains("0003_bad") && Contains("1 new foreign key violation"));
    CHECK(db.execAndGet("SELECT count(*) FROM posts").getInt() == 3);
}

TEST_CASE("a Dialect that opens the file itself enforces foreign keys: cascades happen, orphans fail") {
    test::TempDir dir;
    const std::string path = (dir / "app.db").string();
    sqlite::Dialect dialect(path);
    CHECK(dialect.database().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}})).upToDate();
    CHECK_THROWS_WITH(
        Migrator(dialect, folderSet(dir, {{"0000_init", kSchema}, {"0001_orphan", kOrphan}})).upToDate(),
        Contains("0001_orphan") && Contains("FOREIGN KEY constraint failed"));
    CHECK_FALSE(dialect.database().tableExists("tags"));
    dialect.database().exec("INSERT INTO users VALUES (1, 'ada'); INSERT INTO posts VALUES (10, 1);");
    dialect.database().exec("DELETE FROM users WHERE id = 1");
    CHECK(dialect.database().execAndGet("SELECT count(*) FROM posts").getInt() == 0);
}

TEST_CASE("ob-migrate migrate refuses a migration inserting an orphan row and records nothing of it") {
    test::TempDir dir;
    const std::string db = (dir / "app.db").string();
    folderSet(dir, {{"0000_init", kSchema}, {"0001_orphan", kOrphan}});
    auto r = test::runProcess({test::cliPath(), "--db-type", "sqlite", "--url", db, "--dir", dir.path().string(),
                               "migrate"});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.err, Contains("0001_orphan") && Contains("FOREIGN KEY"));
    SQLite::Database check(db, SQLite::OPEN_READWRITE);
    CHECK_FALSE(check.tableExists("tags"));
    CHECK(trackedRows(check) == 1);

    // Orphans made by another connection before do not stop the next migration.
    check.exec("INSERT INTO posts VALUES (10, 42)");
    folderSet(dir, {{"0000_init", kSchema}, {"0001_notes", "CREATE TABLE notes (id integer PRIMARY KEY);"}});
    r = test::runProcess({test::cliPath(), "--db-type", "sqlite", "--url", db, "--dir", dir.path().string(),
                          "migrate"});
    CHECK(r.exitCode == 0);
    CHECK(trackedRows(check) == 2);
}

TEST_CASE("a deferred foreign key violation fails the migration on a connection with foreign keys off too") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);  // foreign keys off: SQLite would commit it
    const char* deferred =
        "CREATE TABLE p (id integer PRIMARY KEY);\n--> statement-breakpoint\n"
        "CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED);\n"
        "--> statement-breakpoint\nINSERT INTO c VALUES (1, 42);";
    CHECK_THROWS_WITH(Migrator(dialect, folderSet(dir, {{"0000_deferred", deferred}})).upToDate(),
                      Contains("0000_deferred.sql") && Contains("row 1 of c references a missing row of p"));
    CHECK_FALSE(db.tableExists("p"));
}
