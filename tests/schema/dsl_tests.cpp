// The DSL: validation errors at build time, and resolution for each dialect.
#include <catch2/catch.hpp>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "schema_errors.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;
using ob::migrate::schema_test::mentions;
using ob::migrate::schema_test::schemaError;

TEST_CASE("building a schema rejects defects with a SchemaError naming them", "[schema][dsl]") {
    auto users = table("users", {text("id").primaryKey(), text("email")});

    CHECK(mentions(schemaError([&] { schema({users, table("users", {text("id")})}); }), "table users is declared twice"));
    CHECK(mentions(schemaError([] { schema({table("t", {text("a"), integer("a")})}); }), "column a is declared twice"));
    CHECK(mentions(schemaError([] { schema({table("t", {text("a").references("nope", "id")})}); }),
                   "references unknown table nope"));
    CHECK(mentions(schemaError([&] { schema({users, table("t", {text("a").references("users", "uid")})}); }),
                   "references unknown column users.uid"));
    CHECK(mentions(schemaError([&] {
                       auto u = users;
                       schema({u.index("users_x_idx", {"missing"})});
                   }),
                   "index users_x_idx names unknown column missing"));
    CHECK(mentions(schemaError([] {
                       auto e = enumType("role", {"admin", "user"});
                       schema({table("t", {e("role").defaultValue("root")})}, {e});
                   }),
                   "default 'root' is not a value of enum role"));
    CHECK(mentions(schemaError([] {
                       auto e = enumType("role", {"admin"});
                       schema({table("t", {e("role")})});
                   }),
                   "enum role is not part of the schema"));
    CHECK(mentions(schemaError([] { schema({table("t", {text("a").primaryKey(), text("b").primaryKey()})}); }),
                   "more than one column is marked primaryKey()"));
    CHECK(mentions(schemaError([&] {
                       schema({users, table("a", {text("x")}).index("dup", {"x"}),
                               table("b", {text("y")}).index("dup", {"y"})});
                   }),
                   "dup is used twice"));
    CHECK(mentions(schemaError([&] {
                       schema({users, table("t", {text("a")}).foreignKey({"a"}, users, {"id", "email"})});
                   }),
                   "has 1 columns but references 2"));
    CHECK(mentions(schemaError([] { schema({table("t", {})}); }), "has no columns"));
    CHECK(mentions(schemaError([] { schema({table("t", {integer("n").defaultValue(1).generatedAlwaysAsIdentity()})}); }),
                   "auto-numbered column cannot have a default"));
    CHECK(mentions(schemaError([] { schema({table(std::string(64, 'x'), {text("a")})}); }), "PostgreSQL keeps only 63"));
    CHECK(mentions(schemaError([] { schema({table("t", {text("a").renamedFrom("b"), text("b")})}); }),
                   "renamed from b, which is still declared"));
    CHECK(mentions(schemaError([] { text("a").onDelete(Action::Cascade); }), "needs a references() first"));
}

TEST_CASE("a valid schema builds", "[schema][dsl]") {
    auto role = enumType("role", {"admin", "user"});
    auto users = table("users", {
        uuid("id").primaryKey().defaultRandom(),
        varchar("email", 320).notNull().unique(),
        role("role").notNull().defaultValue("user"),
        numeric("balance", 10, 2).notNull().defaultValue(0),
        boolean("active").defaultValue(true),
        jsonb("prefs").defaultJson("{}"),
        timestamptz("created_at").notNull().defaultNow(),
    });
    auto posts = table("posts", {
        serial("id").primaryKey(),
        uuid("author_id").notNull().references(users, "id").onDelete(Action::Cascade),
        text("title").notNull(),
    })
                     .index("posts_author_idx", {"author_id"})
                     .uniqueIndex("posts_title_idx", {"author_id", "title"}, "\"title\" <> ''")
                     .check("posts_title_check", "length(\"title\") > 0");
    Definition def = schema({users, posts}, {role});
    CHECK(def.tables().size() == 2);
    CHECK(def.findTable("posts")->indexes.size() == 2);
}

