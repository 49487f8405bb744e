// Indexes in the DSL: keys, order, nulls, operator classes, methods, predicates and parameters;
// validation, resolution per dialect, and the SQL drizzle-kit 0.31 writes for them.
#include <catch2/catch.hpp>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif
#include "schema_errors.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;
using ob::migrate::schema_test::mentions;
using ob::migrate::schema_test::schemaError;

namespace {

TableBuilder items() { return table("items", {integer("id").primaryKey(), text("email"), jsonb("related"), integer("score")}); }

Definition withIndex(const IndexBuilder& index) { return schema({items().index(index)}); }

}  // namespace

TEST_CASE("index declarations are validated when the schema is built", "[schema][dsl][index]") {
    CHECK(mentions(schemaError([] { withIndex(index("i")); }), "index i has no columns"));
    CHECK(mentions(schemaError([] { withIndex(index("i").on({"nope"})); }), "index i names unknown column nope"));
    CHECK(mentions(schemaError([] { withIndex(index("i").on({"score", key("score").desc()})); }),
                   "lists column score twice"));
    CHECK(mentions(schemaError([] { withIndex(index("i").on({expr("")})); }), "empty expression"));
    CHECK(mentions(schemaError([] { withIndex(index("i").using_("gin; drop", {"related"})); }),
                   "access method \"gin; drop\""));
    CHECK(mentions(schemaError([] { withIndex(index("i").on({key("related").op("a b")})); }), "operator class \"a b\""));
    CHECK(mentions(schemaError([] { withIndex(index("i").on({"score"}).with("fill factor", 70)); }),
                   "storage parameter \"fill factor\""));
    CHECK(mentions(schemaError([] { withIndex(index("i").on({"score"}).only("mysql")); }), "only for \"mysql\""));
    // An expression may repeat a column, and an expression may be anything.
    CHECK_NOTHROW(withIndex(index("i").on({"score", expr("(\"score\" + 1)")})));
}

TEST_CASE("SQLite keeps expression and partial indexes and refuses what Drizzle's SQLite indexes lack",
          "[schema][dsl][index][sqlite]") {
    sqlite::Renderer sqlite;
    Schema s = withIndex(uniqueIndex("i").on({expr("lower(\"email\")"), "score"}).where("\"items\".\"score\" > 0"))
                   .resolve(sqlite);
    const Index& idx = s.tables[0].indexes.at(0);
    CHECK(idx.isUnique);
    CHECK(idx.columns.at(0).isExpression);
    CHECK(idx.columns.at(0).expression == "lower(\"email\")");
    CHECK_FALSE(idx.columns.at(1).isExpression);
    CHECK(idx.where == "\"items\".\"score\" > 0");
    CHECK(sqlite::createIndexSql("items", idx) ==
          "CREATE UNIQUE INDEX `i` ON `items` (lower(\"email\"),`score`) WHERE \"items\".\"score\" > 0;");

    CHECK(mentions(schemaError([&] { withIndex(index("g").using_("gin", {"related"})).resolve(sqlite); }),
                   "index g of table items: SQLite indexes have no access method gin"));
    CHECK(mentions(schemaError([&] { withIndex(index("d").on({key("score").desc()})).resolve(sqlite); }),
                   "descending key (score)"));
    CHECK(mentions(schemaError([&] { withIndex(index("n").on({key("score").nullsFirst()})).resolve(sqlite); }),
                   "NULLS FIRST"));
    CHECK(mentions(schemaError([&] { withIndex(index("o").on({key("related").op("jsonb_ops")})).resolve(sqlite); }),
                   "operator class jsonb_ops"));
    CHECK(mentions(schemaError([&] { withIndex(index("w").on({"score"}).with("fillfactor", 70)).resolve(sqlite); }),
                   "storage parameter (fillfactor)"));
    CHECK(mentions(schemaError([&] { withIndex(index("c").on({"score"}).concurrently()).resolve(sqlite); }),
                   "CONCURRENTLY"));
    // An index for PostgreSQL only is not part of the SQLite schema.
    CHECK(withIndex(index("g").using_("gin", {"related"}).only("postgresql")).resolve(sqlite).tables[0].indexes.empty());
}

#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
TEST_CASE("PostgreSQL indexes resolve with every option and render as drizzle-kit writes them",
          "[schema][dsl][index][postgres]") {
    postgres::Renderer pg;
    auto sqlOf = [&](const IndexBuilder& index) {
        Schema s = withIndex(index).resolve(pg);
        REQUIRE(s.tables[0].indexes.size() == 1);
        return postgres::createIndexSql(s.tables[0], s.tables[0].indexes[0]);
    };
    // drizzle-kit 0.31.11's statements for the same declarations (tests/interop/schema/constructs).
    CHECK(sqlOf(index("g").using_("gin", {"related"}).where("\"items\".\"related\" IS NOT NULL")) ==
          "CREATE INDEX \"g\" ON \"items\" USING gin (\"related\") WHERE \"items\".\"related\" IS NOT NULL;");
    CHECK(sqlOf(index("o").using_("gin", {key("related").op("jsonb_path_ops")})) ==
          "CREATE INDEX \"o\" ON \"items\" USING gin (\"related\" jsonb_path_ops);");
    CHECK(sqlOf(uniqueIndex("e").on({expr("lower(\"email\")")})) ==
          "CREATE UNIQUE INDEX \"e\" ON \"items\" USING btree (lower(\"email\"));");
    CHECK(sqlOf(index("s").on({key("score").desc(), key("email").asc().nullsFirst()})) ==
          "CREATE INDEX \"s\" ON \"items\" USING btree (\"score\" DESC NULLS LAST,\"email\" NULLS FIRST);");
    CHECK(sqlOf(index("h").using_("hash", {"email"}).with("fillfactor", 70)) ==
          "CREATE INDEX \"h\" ON \"items\" USING hash (\"email\") WITH (fillfactor=70);");
    CHECK(sqlOf(index("b").using_("brin", {"score"}).concurrently()) ==
          "CREATE INDEX CONCURRENTLY \"b\" ON \"items\" USING brin (\"score\");");
    CHECK(sqlOf(index("p").using_("gist", {"score"}).with("buffering", "auto").with("fillfactor", 90)) ==
          "CREATE INDEX \"p\" ON \"items\" USING gist (\"score\") WITH (buffering=auto,fillfactor=90);");

    Schema s = withIndex(index("x").using_("spgist", {key("email").desc().nullsFirst()}).with("fillfactor", 50)).resolve(pg);
    const Index& idx = s.tables[0].indexes.at(0);
    CHECK(idx.method == "spgist");
    CHECK_FALSE(idx.columns.at(0).asc);
    CHECK(idx.columns.at(0).nulls == "first");
    CHECK(idx.with == std::vector<std::pair<std::string, std::string>>{{"fillfactor", "50"}});
    // The default method is btree, as Drizzle writes it.
    CHECK(withIndex(index("d").on({"score"})).resolve(pg).tables[0].indexes.at(0).method == "btree");
    // An index for SQLite only is not part of the PostgreSQL schema.
    CHECK(withIndex(index("q").on({"score"}).only("sqlite")).resolve(pg).tables[0].indexes.empty());
}
#endif
