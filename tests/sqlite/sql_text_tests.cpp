// SQLite: SQL runs as written (pragmas lifted only as whole statements), errors name the statement
// of a chunk that failed and the file that is not a database.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
MigrationSet folderSet(const test::TempDir& dir, std::vector<test::FolderEntry> entries) {
    test::writeFolder(dir.path(), "sqlite", entries);
    return MigrationSet::fromDirectory(dir.path());
}
}  // namespace

TEST_CASE("a pragma line inside a string literal is data, not a pragma") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);
    const std::string body = "first\nPRAGMA foreign_keys=OFF\n  pragma foreign_keys = on;\nlast";
    Migrator(dialect, folderSet(dir, {{"0000_notes", "CREATE TABLE notes (body text);\nINSERT INTO notes VALUES ('" +
                                                         body + "');\n", 0, false}}))
        .upToDate();
    CHECK(db.execAndGet("SELECT body FROM notes").getString() == body);
}

TEST_CASE("a pragma inside a comment does not suspend foreign keys") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");
    sqlite::Dialect dialect(db);
    auto set = folderSet(dir, {{"0000_tables",
                                "CREATE TABLE users (id integer PRIMARY KEY);\n"
                                "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users(id));\n"
                                "/* the rebuild used to say\nPRAGMA foreign_keys=OFF;\n*/\n"
                                "INSERT INTO posts VALUES (1, 42);\n",
                                0, false}});
    try {
        Migrator(dialect, set).upToDate();
        FAIL("an orphan was accepted");
    } catch (const MigrationFailed& e) {
        CHECK_THAT(e.databaseMessage(), Contains("FOREIGN KEY constraint failed"));
        CHECK(e.details().line == 6);  // the INSERT, not the chunk's first line
    }
}

TEST_CASE("a statement failing at run time inside a chunk is named by its line") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);
    auto set = folderSet(dir, {{"0000_dup",
                                "-- Custom SQL migration file, put your code below! --\n"
                                "CREATE TABLE tags (name text UNIQUE);\nINSERT INTO tags VALUES ('a');\n"
                                "INSERT INTO tags VALUES ('a');\n",
                                0, false}});
    try {
        Migrator(dialect, set).upToDate();
        FAIL("no error");
    } catch (const MigrationFailed& e) {
        CHECK(e.details().line == 4);
        CHECK(e.details().statement == "INSERT INTO tags VALUES ('a');");
        CHECK_THAT(e.what(), Contains("0000_dup.sql:4") && Contains("UNIQUE constraint failed"));
    }
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'tags'").getInt() == 0);
}

TEST_CASE("a no-transaction migration that fails midway says which statements ran") {
    test::TempDir dir;
    SQLite::Database db((dir / "app.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Dialect dialect(db);
    auto set = folderSet(dir, {{"0000_half",
                                "-- ob-migrate: no-transaction\nCREATE TABLE a (id integer);\n"
                                "INSERT INTO missing VALUES (1);\n",
                                0, false}});
    try {
        Migrator(dialect, set).upToDate();
        FAIL("no error");
    } catch (const MigrationFailed& e) {
        CHECK_THAT(e.what(), Contains("outside a transaction: the statements before line 3 ran") &&
                                 !Contains("nothing of it was applied"));
    }
    CHECK(db.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'a'").getInt() == 1);
}

TEST_CASE("a file that is not a SQLite database: the error names it") {
    test::TempDir dir;
    const auto path = dir / "notes.txt";
    test::writeText(path, std::string(4096, 'x') + "\nthis is a text file, not a database\n");
    try {
        sqlite::Dialect dialect(path.string());
        test::TempDir migrations;
        Migrator(dialect, folderSet(migrations, {{"0000_a", "CREATE TABLE a (id integer);"}})).upToDate();
        FAIL("no error");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Contains("notes.txt") && Contains("not a SQLite database"));
    }
}
