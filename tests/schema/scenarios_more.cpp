// More round-trip scenarios: drops, rebuilds that add and drop columns, enums, type changes,
// references added with their column, auto-numbered keys.
#include <catch2/catch.hpp>

#include "backend.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/journal.hpp"
#include "support.hpp"

namespace ob::migrate::schema_test {

using namespace ob::migrate::dsl;

namespace {

GenerateOptions named(std::string name, bool allowDataLoss = false) {
    GenerateOptions o;
    o.name = std::move(name);
    o.allowDataLoss = allowDataLoss;
    return o;
}

bool sqlite(Backend& b) { return b.dialect() == "sqlite"; }

void dropsNeedConsent(Backend& b, const std::filesystem::path& dir) {
    auto people = table("people", {integer("id").primaryKey(), text("name").notNull(), text("legacy")});
    auto scratch = table("scratch", {integer("id").primaryKey()});
    step(b, schema({people, scratch}), dir, named("init"));
    b.exec("INSERT INTO \"people\" (\"id\", \"name\", \"legacy\") VALUES (1, 'a', 'x'), (2, 'b', NULL)");
    b.exec("INSERT INTO \"scratch\" (\"id\") VALUES (1)");
    auto next = schema({table("people", {integer("id").primaryKey(), text("name").notNull()})});
    const std::string journal = test::readText(dir / "meta" / "_journal.json");
    try {
        generate(next, dir, b.renderer(), named("drop"));
        FAIL("generate accepted a drop without consent");
    } catch (const DataLossError& e) {
        CHECK(e.findings().size() == 2);
        const std::string message = e.what();
        CHECK(message.find("drops table scratch") != std::string::npos);
        CHECK(message.find("drops column people.legacy") != std::string::npos);
    }
    CHECK(test::readText(dir / "meta" / "_journal.json") == journal);  // nothing written
    auto r = step(b, next, dir, named("drop", true));
    CHECK(r.dataLoss.size() == 2);
    CHECK(b.count("people") == 2);
}

void rebuildCopiesSharedColumnsOnly(Backend& b, const std::filesystem::path& dir) {
    auto v1 = table("items", {integer("id").primaryKey(), text("name").notNull(), integer("qty"), text("legacy")});
    auto parts = table("parts", {
        integer("id").primaryKey(),
        integer("item_id").notNull().references("items", "id").onDelete(Action::Cascade),
    });
    step(b, schema({v1, parts}), dir, named("init"));
    b.exec("INSERT INTO \"items\" (\"id\", \"name\", \"qty\", \"legacy\") VALUES (1, 'bolt', 10, 'x'), (2, 'nut', NULL, "
           "'y')");
    b.exec("INSERT INTO \"parts\" (\"id\", \"item_id\") VALUES (1, 1), (2, 1), (3, 2)");
    // One migration: a column dropped, one added NOT NULL with a default, a type widened.
    auto v2 = table("items", {integer("id").primaryKey(), text("name").notNull(), bigint("qty"),
                              boolean("active").notNull().defaultValue(true), timestamp("seen_at").defaultNow()});
    auto r = step(b, schema({v2, parts}), dir, named("reshape", true));
    if (sqlite(b)) {
        CHECK(contains(r, "INSERT INTO `__new_items`(\"id\", \"name\", \"qty\") SELECT \"id\", \"name\", \"qty\" FROM "
                          "`items`;"));
    }
    CHECK(b.count("items") == 2);
    CHECK(b.count("parts") == 3);
    CHECK(b.scalar("SELECT \"qty\" FROM \"items\" WHERE \"id\" = 1") == "10");
    CHECK(b.scalar("SELECT \"qty\" FROM \"items\" WHERE \"id\" = 2") == "<null>");
    CHECK(b.scalar("SELECT count(*) FROM \"items\" WHERE \"active\" = true") == "2");
}

void enums(Backend& b, const std::filesystem::path& dir) {
    auto status1 = enumType("ticket_status", {"open", "closed"});
    auto t1 = table("tickets", {integer("id").primaryKey(), status1("status").notNull().defaultValue("open")});
    step(b, schema({t1}, {status1}), dir, named("init"));
    b.exec("INSERT INTO \"tickets\" (\"id\", \"status\") VALUES (1, 'open'), (2, 'closed')");
    b.exec("INSERT INTO \"tickets\" (\"id\") VALUES (3)");
    // A value added in the middle.
    auto status2 = enumType("ticket_status", {"open", "pending", "closed"});
    auto t2 = table("tickets", {integer("id").primaryKey(), status2("status").notNull().defaultValue("open")});
    if (!sqlite(b)) {  // SQLite stores enums as text: nothing to change
        auto r = step(b, schema({t2}, {status2}), dir, named("pending"));
        CHECK(contains(r, "ADD VALUE 'pending' BEFORE 'closed'"));
    }
    b.exec("INSERT INTO \"tickets\" (\"id\", \"status\") VALUES (4, 'pending')");
    // A value removed (no row holds it): the type is rebuilt, rows converted.
    b.exec("UPDATE \"tickets\" SET \"status\" = 'open' WHERE \"status\" = 'closed'");
    auto status3 = enumType("ticket_status", {"open", "pending"});
    auto t3 = table("tickets", {integer("id").primaryKey(), status3("status").notNull().defaultValue("pending")});
    if (sqlite(b)) {
        step(b, schema({t3}, {status3}), dir, named("no_closed", true));
    } else {
        CHECK_THROWS_AS(generate(schema({t3}, {status3}), dir, b.renderer(), named("no_closed")), DataLossError);
        step(b, schema({t3}, {status3}), dir, named("no_closed", true));
    }
    CHECK(b.count("tickets") == 4);
    CHECK(b.scalar("SELECT \"status\" FROM \"tickets\" WHERE \"id\" = 4") == "pending");
    b.exec("INSERT INTO \"tickets\" (\"id\") VALUES (5)");
    CHECK(b.scalar("SELECT \"status\" FROM \"tickets\" WHERE \"id\" = 5") == "pending");
    // A value added and made the default in one migration (PostgreSQL cannot use a value added by
    // ALTER TYPE ... ADD VALUE in the same transaction).
    auto status4 = enumType("ticket_status", {"open", "pending", "triage"});
    auto t4 = table("tickets", {integer("id").primaryKey(), status4("status").notNull().defaultValue("triage")});
    auto r4 = step(b, schema({t4}, {status4}), dir, named("triage"));
    if (!sqlite(b)) CHECK_FALSE(contains(r4, "ADD VALUE"));
    b.exec("INSERT INTO \"tickets\" (\"id\") VALUES (6)");
    CHECK(b.scalar("SELECT \"status\" FROM \"tickets\" WHERE \"id\" = 6") == "triage");
    CHECK(b.count("tickets") == 6);
}

void referenceAddedWithColumn(Backend& b, const std::filesystem::path& dir) {
    auto nodes = table("nodes", {integer("id").primaryKey(), text("name")});
    step(b, schema({nodes}), dir, named("init"));
    b.exec("INSERT INTO \"nodes\" (\"id\", \"name\") VALUES (1, 'root'), (2, 'leaf')");
    auto linked = table("nodes", {
        integer("id").primaryKey(),
        text("name"),
        integer("parent_id").references("nodes", "id").onDelete(Action::SetNull),
    });
    auto r = step(b, schema({linked}), dir, named("parent"));
    if (sqlite(b)) {
        CHECK_FALSE(contains(r, "__new_"));
        CHECK(contains(r, "REFERENCES `nodes`(`id`) ON UPDATE no action ON DELETE set null"));
    }
    b.exec("UPDATE \"nodes\" SET \"parent_id\" = 1 WHERE \"id\" = 2");
    // A table referencing itself, rebuilt with its rows.
    b.exec("INSERT INTO \"nodes\" (\"id\", \"name\", \"parent_id\") VALUES (3, NULL, 2)");
    auto strict = table("nodes", {
        integer("id").primaryKey(),
        text("name").notNull().defaultValue("unnamed"),
        integer("parent_id").references("nodes", "id").onDelete(Action::SetNull),
    });
    auto r2 = step(b, schema({strict}), dir, named("strict_names"));
    if (sqlite(b)) CHECK(contains(r2, "__new_nodes"));
    CHECK(b.count("nodes") == 3);
    CHECK(b.scalar("SELECT \"name\" FROM \"nodes\" WHERE \"id\" = 3") == "unnamed");
    CHECK(b.scalar("SELECT \"parent_id\" FROM \"nodes\" WHERE \"id\" = 3") == "2");
    b.exec("DELETE FROM \"nodes\" WHERE \"id\" = 1");
    CHECK(b.scalar("SELECT \"parent_id\" FROM \"nodes\" WHERE \"id\" = 2") == "<null>");
}

void typeChanges(Backend& b, const std::filesystem::path& dir) {
    auto v1 = table("readings", {integer("id").primaryKey(), integer("value"), text("code"), varchar("label", 10)});
    step(b, schema({v1}), dir, named("init"));
    b.exec("INSERT INTO \"readings\" (\"id\", \"value\", \"code\", \"label\") VALUES (1, 42, '7', 'short'), "
           "(2, NULL, '8', NULL)");
    // Widening changes need no consent.
    auto v2 = table("readings", {integer("id").primaryKey(), text("value"), text("code"), varchar("label", 40)});
    auto r2 = step(b, schema({v2}), dir, named("widen"));
    CHECK(r2.dataLoss.empty());
    CHECK(b.scalar("SELECT \"value\" FROM \"readings\" WHERE \"id\" = 1") == "42");
    // Narrowing ones do.
    auto v3 = table("readings", {integer("id").primaryKey(), text("value"), integer("code"), varchar("label", 40)});
    CHECK_THROWS_AS(generate(schema({v3}), dir, b.renderer(), named("narrow")), DataLossError);
    auto r3 = step(b, schema({v3}), dir, named("narrow", true));
    REQUIRE(r3.dataLoss.size() == 1);
    CHECK(r3.dataLoss[0].kind == DataLoss::Kind::NarrowType);
    CHECK(b.scalar("SELECT \"code\" + 1 FROM \"readings\" WHERE \"id\" = 2") == "9");
}

void autoNumberedKeys(Backend& b, const std::filesystem::path& dir) {
    auto v1 = table("events", {serial("id").primaryKey(), text("kind").notNull()});
    auto v1b = table("tags", {integer("id").primaryKey().generatedByDefaultAsIdentity(), text("name")});
    step(b, schema({v1, v1b}), dir, named("init"));
    b.exec("INSERT INTO \"events\" (\"kind\") VALUES ('a')");
    b.exec("INSERT INTO \"events\" (\"kind\") VALUES ('b')");
    b.exec("INSERT INTO \"tags\" (\"name\") VALUES ('x')");
    CHECK(b.scalar("SELECT max(\"id\") FROM \"events\"") == "2");
    CHECK(b.scalar("SELECT \"id\" FROM \"tags\"") == "1");
    auto v2 = table("events", {serial("id").primaryKey(), text("kind").notNull(), text("payload")});
    step(b, schema({v2, v1b}), dir, named("payload"));
    b.exec("INSERT INTO \"events\" (\"kind\") VALUES ('c')");
    CHECK(b.scalar("SELECT max(\"id\") FROM \"events\"") == "3");
}

void renamesInsideARebuild(Backend& b, const std::filesystem::path& dir) {
    auto v1 = table("accounts", {integer("id").primaryKey(), text("handle").notNull(), integer("credits")});
    auto grants = table("grants", {
        integer("id").primaryKey(),
        integer("account_id").notNull().references("accounts", "id").onDelete(Action::Cascade),
    });
    step(b, schema({v1, grants}), dir, named("init"));
    b.exec("INSERT INTO \"accounts\" (\"id\", \"handle\", \"credits\") VALUES (1, 'ada', 5), (2, 'bob', NULL)");
    b.exec("INSERT INTO \"grants\" (\"id\", \"account_id\") VALUES (1, 1), (2, 1), (3, 2)");
    // One migration: the table and a column renamed, a type widened, a column with a
    // non-constant default added (SQLite rebuilds "members" after renaming).
    auto v2 = table("members", {integer("id").primaryKey(), text("login").notNull().renamedFrom("handle"),
                                bigint("credits"), timestamp("joined_at").notNull().defaultNow()})
                  .renamedFrom("accounts");
    auto grants2 = table("grants", {
        integer("id").primaryKey(),
        integer("account_id").notNull().references("members", "id").onDelete(Action::Cascade),
    });
    auto r = step(b, schema({v2, grants2}), dir, named("members"));
    CHECK(r.dataLoss.empty());
    if (sqlite(b)) {
        CHECK(contains(r, "ALTER TABLE `accounts` RENAME TO `members`;"));
        CHECK(contains(r, "INSERT INTO `__new_members`(\"id\", \"login\", \"credits\") SELECT \"id\", \"login\", "
                          "\"credits\" FROM `members`;"));
    }
    CHECK(b.scalar("SELECT \"login\" FROM \"members\" WHERE \"id\" = 1") == "ada");
    CHECK(b.scalar("SELECT \"credits\" FROM \"members\" WHERE \"id\" = 1") == "5");
    CHECK(b.count("grants") == 3);
    b.exec("DELETE FROM \"members\" WHERE \"id\" = 1");
    CHECK(b.count("grants") == 1);  // the reference still cascades
}

}  // namespace

void addMoreScenarios(std::vector<std::pair<std::string, Scenario>>& out) {
    out.emplace_back("dropping a table or a column needs consent", dropsNeedConsent);
    out.emplace_back("a rebuild copies only the columns both tables share", rebuildCopiesSharedColumnsOnly);
    out.emplace_back("enums: values added and removed", enums);
    out.emplace_back("a reference added with its column", referenceAddedWithColumn);
    out.emplace_back("type changes: widening free, narrowing with consent", typeChanges);
    out.emplace_back("auto-numbered keys: serial and identity", autoNumberedKeys);
    out.emplace_back("renames inside a rebuild", renamesInsideARebuild);
}

}  // namespace ob::migrate::schema_test
