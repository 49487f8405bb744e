// PostgreSQL column types, arrays, generated and identity columns, sequences and schemas in the
// DSL: validation, and resolution for each dialect as drizzle-kit 0.31 serialises them.
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

Definition one(ColumnBuilder column) { return schema({table("t", {integer("id").primaryKey(), std::move(column)})}); }

}  // namespace

TEST_CASE("types, arrays, generated columns and sequences are validated when the schema is built", "[schema][dsl][types]") {
    CHECK(mentions(schemaError([] { one(time("at", false, 7)); }), "precision is at most 6"));
    CHECK(mentions(schemaError([] { one(interval("span", "days")); }), "interval fields \"days\""));
    CHECK(mentions(schemaError([] { one(text("a").defaultArray()); }), "defaultArray() needs an array() column"));
    CHECK(mentions(schemaError([] { one(text("a").array().defaultValue("x")); }), "takes defaultArray() or defaultSql()"));
    CHECK(mentions(schemaError([] { one(serial("n").array()); }), "auto-numbered column cannot be an array"));
    CHECK(mentions(schemaError([] { one(text("g").generatedAlwaysAs("a").defaultValue("x")); }),
                   "generated column cannot have a default"));
    CHECK(mentions(schemaError([] { one(text("g").generatedAlwaysAs("")); }), "empty expression"));
    CHECK(mentions(schemaError([] { schema({table("t", {integer("id").primaryKey().generatedAlwaysAs("1")})}); }),
                   "cannot be the primary key"));
    CHECK(mentions(schemaError([] {
                       schema({table("t", {integer("id")})}, {}, {sequence("s", SequenceOptions().minValue(5).maxValue(1))});
                   }),
                   "minValue 5 is above maxValue 1"));
    CHECK(mentions(schemaError([] { schema({table("t", {integer("id")})}, {}, {sequence("s"), sequence("s")}); }),
                   "sequence public.s is declared twice"));
    CHECK(mentions(schemaError([] { schema({table("t", {integer("id")})}, {}, {sequence("s", SequenceOptions().increment(0))}); }),
                   "increment is 0"));
    CHECK(mentions(schemaError([] { schema({pgSchema("pg_mine").table("t", {integer("id")})}); }), "reserved by PostgreSQL"));
    CHECK(mentions(schemaError([] {
                       schema({table("t", {integer("id").generatedAlwaysAsIdentity(SequenceOptions().startWith(0).minValue(1))})});
                   }),
                   "startWith 0 is below minValue 1"));
}

TEST_CASE("SQLite resolves PostgreSQL types to text, generated columns virtual, and refuses arrays",
          "[schema][dsl][types][sqlite]") {
    sqlite::Renderer sqlite;
    Schema s = schema({pgSchema("billing").table("t", {integer("id").primaryKey(), inet("ip"), character("c", 3),
                                                        text("g").generatedAlwaysAs("upper(ip)"),
                                                        text("h").generatedAlwaysAs("lower(ip)", GeneratedMode::Stored)})},
                      {}, {sequence("counter")})
                   .resolve(sqlite);
    const Table& t = s.tables.at(0);
    CHECK(t.schema.empty());  // SQLite has no schemas
    CHECK(s.sequences.empty());
    CHECK(s.schemas.empty());
    CHECK(t.findColumn("ip")->type == "text");
    CHECK(t.findColumn("c")->type == "text");
    CHECK(*t.findColumn("g")->generated == Generated{"virtual", "(upper(ip))"});
    CHECK(*t.findColumn("h")->generated == Generated{"stored", "(lower(ip))"});
    CHECK(mentions(schemaError([&] { one(text("tags").array()).resolve(sqlite); }), "SQLite has no array columns"));
}

