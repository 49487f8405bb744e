// writeDslSource without the CLI: every DSL construct comes back exactly, what the DSL cannot
// declare is named, and names and literals survive any spelling.
#include <catch2/catch.hpp>

#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/dsl_source.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_ADOPT_HAS_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif

using namespace ob::migrate;

namespace {

/// The README's cheat sheet, plus what it leaves out: every builder and modifier of the DSL.
dsl::Definition everything() {
    using namespace ob::migrate::dsl;
    auto status = enumType("status", {"draft", "published"});
    auto authors = table("authors", {
        serial("id").primaryKey(),
        varchar("email", 320).notNull().unique(),
        varchar("handle").unique("authors_handle_key"),
        text("name").notNull().defaultValue("it's anon"),
        boolean("active").notNull().defaultValue(true),
        timestamptz("created_at").notNull().defaultNow(),
        timestamp("seen_at").defaultSql("CURRENT_TIMESTAMP"),
        date("born").defaultNow(),
        uuid("token").defaultRandom(),
        jsonb("settings").defaultJson(R"({"theme":"dark"})"),
        json("extra").defaultJson("[]"),
        integer("karma").defaultValue(-3),
        bigint("views").defaultValue(5000000000LL),
        doublePrecision("ratio").defaultValue(0.25),
    });
    auto posts = table("posts", {
        bigint("id").generatedAlwaysAsIdentity().primaryKey(),
        integer("author_id").notNull().references(authors, "id").onDelete(Action::Cascade).onUpdate(Action::Restrict),
        integer("reviewer_id").references(authors, "id").onDelete(Action::SetNull),
        bigint("parent_id").references("posts", "id"),
        enumeration("status", status).notNull().defaultValue("draft"),
        numeric("price", 10, 2).defaultSql("0"),
        numeric("weight", 6), numeric("plain"),
        smallint("rank").defaultSqlFor("postgresql", "1::smallint").defaultSqlFor("sqlite", "1"),
        real("score"), date("published_on"), blob("cover"),
        text("title").notNull(),
        text("slug").typeFor("postgresql", "citext"),
    })
        .index("posts_author_idx", {"author_id"})
        .uniqueIndex("posts_slug_idx", {"slug"}, "slug IS NOT NULL")
        .unique({"author_id", "title"})
        .unique({"rank", "score"}, "posts_rank_score")
        .check("posts_price_check", "price >= 0");
    auto tags = table("post_tags", {bigint("post_id").notNull(), text("tag").notNull(), integer("by")})
                    .primaryKey({"post_id", "tag"})
                    .foreignKey({"post_id"}, posts, {"id"}, Action::Cascade)
                    .foreignKey({"by"}, authors, {"id"}, Action::NoAction, Action::NoAction, "post_tags_by_fk");
    auto counters = table("counters", {integer("id").primaryKey().autoincrement(), text("name")});
    return schema({authors, posts, tags, counters}, {status});
}

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

void requireExact(const DslSource& source) {
    INFO(source.text);
    for (const auto& u : source.unexpressed) UNSCOPED_INFO(u);
    REQUIRE(source.exact());
}

}  // namespace

TEST_CASE("every DSL construct is written back and resolves to the same SQLite schema", "[adopt][pull]") {
    sqlite::Renderer renderer;
    const Schema schema = everything().resolve(renderer);
    const DslSource source = writeDslSource(schema, renderer, {"projectSchema", "a test"});
    requireExact(source);
    CHECK(has(source.text, "Definition projectSchema() {"));
    CHECK(has(source.text, "// The schema of a test, written by ob-migrate pull."));
    CHECK(has(source.text, "integer(\"id\").primaryKey().autoincrement()"));
    CHECK(has(source.text, ".defaultValue(\"it's anon\")"));
    CHECK(has(source.text, ".defaultNow()"));
    CHECK(has(source.text, ".onDelete(Action::Cascade).onUpdate(Action::Restrict)"));
    CHECK(has(source.text, ".uniqueIndex(\"posts_slug_idx\", {\"slug\"}, \"slug IS NOT NULL\")"));
    CHECK(has(source.text, ".primaryKey({\"post_id\", \"tag\"})"));
    CHECK(has(source.text, ".check(\"posts_price_check\", \"price >= 0\")"));
    CHECK(has(source.text, "return schema({authors, posts, postTags, counters});"));
}

