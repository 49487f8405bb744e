// Transactions, no-transaction migrations and database errors on a real PostgreSQL server.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
const char* kTable =
    "CREATE TABLE items (id serial PRIMARY KEY, x integer NOT NULL, y integer NOT NULL);\n"
    "--> statement-breakpoint\n"
    "INSERT INTO items (x, y) SELECT g, g % 7 FROM generate_series(1, 500) AS g;";

MigrationFailed failureOf(Migrator& migrator) {
    try {
        migrator.upToDate();
    } catch (const MigrationFailed& e) {
        return e;
    }
    FAIL("the migration did not fail");
    throw std::logic_error("unreachable");
}

long long tracked(const test::ScratchDatabase& db) {
    return db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations");
}
}  // namespace

TEST_CASE("execute() throws DatabaseError with the server's message and SQLSTATE") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    postgres::Dialect dialect(db.url());
    try {
        dialect.execute("SELEC 1");
        FAIL("no error");
    } catch (const DatabaseError& e) {
        CHECK(e.sqlState() == "42601");
        CHECK_THAT(e.what(), Contains("syntax error at or near \"SELEC\""));
        CHECK_THAT(e.what(), !Contains("ERROR:"));
    }
    // Several statements in one chunk (simple query protocol).
    dialect.execute("CREATE TABLE a (id int); CREATE TABLE b (id int);");
    CHECK(db.scalarInt("SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b')") == 2);
}

TEST_CASE("a failing statement: MigrationFailed carries the SQLSTATE; the migration is rolled back") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_items", kTable)
        .add("0001_dup",
             "CREATE TABLE tags (name text UNIQUE);\n--> statement-breakpoint\n"
             "INSERT INTO tags VALUES ('a');\n--> statement-breakpoint\nINSERT INTO tags VALUES ('a');");
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load());
    MigrationFailed e = failureOf(migrator);
    CHECK(e.tag() == "0001_dup");
    CHECK(e.sqlState() == "23505");
    CHECK(e.statementIndex() == 3);
    CHECK(e.details().transactional);
    CHECK_THAT(e.databaseMessage(), Contains("duplicate key value violates unique constraint \"tags_name_key\""));
    CHECK_THAT(e.what(), Contains("[23505]") && Contains("rolled back"));
    CHECK(db.scalarInt("SELECT count(*) FROM pg_tables WHERE tablename = 'tags'") == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM items") == 500);  // 0000 committed on its own
    CHECK(tracked(db) == 1);

    // The connection is usable after the rollback: fix the file and run again.
    test::PgFolder fixed;
    fixed.entries = folder.entries;
    fixed.entries[1].sql = "CREATE TABLE tags (name text UNIQUE);";
    fixed.add("0002_more", "INSERT INTO tags VALUES ('b');");
    Migrator again(dialect, fixed.load());
    CHECK(again.upToDate().applied.size() == 2);
    CHECK(tracked(db) == 3);
}

TEST_CASE("a no-transaction migration runs CREATE INDEX CONCURRENTLY") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_items", kTable)
        .add("0001_indexes",
             "-- ob-migrate: no-transaction\n"
             "CREATE INDEX CONCURRENTLY items_x_idx ON items (x);\n--> statement-breakpoint\n"
             "CREATE UNIQUE INDEX CONCURRENTLY items_xy_idx ON items (x, y);")
        .add("0002_after", "ALTER TABLE items ADD COLUMN note text;");
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load());
    auto plan = migrator.plan();
    REQUIRE(plan.size() == 3);
    CHECK_FALSE(plan[1].transactional);
    CHECK(migrator.upToDate().applied.size() == 3);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname IN ('items_x_idx', 'items_xy_idx') AND i.indisvalid") == 2);
    CHECK(tracked(db) == 3);
}

TEST_CASE("CREATE INDEX CONCURRENTLY inside a transaction fails with 25001 and a hint") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_items", kTable).add("0001_index", "CREATE INDEX CONCURRENTLY items_x_idx ON items (x);");
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load());
    MigrationFailed e = failureOf(migrator);
    CHECK(e.sqlState() == "25001");
    CHECK_THAT(e.databaseMessage(), Contains("cannot run inside a transaction block") &&
                                        Contains("-- ob-migrate: no-transaction"));
    CHECK(tracked(db) == 1);
}

TEST_CASE("a no-transaction migration failing midway keeps what ran, is not recorded, says so") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_items", kTable)
        .add("0001_partial",
             "-- ob-migrate: no-transaction\n"
             "CREATE INDEX CONCURRENTLY items_x_idx ON items (x);\n--> statement-breakpoint\n"
             "CREATE INDEX CONCURRENTLY items_z_idx ON items (z);\n--> statement-breakpoint\n"
             "CREATE INDEX CONCURRENTLY items_y_idx ON items (y);");
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load());
    MigrationFailed e = failureOf(migrator);
    CHECK(e.tag() == "0001_partial");
    CHECK(e.statementIndex() == 2);
    CHECK(e.sqlState() == "42703");
    CHECK_FALSE(e.details().transactional);
    CHECK_THAT(e.what(), Contains("outside a transaction") && Contains("column \"z\" does not exist"));
    CHECK(db.scalarInt("SELECT count(*) FROM pg_class WHERE relname = 'items_x_idx'") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_class WHERE relname = 'items_y_idx'") == 0);
    CHECK(tracked(db) == 1);
    CHECK(migrator.pending().size() == 1);
}

TEST_CASE("several statements in one chunk of a no-transaction file: 25001 with the chunk hint") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_items", kTable)
        .add("0001_both",
             "-- ob-migrate: no-transaction\n"
             "CREATE INDEX CONCURRENTLY items_x_idx ON items (x);\n"
             "CREATE INDEX CONCURRENTLY items_y_idx ON items (y);");
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load());
    MigrationFailed e = failureOf(migrator);
    CHECK(e.sqlState() == "25001");
    CHECK_FALSE(e.details().transactional);
    CHECK_THAT(e.databaseMessage(), Contains("--> statement-breakpoint"));
}

TEST_CASE("AllInOne: a failure in the last migration rolls back every one of them") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_items", kTable).add("0001_bad", "INSERT INTO items (x) VALUES (1);");
    postgres::Dialect dialect(db.url());
    MigratorOptions options;
    options.transactionMode = TransactionMode::AllInOne;
    Migrator migrator(dialect, folder.load(), options);
    MigrationFailed e = failureOf(migrator);
    CHECK(e.sqlState() == "23502");  // not_null_violation
    CHECK(db.scalarInt("SELECT count(*) FROM pg_tables WHERE tablename = 'items'") == 0);
    CHECK(tracked(db) == 0);
}

TEST_CASE("a run-time error in a chunk of several statements says the server did not name the statement") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_dup", "-- Custom SQL migration file, put your code below! --\n"
                           "CREATE TABLE tags (name text UNIQUE);\nINSERT INTO tags VALUES ('a');\n"
                           "INSERT INTO tags VALUES ('a');\n");
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load());
    MigrationFailed e = failureOf(migrator);
    CHECK(e.sqlState() == "23505");
    CHECK(e.details().line == 2);  // not the template comment's line
    CHECK_THAT(e.details().statement, Contains("CREATE TABLE tags") &&
                                          Contains("the first of the 3 statements of this chunk; the database did "
                                                   "not say which one failed"));
}
