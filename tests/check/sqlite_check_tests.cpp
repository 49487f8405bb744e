// The check scenarios on SQLite, and what SQLite introspection reads from the CREATE text.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "ob/migrate/compare.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "ob/migrate/sqlite/introspect.hpp"
#include "scenarios.hpp"

namespace ob::migrate::check_test {

namespace {

const char* kHandMade = R"(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT DEFAULT 'anonymous',
  role TEXT NOT NULL DEFAULT 'member',
  created_at TEXT NOT NULL DEFAULT (CURRENT_TIMESTAMP)
);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  %BODY%
  published INTEGER NOT NULL DEFAULT 0,
  meta TEXT DEFAULT '{"tags": [], "v": 1}',
  price NUMERIC,
  CONSTRAINT posts_title_check CHECK (length(title) > 0)
);
CREATE INDEX posts_author_idx ON posts (author_id);
CREATE INDEX posts_published_idx ON posts (title) WHERE published = true;
)";

std::string handMade(bool withBody) {
    std::string sql = kHandMade;
    sql.replace(sql.find("%BODY%"), 6, withBody ? "body TEXT," : "");
    return sql;
}

const Table& table(const Schema& s, const std::string& name) {
    const Table* t = s.findTable(name);
    REQUIRE(t != nullptr);
    return *t;
}

}  // namespace

TEST_CASE("sqlite: check passes on a database migrated from a generated folder", "[sqlite][check]") {
    cleanDatabasePasses(*sqliteTarget());
}

TEST_CASE("sqlite: a folder drizzle-kit generated introspects equal to its last snapshot", "[sqlite][check]") {
    drizzleFolderMatches(*sqliteTarget(), std::filesystem::path(OB_MIGRATE_SOURCE_DIR) / "tests/schema/fixtures/drizzle-sqlite");
}

TEST_CASE("sqlite: check names each difference made by hand and exits 3", "[sqlite][check]") {
    handChangesAreNamed(*sqliteTarget(),
                        {"ALTER TABLE users ADD COLUMN nickname TEXT;\n"
                         "DROP INDEX posts_author_idx;\n"
                         "CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);\n"
                         "CREATE INDEX tags_tag_idx ON tags (tag);\n"
                         "PRAGMA foreign_keys=OFF;\n"
                         "CREATE TABLE tags_new (post_id integer NOT NULL REFERENCES posts(id) ON DELETE CASCADE, "
                         "tag BLOB NOT NULL, PRIMARY KEY (post_id, tag));\n"
                         "DROP TABLE tags; ALTER TABLE tags_new RENAME TO tags;",
                         {"table audit is not expected", "table posts: index posts_author_idx is missing",
                          "table tags: column tag is blob, expected text", "table users: column nickname is not expected"}});
}

TEST_CASE("sqlite: a hand-made database is baselined after a schema check, then migrated", "[sqlite][check]") {
    baselineHandMadeDatabase(*sqliteTarget(), handMade(true), handMade(false), "table posts: column body is missing");
}

TEST_CASE("sqlite: migrate --to and back gives the same introspected schema", "[sqlite][check]") {
    migrateToRoundTrip(*sqliteTarget());
}

TEST_CASE("sqlite: ob-migrate test passes on a generated folder", "[sqlite][replay]") { replayPasses(*sqliteTarget()); }

TEST_CASE("sqlite: ob-migrate test names the migration whose SQL disagrees with its snapshot", "[sqlite][replay]") {
    replayNamesBadMigrations(*sqliteTarget());
}