#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
TEST_CASE("PostgreSQL types, arrays and their defaults resolve to drizzle-kit's spellings", "[schema][dsl][types][postgres]") {
    postgres::Renderer pg;
    Schema s = schema({table("t", {
                           smallserial("id").primaryKey(),
                           character("code", 3), character("flag"),
                           time("at"), time("at_tz", true, 3),
                           timestamp("stamp", false, 3), timestamp("stamp_tz", true, 6),
                           interval("span"), interval("span_days", "day to second", 3),
                           inet("ip"), cidr("net"), macaddr("mac"), macaddr8("mac8"), point("spot"), line("edge"),
                           bytea("raw"),
                           integer("grid").array().array(),
                           varchar("labels", 20).array().defaultArray(std::vector<std::string>{"a", "b\"c"}),
                           integer("pair").array().defaultArray(std::vector<long long>{1, -2}),
                           text("empty").array().defaultArray(),
                       })})
                   .resolve(pg);
    const Table& t = s.tables.at(0);
    auto type = [&](const char* c) { return t.findColumn(c)->type; };
    CHECK(type("id") == "smallserial");
    CHECK(type("code") == "char(3)");
    CHECK(type("flag") == "char");
    CHECK(type("at") == "time");
    CHECK(type("at_tz") == "time(3) with time zone");
    CHECK(type("stamp") == "timestamp (3)");
    CHECK(type("stamp_tz") == "timestamp (6) with time zone");
    CHECK(type("span") == "interval");
    CHECK(type("span_days") == "interval day to second(3)");
    CHECK(type("ip") == "inet");
    CHECK(type("mac8") == "macaddr8");
    CHECK(type("raw") == "bytea");
    CHECK(type("grid") == "integer[][]");
    CHECK(type("labels") == "varchar(20)[]");
    CHECK(*t.findColumn("labels")->defaultValue == "'{\"a\",\"b\\\"c\"}'");
    CHECK(*t.findColumn("pair")->defaultValue == "'{1,-2}'");
    CHECK(*t.findColumn("empty")->defaultValue == "'{}'");
    // drizzle-kit quotes the types its list does not know.
    const std::string create = postgres::createTableSql(t);
    CHECK(create.find("\"id\" \"smallserial\" PRIMARY KEY NOT NULL") != std::string::npos);
    CHECK(create.find("\"ip\" \"inet\",") != std::string::npos);
    CHECK(create.find("\"raw\" \"bytea\",") != std::string::npos);
    CHECK(create.find("\"grid\" integer[][],") != std::string::npos);
    CHECK_THROWS_AS(one(text("g").generatedAlwaysAs("1", GeneratedMode::Virtual)).resolve(pg), SchemaError);
}

TEST_CASE("PostgreSQL identity options, sequences and schemas take Drizzle Kit's defaults", "[schema][dsl][types][postgres]") {
    postgres::Renderer pg;
    auto billing = pgSchema("billing");
    auto status = billing.enumType("status", {"open"});
    auto items = table("items", {
        integer("id").primaryKey().generatedAlwaysAsIdentity(SequenceOptions().startWith(10).increment(5).cycle()),
        smallint("down").generatedByDefaultAsIdentity(SequenceOptions().name("down_seq").increment(-1)),
    });
    auto invoices = billing.table("invoices", {
        bigint("id").primaryKey().generatedByDefaultAsIdentity(),
        integer("item_id").references(items, "id"),
        status("status"),
    });
    auto notes = table("notes", {integer("invoice_id").references(invoices, "id")});
    Schema s = schema({items, invoices, notes}, {status},
                      {sequence("up"), sequence("down", SequenceOptions().increment(-2)), billing.sequence("no")})
                   .resolve(pg);
    const Identity& id = *s.findTable("items")->findColumn("id")->identity;
    CHECK(id == Identity{"always", "items_id_seq", "public", "5", "10", "1", "2147483647", "1", true});
    const Identity& down = *s.findTable("items")->findColumn("down")->identity;
    CHECK(down == Identity{"byDefault", "down_seq", "public", "-1", "-1", "-32768", "-1", "1", false});
    const Table& inv = *s.findTable("invoices");
    CHECK(inv.schema == "billing");
    CHECK(inv.findColumn("id")->identity->schema == "billing");
    CHECK(inv.findColumn("id")->identity->maxValue == "9223372036854775807");
    CHECK(inv.findColumn("status")->typeSchema == "billing");
    CHECK(inv.foreignKeys.at(0).schemaTo.empty());  // items is in public
    CHECK(s.findTable("notes")->foreignKeys.at(0).schemaTo == "billing");
    CHECK(s.schemas == std::vector<std::string>{"billing"});
    REQUIRE(s.sequences.size() == 3);
    CHECK(s.sequences[0] == Sequence{"up", "public", "1", "1", "1", "9223372036854775807", "1", false});
    CHECK(s.sequences[1] == Sequence{"down", "public", "-2", "-1", "-9223372036854775808", "-1", "1", false});
    CHECK(s.sequences[2].schema == "billing");
    CHECK(s.enums.at(0).schema == "billing");
}

