// The check scenarios on PostgreSQL (a fresh database per test on OB_MIGRATE_TEST_PG_URL), and
// what PostgreSQL introspection and normalisation make of the server's spelling.
#include <catch2/catch.hpp>

#include <pqxx/pqxx>

#include "ob/migrate/compare.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "ob/migrate/postgres/introspect.hpp"
#include "backends.hpp"
#include "scenarios.hpp"

namespace ob::migrate::check_test {

namespace {

std::string handMade(const std::string& titleType) {
    return R"(
CREATE TYPE role AS ENUM ('admin', 'member');
CREATE TABLE users (
  id SERIAL PRIMARY KEY,
  email VARCHAR(255) NOT NULL,
  name TEXT DEFAULT 'anonymous',
  role role NOT NULL DEFAULT 'member',
  created_at TIMESTAMP NOT NULL DEFAULT now(),
  CONSTRAINT users_email_unique UNIQUE (email)
);
CREATE TABLE posts (
  id SERIAL PRIMARY KEY,
  author_id INTEGER NOT NULL CONSTRAINT posts_author_id_users_id_fk REFERENCES users (id) ON DELETE CASCADE,
  title )" + titleType + R"( NOT NULL,
  body TEXT,
  published BOOLEAN NOT NULL DEFAULT FALSE,
  meta JSONB DEFAULT '{"v": 1, "tags": []}',
  price NUMERIC(10,2),
  CONSTRAINT posts_title_check CHECK (length(title) > 0)
);
CREATE INDEX posts_author_idx ON posts (author_id);
CREATE INDEX posts_published_idx ON posts (title) WHERE published = true;
)";
}

const Table& table(const Schema& s, const std::string& name) {
    const Table* t = s.findTable(name);
    REQUIRE(t != nullptr);
    return *t;
}

}  // namespace

TEST_CASE("postgres: check passes on a database migrated from a generated folder", "[postgres][check]") {
    if (auto target = postgresTarget()) cleanDatabasePasses(*target);
}

TEST_CASE("postgres: a folder drizzle-kit generated introspects equal to its last snapshot", "[postgres][check]") {
    if (auto target = postgresTarget())
        drizzleFolderMatches(*target,
                             std::filesystem::path(OB_MIGRATE_SOURCE_DIR) / "tests/schema/fixtures/drizzle-postgresql");
}

TEST_CASE("postgres: check names each difference made by hand and exits 3", "[postgres][check]") {
    auto target = postgresTarget();
    if (!target) return;
    handChangesAreNamed(
        *target,
        {"ALTER TABLE users ALTER COLUMN email TYPE text;\n"
         "ALTER TABLE users ALTER COLUMN name DROP NOT NULL;\n"
         "ALTER TABLE posts ALTER COLUMN published SET DEFAULT true;\n"
         "ALTER TABLE posts DROP CONSTRAINT posts_author_id_users_id_fk;\n"
         "ALTER TABLE posts ADD CONSTRAINT posts_author_id_users_id_fk FOREIGN KEY (author_id) REFERENCES users (id);\n"
         "ALTER TYPE role ADD VALUE 'guest';\n"
         "CREATE TABLE audit (id serial PRIMARY KEY);",
         {"enum role has values ('admin', 'member', 'guest'), expected ('admin', 'member')",
          "table audit is not expected",
          "table posts: column published has default true, expected false",
          "table posts: foreign key posts_author_id_users_id_fk is (author_id) references users(id) on delete no action "
          "on update no action, expected (author_id) references users(id) on delete cascade on update no action",
          "table users: column email is text, expected varchar(255)",
          "table users: column name is nullable, expected NOT NULL"}});
}

TEST_CASE("postgres: a hand-made database is baselined after a schema check, then migrated", "[postgres][check]") {
    if (auto target = postgresTarget())
        baselineHandMadeDatabase(*target, handMade("TEXT"), handMade("VARCHAR(200)"),
                                 "table posts: column title is varchar(200), expected text");
}

TEST_CASE("postgres: migrate --to and back gives the same introspected schema", "[postgres][check]") {
    if (auto target = postgresTarget()) migrateToRoundTrip(*target);
}

TEST_CASE("postgres: ob-migrate test passes on a generated folder", "[postgres][replay]") {
    if (auto target = postgresTarget()) replayPasses(*target);
}

TEST_CASE("postgres: ob-migrate test names the migration whose SQL disagrees with its snapshot", "[postgres][replay]") {
    if (auto target = postgresTarget()) replayNamesBadMigrations(*target);
}