#ifdef OB_ADOPT_HAS_POSTGRES
TEST_CASE("every DSL construct is written back and resolves to the same PostgreSQL schema", "[adopt][pull]") {
    postgres::Renderer renderer;
    const Schema schema = everything().resolve(renderer);
    const DslSource source = writeDslSource(schema, renderer);
    requireExact(source);
    const std::string& t = source.text;
    INFO(t);
    CHECK(has(t, "auto status = enumType(\"status\", {\"draft\", \"published\"});"));
    CHECK(has(t, "serial(\"id\").primaryKey()"));
    CHECK(has(t, "varchar(\"email\", 320).notNull().unique()"));
    CHECK(has(t, "varchar(\"handle\").unique(\"authors_handle_key\")"));
    CHECK(has(t, "uuid(\"token\").defaultRandom()"));
    CHECK(has(t, "jsonb(\"settings\").defaultJson(\"{\\\"theme\\\":\\\"dark\\\"}\")"));
    CHECK(has(t, "bigint(\"views\").defaultValue(5000000000LL)"));
    CHECK(has(t, "integer(\"karma\").defaultValue(-3)"));
    CHECK(has(t, "doublePrecision(\"ratio\").defaultValue(0.25)"));
    CHECK(has(t, "bigint(\"id\").primaryKey().generatedAlwaysAsIdentity()"));
    CHECK(has(t, "enumeration(\"status\", status).notNull().defaultValue(\"draft\")"));
    CHECK(has(t, "numeric(\"price\", 10, 2).defaultValue(0)"));  // defaultSql("0"): the same SQL, shorter
    CHECK(has(t, "smallint(\"rank\").defaultSql(\"1::smallint\")"));
    CHECK(has(t, "text(\"slug\").typeFor(\"postgresql\", \"citext\")"));
    CHECK(has(t, ".references(\"posts\", \"id\")"));  // itself: declared by the time it is built
    CHECK(has(t, ".unique({\"rank\", \"score\"}, \"posts_rank_score\")"));
    CHECK(has(t, ".foreignKey({\"by\"}, authors, {\"id\"}, Action::NoAction, Action::NoAction, \"post_tags_by_fk\")"));
    CHECK(has(t, "return schema({authors, posts, postTags, counters}, {status});"));
}

TEST_CASE("defaults come back in the spelling the schema has", "[adopt][pull]") {
    postgres::Renderer renderer;
    Schema schema;
    schema.dialect = "postgresql";
    Table t;
    t.name = "docs";
    auto column = [&](std::string name, std::string type, std::string def) {
        Column c;
        c.name = std::move(name);
        c.type = std::move(type);
        c.defaultValue = std::move(def);
        t.columns.push_back(c);
    };
    column("plain", "jsonb", "'[]'");                    // as drizzle-kit 0.x writes a jsonb default
    column("cast", "jsonb", "'{\"a\":1}'::jsonb");       // as the server stores it
    column("money", "numeric(8, 2)", "0.10");            // not what defaultValue(0.1) writes
    column("at", "timestamp", "now()");
    column("flag", "boolean", "false");
    column("expr", "text", "('a' || 'b')");
    schema.tables.push_back(t);
    const DslSource source = writeDslSource(schema, renderer);
    requireExact(source);
    CHECK(has(source.text, "jsonb(\"plain\").defaultValue(\"[]\")"));
    CHECK(has(source.text, "jsonb(\"cast\").defaultJson(\"{\\\"a\\\":1}\")"));
    CHECK(has(source.text, "numeric(\"money\", 8, 2).defaultSql(\"0.10\")"));
    CHECK(has(source.text, "timestamp(\"at\").defaultNow()"));
    CHECK(has(source.text, "boolean(\"flag\").defaultValue(false)"));
    CHECK(has(source.text, "text(\"expr\").defaultSql(\"('a' || 'b')\")"));
}