TEST_CASE("PostgreSQL schemas and sequences render as drizzle-kit writes them, and come apart again",
          "[schema][dsl][types][postgres]") {
    postgres::Renderer pg;
    auto billing = pgSchema("billing");
    auto v1 = schema({billing.table("invoices", {integer("id").primaryKey()})}, {},
                     {sequence("counter", SequenceOptions().startWith(100).increment(2).maxValue(10000).cache(10).cycle())});
    auto v2 = schema({table("kept", {integer("id").primaryKey()})}, {},
                     {sequence("counter", SequenceOptions().startWith(100).increment(3).maxValue(10000).cache(10))});
    const Schema a = v1.resolve(pg), b = v2.resolve(pg);
    Schema empty;
    empty.dialect = "postgresql";
    CHECK(pg.render(diff(empty, a)) ==
          std::vector<std::string>{
              "CREATE SCHEMA \"billing\";\n",
              "CREATE SEQUENCE \"public\".\"counter\" INCREMENT BY 2 MINVALUE 1 MAXVALUE 10000 START WITH 100 CACHE 10 CYCLE;",
              "CREATE TABLE \"billing\".\"invoices\" (\n\t\"id\" integer PRIMARY KEY NOT NULL\n);\n",
          });
    // The schema goes last, after its table; a sequence that stops cycling says NO CYCLE.
    CHECK(pg.render(diff(a, b)) ==
          std::vector<std::string>{
              "ALTER SEQUENCE \"public\".\"counter\" INCREMENT BY 3 MINVALUE 1 MAXVALUE 10000 START WITH 100 CACHE 10 NO CYCLE;",
              "ALTER TABLE \"billing\".\"invoices\" DISABLE ROW LEVEL SECURITY;",
              "DROP TABLE \"billing\".\"invoices\" CASCADE;",
              "CREATE TABLE \"kept\" (\n\t\"id\" integer PRIMARY KEY NOT NULL\n);\n",
              "DROP SCHEMA \"billing\";\n",
          });
    CHECK(pg.render(diff(a, empty)).back() == "DROP SCHEMA \"billing\";\n");
}

TEST_CASE("PostgreSQL identity options change in place, as drizzle-kit changes them", "[schema][dsl][types][postgres]") {
    postgres::Renderer pg;
    auto v = [&](const SequenceOptions& options, bool always) {
        ColumnBuilder id = integer("id").primaryKey();
        if (always)
            id.generatedAlwaysAsIdentity(options);
        else
            id.generatedByDefaultAsIdentity(options);
        return schema({table("t", {id})}).resolve(pg);
    };
    CHECK(pg.render(diff(v(SequenceOptions().startWith(10).cache(20), true),
                         v(SequenceOptions().startWith(20).cache(20).maxValue(500).cycle(), false))) ==
          std::vector<std::string>{
              "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET GENERATED BY DEFAULT;",
              "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET MAXVALUE 500;",
              "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET START WITH 20;",
              "ALTER TABLE \"t\" ALTER COLUMN \"id\" SET CYCLE;",
          });
    // Another sequence name: the identity is dropped and made again.
    const auto renamed = pg.render(diff(v(SequenceOptions(), true), v(SequenceOptions().name("other_seq"), true)));
    REQUIRE(renamed.size() == 2);
    CHECK(renamed[0] == "ALTER TABLE \"t\" ALTER COLUMN \"id\" DROP IDENTITY;");
    CHECK(renamed[1].find("ADD GENERATED ALWAYS AS IDENTITY (sequence name \"other_seq\"") != std::string::npos);
}

TEST_CASE("a PostgreSQL generated column changes as drizzle-kit changes it", "[schema][dsl][types][postgres]") {
    postgres::Renderer pg;
    auto v = [&](std::optional<std::string> expression) {
        ColumnBuilder full = text("full");
        if (expression) full.generatedAlwaysAs(*expression);
        return schema({table("people", {integer("id").primaryKey(), text("first"), full})}).resolve(pg);
    };
    // A new expression, or a column that becomes generated: dropped and added again.
    const std::vector<std::string> readd{
        "ALTER TABLE \"people\" drop column \"full\";",
        "ALTER TABLE \"people\" ADD COLUMN \"full\" text GENERATED ALWAYS AS (upper(first)) STORED;"};
    CHECK(pg.render(diff(v("lower(first)"), v("upper(first)"))) == readd);
    CHECK(pg.render(diff(v(std::nullopt), v("upper(first)"))) == readd);
    // A column that stops being generated keeps its values.
    CHECK(pg.render(diff(v("upper(first)"), v(std::nullopt))) ==
          std::vector<std::string>{"ALTER TABLE \"people\" ALTER COLUMN \"full\" DROP EXPRESSION;"});
}
#endif