TEST_CASE("postgres: introspection spells types, defaults and keys as snapshots do", "[postgres][introspect]") {
    auto db = test::requireBackend("postgresql");
    if (!db) return;
    db->exec(R"(
        CREATE SCHEMA app;
        CREATE TYPE app.mood AS ENUM ('sad', 'ok');
        CREATE TABLE app.things (
          id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          code character varying(12) NOT NULL DEFAULT 'x',
          moods app.mood[] DEFAULT '{}',
          amount numeric(8,3) DEFAULT -1.5,
          n integer DEFAULT -1,
          doc jsonb DEFAULT '{"b": 1, "a": [1, 2]}',
          at timestamp(3) with time zone DEFAULT CURRENT_TIMESTAMP,
          flag boolean DEFAULT true,
          twice integer GENERATED ALWAYS AS (n * 2) STORED,
          CONSTRAINT things_code_n_key UNIQUE (code, n),
          CONSTRAINT things_n_check CHECK (n IN (-1, 1, 2))
        );
        CREATE INDEX things_lower_code ON app.things (lower(code) DESC NULLS LAST, n) WHERE flag;
        CREATE TABLE public.pairs (a integer, b integer, CONSTRAINT pairs_pk PRIMARY KEY (a, b),
          CONSTRAINT pairs_thing_fk FOREIGN KEY (a) REFERENCES app.things (id) ON DELETE SET NULL ON UPDATE RESTRICT);
    )");
    pqxx::connection c(db->url());
    const Schema s = postgres::introspect(c);
    REQUIRE(s.tables.size() == 2);
    REQUIRE(s.enums.size() == 1);
    CHECK(s.enums[0].schema == "app");
    CHECK(s.enums[0].values == std::vector<std::string>{"sad", "ok"});

    const Table& things = table(s, "things");
    CHECK(things.schema == "app");
    const Column& id = *things.findColumn("id");
    CHECK(id.type == "bigint");
    CHECK(id.primaryKey);
    REQUIRE(id.identity.has_value());
    CHECK(id.identity->type == "always");
    CHECK(id.identity->name == "things_id_seq");
    CHECK(id.identity->maxValue == "9223372036854775807");
    CHECK(things.findColumn("code")->type == "varchar(12)");
    CHECK(things.findColumn("code")->defaultValue == std::optional<std::string>("'x'"));
    CHECK(things.findColumn("moods")->type == "mood[]");
    CHECK(things.findColumn("moods")->typeSchema == "app");
    CHECK(things.findColumn("amount")->type == "numeric(8, 3)");
    CHECK(things.findColumn("amount")->defaultValue == std::optional<std::string>("-1.5"));
    CHECK(things.findColumn("n")->defaultValue == std::optional<std::string>("-1"));
    CHECK(things.findColumn("doc")->defaultValue == std::optional<std::string>("'{\"a\":[1,2],\"b\":1}'::jsonb"));
    CHECK(things.findColumn("at")->type == "timestamp (3) with time zone");
    CHECK(things.findColumn("flag")->defaultValue == std::optional<std::string>("true"));
    REQUIRE(things.findColumn("twice")->generated.has_value());
    REQUIRE(things.uniqueConstraints.size() == 1);
    CHECK(things.uniqueConstraints[0].columns == std::vector<std::string>{"code", "n"});
    REQUIRE(things.checkConstraints.size() == 1);
    REQUIRE(things.indexes.size() == 1);
    const Index& idx = things.indexes[0];
    CHECK(idx.where == "flag");
    REQUIRE(idx.columns.size() == 2);
    CHECK(idx.columns[0].isExpression);
    CHECK_FALSE(idx.columns[0].asc);
    CHECK(idx.columns[0].nulls == "last");
    CHECK(idx.columns[1].expression == "n");

    const Table& pairs = table(s, "pairs");
    CHECK(pairs.schema.empty());
    REQUIRE(pairs.compositePrimaryKeys.size() == 1);
    CHECK(pairs.compositePrimaryKeys[0].name == "pairs_pk");
    REQUIRE(pairs.foreignKeys.size() == 1);
    CHECK(pairs.foreignKeys[0].schemaTo == "app");
    CHECK(pairs.foreignKeys[0].onDelete == "set null");
    CHECK(pairs.foreignKeys[0].onUpdate == "restrict");
}

TEST_CASE("postgres: normalize spells expected expressions as the server stores them", "[postgres][introspect]") {
    auto db = test::requireBackend("postgresql");
    if (!db) return;
    db->exec(R"(CREATE TABLE orders (id serial PRIMARY KEY, status text NOT NULL DEFAULT 'new',
                  total numeric NOT NULL, CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid')));
                CREATE INDEX orders_open ON orders (id) WHERE status <> 'paid' AND total > 0;)");
    postgres::Dialect dialect(db->url());
    Schema expected = dialect.introspect();
    Table& orders = *expected.findTable("orders");
    // How a snapshot writes the same things: qualified, quoted, IN lists, no casts.
    orders.checkConstraints[0].value = "\"orders\".\"status\" in ('new','paid')";
    orders.indexes[0].where = "\"orders\".\"status\" != 'paid' and \"orders\".\"total\" > 0";
    CHECK_FALSE(compareSchemas(dialect.introspect(), expected).empty());  // text alone differs
    CHECK(compareSchemas(dialect.normalize(dialect.introspect()), dialect.normalize(expected)).empty());

    orders.checkConstraints[0].value = "status in ('new', 'paid', 'void')";
    const auto diffs = compareSchemas(dialect.normalize(dialect.introspect()), dialect.normalize(expected));
    REQUIRE(diffs.size() == 1);
    CHECK(diffs[0].message.rfind("table orders: check orders_status_check is ", 0) == 0);
    // Normalising changed nothing in the database.
    CHECK(dialect.introspect().tables.size() == 1);
}

}  // namespace ob::migrate::check_test