TEST_CASE("what the DSL cannot declare is named, never dropped silently", "[adopt][pull]") {
    postgres::Renderer renderer;
    Schema schema;
    schema.dialect = "postgresql";
    Table t;
    t.name = "events";
    Column id;
    id.name = "id";
    id.type = "integer";
    id.primaryKey = id.notNull = true;
    Column body;
    body.name = "body";
    body.type = "jsonb";
    Column total;
    total.name = "total";
    total.type = "integer";
    total.generated = Generated{"stored", "1 + 1"};
    t.columns = {id, body, total};
    Index gin;
    gin.name = "events_body_gin";
    gin.method = "gin";
    IndexColumn bodyColumn;
    bodyColumn.expression = "body";
    gin.columns = {bodyColumn};
    Index lower;
    lower.name = "events_lower_idx";
    IndexColumn expression;
    expression.expression = "lower(body->>'name')";
    expression.isExpression = true;
    lower.columns = {expression};
    t.indexes = {gin, lower};
    t.uniqueConstraints = {UniqueConstraint{"events_total_unique", {"total"}, true}};
    ForeignKey away;
    away.name = "events_id_users_id_fk";
    away.tableFrom = "events";
    away.columnsFrom = {"id"};
    away.tableTo = "users";
    away.schemaTo = "auth";
    away.columnsTo = {"id"};
    t.foreignKeys = {away};
    schema.tables.push_back(t);
    Table elsewhere;
    elsewhere.name = "audit";
    elsewhere.schema = "logs";
    elsewhere.columns = {id};
    schema.tables.push_back(elsewhere);

    const DslSource source = writeDslSource(schema, renderer);
    INFO(source.text);
    CHECK_FALSE(source.exact());
    auto listed = [&](const std::string& piece) {
        for (const auto& u : source.unexpressed)
            if (has(u, piece)) return true;
        return false;
    };
    CHECK(listed("table events: index events_body_gin: access method gin"));
    CHECK(listed("table events: index events_lower_idx: expression (lower(body->>'name'))"));
    CHECK(listed("table events: column total: generated always as (1 + 1) stored"));
    CHECK(listed("table events: unique events_total_unique: NULLS NOT DISTINCT"));
    CHECK(listed("foreign key events_id_users_id_fk: references auth.users, which is not in the schema"));
    CHECK(listed("table audit: schema logs"));
    // ...and the check of the source against the schema says what differs, too.
    CHECK(listed("the source's schema differs: drop index events_body_gin on events"));
    CHECK(has(source.text, "    // not expressed by the DSL: access method gin\n"));
}
#endif

TEST_CASE("names that would clash or break the C++ are made safe", "[adopt][pull]") {
    sqlite::Renderer renderer;
    Schema schema;
    schema.dialect = "sqlite";
    auto tableNamed = [&](std::string name, std::string column) {
        Table t;
        t.name = std::move(name);
        Column c;
        c.name = std::move(column);
        c.type = "text";
        t.columns.push_back(c);
        schema.tables.push_back(t);
    };
    tableNamed("text", "id");            // would hide dsl::text
    tableNamed("Text", "id");            // camelCase of it is taken
    tableNamed("2fa codes", "code");     // not an identifier
    tableNamed("class", "a\"b\\c\nd");   // a keyword; a column name with a quote, a backslash, a newline
    tableNamed("appSchema", "x\x01y");   // the function's own name; a control byte
    const DslSource source = writeDslSource(schema, renderer);
    requireExact(source);
    CHECK(has(source.text, "auto textTable = table(\"text\""));
    CHECK(has(source.text, "auto textTable2 = table(\"Text\""));
    CHECK(has(source.text, "auto t2faCodes = table(\"2fa codes\""));
    CHECK(has(source.text, "auto classTable = table(\"class\""));
    CHECK(has(source.text, "text(\"a\\\"b\\\\c\\nd\")"));
    CHECK(has(source.text, "auto appSchemaTable = table(\"appSchema\""));
    CHECK(has(source.text, "text(\"x\\001y\")"));
}

TEST_CASE("a function name that is no C++ name, or a schema of another dialect, is refused", "[adopt][pull]") {
    sqlite::Renderer renderer;
    Schema schema;
    schema.dialect = "sqlite";
    CHECK_THROWS_AS(writeDslSource(schema, renderer, {"table", ""}), ConfigError);
    CHECK_THROWS_AS(writeDslSource(schema, renderer, {"my schema", ""}), ConfigError);
    CHECK_THROWS_AS(writeDslSource(schema, renderer, {"1st", ""}), ConfigError);
    schema.dialect = "postgresql";
    CHECK_THROWS_AS(writeDslSource(schema, renderer), SchemaError);
}