TEST_CASE("resolving for SQLite maps portable types and defaults", "[schema][dsl][sqlite]") {
    auto role = enumType("role", {"admin", "user"});
    auto t = table("t", {
        integer("id").primaryKey(),
        jsonb("doc").defaultJson("{\"a\":1}"),
        boolean("flag").notNull().defaultValue(true),
        role("role").defaultValue("user"),
        timestamp("at").defaultNow(),
        date("day").defaultNow(),
        varchar("name", 20).unique(),
        doublePrecision("ratio").defaultValue(0.5),
        blob("data"),
        text("custom").typeFor("sqlite", "text(64)").defaultSqlFor("sqlite", "'x'"),
    });
    sqlite::Renderer renderer;
    Schema s = schema({t}, {role}).resolve(renderer);
    REQUIRE(s.dialect == "sqlite");
    CHECK(s.enums.empty());
    const Table& r = s.tables.at(0);
    CHECK(r.findColumn("doc")->type == "text");
    CHECK(*r.findColumn("doc")->defaultValue == "'{\"a\":1}'");
    CHECK(r.findColumn("flag")->type == "integer");
    CHECK(*r.findColumn("flag")->defaultValue == "true");
    CHECK(r.findColumn("role")->type == "text");
    CHECK(r.findColumn("role")->typeSchema.empty());
    CHECK(*r.findColumn("role")->defaultValue == "'user'");
    CHECK(*r.findColumn("at")->defaultValue == "CURRENT_TIMESTAMP");
    CHECK(*r.findColumn("day")->defaultValue == "CURRENT_DATE");
    CHECK(r.findColumn("ratio")->type == "real");
    CHECK(*r.findColumn("ratio")->defaultValue == "0.5");
    CHECK(r.findColumn("data")->type == "blob");
    CHECK(r.findColumn("custom")->type == "text(64)");
    CHECK(*r.findColumn("custom")->defaultValue == "'x'");
    CHECK(r.findColumn("id")->notNull);
    // A column's unique() is a unique index on SQLite, named like Drizzle's.
    REQUIRE(r.findIndex("t_name_unique"));
    CHECK(r.findIndex("t_name_unique")->isUnique);
    CHECK(r.uniqueConstraints.empty());
}

TEST_CASE("SQLite refuses auto-numbering it cannot express", "[schema][dsl][sqlite]") {
    sqlite::Renderer renderer;
    auto def = schema({table("t", {integer("id").primaryKey(), serial("n")})});
    CHECK_THROWS_WITH(def.resolve(renderer), Catch::Contains("INTEGER PRIMARY KEY"));
}

TEST_CASE("renamedFrom declarations become rename hints", "[schema][dsl]") {
    auto def = schema({table("people", {text("id").primaryKey(), text("full_name").renamedFrom("name")})
                           .renamedFrom("users")});
    RenameHints hints = def.renames();
    REQUIRE(hints.tables.size() == 1);
    CHECK(hints.tables[0].from == "users");
    CHECK(hints.tables[0].to == "people");
    REQUIRE(hints.columns.size() == 1);
    CHECK(hints.columns[0].table == "people");
    CHECK(hints.columns[0].from == "name");
    CHECK(hints.columns[0].to == "full_name");
}

TEST_CASE("rename hints parse table and column forms", "[schema][dsl]") {
    RenameHints h = RenameHints::parse({"users=people", "people.name=full_name", "people.a = people.b"});
    REQUIRE(h.tables.size() == 1);
    CHECK(h.tables[0].from == "users");
    REQUIRE(h.columns.size() == 2);
    CHECK(h.columns[1].from == "a");
    CHECK(h.columns[1].to == "b");
    CHECK_THROWS_AS(RenameHints::parse({"nothing"}), ConfigError);
    CHECK_THROWS_AS(RenameHints::parse({"a.b=c.d"}), ConfigError);
    CHECK_THROWS_AS(RenameHints::parse({"=x"}), ConfigError);
}