TEST_CASE("sqlite: introspection reads names, expressions and keys from the CREATE text", "[sqlite][introspect]") {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
    db.exec(R"(
        CREATE TABLE "parents" (id INTEGER PRIMARY KEY AUTOINCREMENT, code VARCHAR(12) NOT NULL, CONSTRAINT parents_code_uq UNIQUE (code));
        CREATE TABLE kids (
          parent_id integer REFERENCES parents ON UPDATE SET NULL,
          n int NOT NULL CHECK (n >= 0),
          label text DEFAULT (lower('X')),
          total real GENERATED ALWAYS AS (n * 2) STORED,
          CONSTRAINT kids_pk PRIMARY KEY (parent_id, n),
          CHECK (label <> '')
        );
        CREATE INDEX kids_label_lower ON kids (lower(label), n DESC) WHERE label IS NOT NULL;
        CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);
    )");
    const Schema s = sqlite::introspect(db);
    REQUIRE(s.tables.size() == 2);  // the tracking table is left out
    const Table& parents = table(s, "parents");
    CHECK(parents.columns[0].primaryKey);
    CHECK(parents.columns[0].autoincrement);
    CHECK(parents.columns[0].notNull);  // a rowid alias
    CHECK(parents.columns[1].type == "varchar(12)");
    REQUIRE(parents.uniqueConstraints.size() == 1);
    CHECK(parents.uniqueConstraints[0].name == "parents_code_uq");
    CHECK(parents.uniqueConstraints[0].columns == std::vector<std::string>{"code"});

    const Table& kids = table(s, "kids");
    REQUIRE(kids.compositePrimaryKeys.size() == 1);
    CHECK(kids.compositePrimaryKeys[0].name == "kids_pk");
    CHECK(kids.compositePrimaryKeys[0].columns == std::vector<std::string>{"parent_id", "n"});
    REQUIRE(kids.foreignKeys.size() == 1);
    CHECK(kids.foreignKeys[0].name == "kids_parent_id_parents_id_fk");
    CHECK(kids.foreignKeys[0].columnsTo == std::vector<std::string>{"id"});  // the parent's key
    CHECK(kids.foreignKeys[0].onUpdate == "set null");
    CHECK(kids.foreignKeys[0].onDelete == "no action");
    CHECK(kids.findColumn("label")->defaultValue == std::optional<std::string>("(lower('X'))"));
    REQUIRE(kids.findColumn("total")->generated.has_value());
    CHECK(kids.findColumn("total")->generated->type == "stored");
    CHECK(kids.findColumn("total")->generated->as == "(n * 2)");
    REQUIRE(kids.checkConstraints.size() == 2);
    CHECK(kids.checkConstraints[0].name == "kids_check_1");
    CHECK(kids.checkConstraints[0].value == "n >= 0");
    CHECK(kids.checkConstraints[1].value == "label <> ''");
    REQUIRE(kids.indexes.size() == 1);
    const Index& idx = kids.indexes[0];
    CHECK(idx.where == "label IS NOT NULL");
    REQUIRE(idx.columns.size() == 2);
    CHECK(idx.columns[0].isExpression);
    CHECK(idx.columns[0].expression == "lower(label)");
    CHECK_FALSE(idx.columns[1].isExpression);
    CHECK(idx.columns[1].expression == "n");
    CHECK_FALSE(idx.columns[1].asc);
}

TEST_CASE("sqlite: normalize compares what SQLite keeps", "[sqlite][introspect]") {
    Schema a;
    a.dialect = "sqlite";
    Table t;
    t.name = "t";
    Column c;
    c.name = "code";
    c.type = "VARCHAR(12)";
    t.columns.push_back(c);
    ForeignKey fk;
    fk.name = "custom_name";
    fk.tableFrom = "t";
    fk.columnsFrom = {"code"};
    fk.tableTo = "u";
    fk.columnsTo = {"code"};
    t.foreignKeys.push_back(fk);
    t.uniqueConstraints.push_back(UniqueConstraint{"t_code_unique", {"code"}, false});
    a.tables.push_back(t);
    const Schema n = sqlite::normalize(a);
    CHECK(n.tables[0].columns[0].type == "text(12)");
    CHECK(n.tables[0].foreignKeys[0].name == "t_code_u_code_fk");
    CHECK(n.tables[0].uniqueConstraints.empty());
    REQUIRE(n.tables[0].indexes.size() == 1);
    CHECK(n.tables[0].indexes[0].isUnique);
    CHECK(n.tables[0].indexes[0].name == "t_code_unique");
}

}  // namespace ob::migrate::check_test
