// Schema evolutions run on every backend: each step generates a migration, applies it to a
// database holding rows, and checks that the rows survived and the live schema is the snapshot's.
#include <catch2/catch.hpp>

#include "backend.hpp"
#include "ob/migrate/dsl.hpp"

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

TableBuilder parents(std::vector<ColumnBuilder> extra = {}) {
    std::vector<ColumnBuilder> cols{integer("id").primaryKey(), text("name").notNull()};
    cols.insert(cols.end(), extra.begin(), extra.end());
    return table("parents", cols);
}

TableBuilder children() {
    return table("children", {
        integer("id").primaryKey(),
        integer("parent_id").notNull().references("parents", "id").onDelete(Action::Cascade),
        text("label"),
    });
}

void seedFamilies(Backend& b) {
    b.exec("INSERT INTO \"parents\" (\"id\", \"name\") VALUES (1, 'ada'), (2, 'grace'), (3, 'edsger')");
    b.exec("INSERT INTO \"children\" (\"id\", \"parent_id\", \"label\") VALUES (10, 1, 'a'), (11, 1, 'b'), "
           "(12, 2, 'c'), (13, 3, NULL), (14, 3, 'e')");
}

void requireFamilies(Backend& b, const std::string& parentTable = "parents", const std::string& childTable = "children") {
    CHECK(b.count(parentTable) == 3);
    CHECK(b.count(childTable) == 5);
}

// ---- scenarios ----

void addColumns(Backend& b, const std::filesystem::path& dir) {
    step(b, schema({parents(), children()}), dir, named("init"));
    seedFamilies(b);
    auto r = step(b,
                  schema({parents({text("nickname"), integer("score").notNull().defaultValue(0)}),
                          table("children", {
                              integer("id").primaryKey(),
                              integer("parent_id").notNull().references("parents", "id").onDelete(Action::Cascade),
                              text("label"),
                              text("note").defaultValue("n/a"),
                          })}),
                  dir, named("add_columns"));
    CHECK_FALSE(contains(r, "__new_"));  // plain ALTER TABLE ... ADD
    requireFamilies(b);
    CHECK(b.scalar("SELECT \"score\" FROM \"parents\" WHERE \"id\" = 2") == "0");
    CHECK(b.scalar("SELECT \"note\" FROM \"children\" WHERE \"id\" = 12") == "n/a");
}

void rebuildParentKeepsChildren(Backend& b, const std::filesystem::path& dir) {
    step(b, schema({table("parents", {integer("id").primaryKey(), varchar("name", 100).notNull()}), children()}), dir,
         named("init"));
    seedFamilies(b);
    // A non-constant default and a type change: SQLite rebuilds the parent of an ON DELETE CASCADE child.
    auto r = step(b,
                  schema({parents({timestamp("created_at").notNull().defaultNow()}), children()}), dir,
                  named("rebuild_parent"));
    if (sqlite(b)) {
        CHECK(contains(r, "CREATE TABLE `__new_parents`"));
        CHECK(contains(r, "INSERT INTO `__new_parents`(\"id\", \"name\") SELECT \"id\", \"name\" FROM `parents`;"));
    }
    requireFamilies(b);
    CHECK(b.scalar("SELECT \"name\" FROM \"parents\" WHERE \"id\" = 3") == "edsger");
    CHECK(b.scalar("SELECT count(*) FROM \"parents\" WHERE \"created_at\" IS NULL") == "0");
}

void nullabilityAndDefaults(Backend& b, const std::filesystem::path& dir) {
    step(b, schema({table("things", {integer("id").primaryKey(), text("title"), integer("rank")})}), dir,
         named("init"));
    b.exec("INSERT INTO \"things\" (\"id\", \"title\", \"rank\") VALUES (1, 'one', 1), (2, NULL, NULL), (3, 'three', 3)");
    // NOT NULL with a default: rows holding NULL take the default.
    step(b,
         schema({table("things", {integer("id").primaryKey(), text("title").notNull().defaultValue("untitled"),
                                  integer("rank").defaultValue(5)})}),
         dir, named("not_null"));
    CHECK(b.scalar("SELECT \"title\" FROM \"things\" WHERE \"id\" = 2") == "untitled");
    CHECK(b.scalar("SELECT \"title\" FROM \"things\" WHERE \"id\" = 3") == "three");
    CHECK(b.scalar("SELECT \"rank\" FROM \"things\" WHERE \"id\" = 2") == "<null>");
    b.exec("INSERT INTO \"things\" (\"id\") VALUES (4)");
    CHECK(b.scalar("SELECT \"rank\" FROM \"things\" WHERE \"id\" = 4") == "5");
    // And back: nullable, no defaults.
    step(b, schema({table("things", {integer("id").primaryKey(), text("title"), integer("rank")})}), dir,
         named("nullable"));
    CHECK(b.count("things") == 4);
    b.exec("INSERT INTO \"things\" (\"id\") VALUES (5)");
    CHECK(b.scalar("SELECT \"title\" FROM \"things\" WHERE \"id\" = 5") == "<null>");
}

void notNullWithoutDefaultNeedsConsent(Backend& b, const std::filesystem::path& dir) {
    step(b, schema({table("notes", {integer("id").primaryKey(), text("body")})}), dir, named("init"));
    b.exec("INSERT INTO \"notes\" (\"id\", \"body\") VALUES (1, 'x'), (2, 'y')");
    auto next = schema({table("notes", {integer("id").primaryKey(), text("body").notNull()})});
    try {
        generate(next, dir, b.renderer(), named("strict"));
        FAIL("generate accepted NOT NULL without a default");
    } catch (const DataLossError& e) {
        REQUIRE(e.findings().size() == 1);
        CHECK(e.findings()[0].kind == DataLoss::Kind::NotNullWithoutDefault);
        CHECK(std::string(e.what()).find("notes.body") != std::string::npos);
    }
    // Every row has a value, so the change applies once allowed.
    step(b, next, dir, named("strict", true));
    CHECK(b.count("notes") == 2);
}

void renames(Backend& b, const std::filesystem::path& dir) {
    step(b, schema({parents(), children()}), dir, named("init"));
    seedFamilies(b);
    // Declared in the schema: the table and a column say what they were called.
    auto families = table("families", {integer("id").primaryKey(), text("title").notNull().renamedFrom("name")})
                        .renamedFrom("parents");
    auto kids = table("children", {
        integer("id").primaryKey(),
        integer("parent_id").notNull().references("families", "id").onDelete(Action::Cascade),
        text("label"),
    });
    auto r = step(b, schema({families, kids}), dir, named("rename"));
    CHECK_FALSE(contains(r, "DROP TABLE"));
    CHECK_FALSE(contains(r, "__new_"));
    CHECK(r.dataLoss.empty());
    requireFamilies(b, "families");
    CHECK(b.scalar("SELECT \"title\" FROM \"families\" WHERE \"id\" = 2") == "grace");
    CHECK(b.scalar("SELECT count(*) FROM \"children\" c JOIN \"families\" f ON f.\"id\" = c.\"parent_id\"") == "5");
    // Given as a hint to generate: children.label -> caption.
    GenerateOptions hinted = named("rename_hint");
    hinted.renames = RenameHints::parse({"children.label=caption"});
    auto kids2 = table("children", {
        integer("id").primaryKey(),
        integer("parent_id").notNull().references("families", "id").onDelete(Action::Cascade),
        text("caption"),
    });
    auto r2 = step(b, schema({families, kids2}), dir, hinted);
    CHECK(r2.dataLoss.empty());
    CHECK(b.scalar("SELECT \"caption\" FROM \"children\" WHERE \"id\" = 11") == "b");
}

void indexes(Backend& b, const std::filesystem::path& dir) {
    auto v1 = table("posts", {integer("id").primaryKey(), text("slug").notNull(), integer("author").notNull(),
                              boolean("draft").notNull().defaultValue(true), text("title")});
    step(b, schema({v1}), dir, named("init"));
    b.exec("INSERT INTO \"posts\" (\"id\", \"slug\", \"author\", \"draft\") VALUES (1, 'a', 1, true), (2, 'b', 1, "
           "false), (3, 'c', 2, false)");
    auto v2 = table("posts", {integer("id").primaryKey(), text("slug").notNull(), integer("author").notNull(),
                              boolean("draft").notNull().defaultValue(true), text("title")})
                  .uniqueIndex("posts_slug_idx", {"slug"})
                  .index("posts_author_idx", {"author", "id"})
                  .index("posts_published_idx", {"author"}, "\"draft\" = false");
    auto r = step(b, schema({v2}), dir, named("indexes"));
    CHECK_FALSE(contains(r, "__new_"));
    // Change one, rename one (same definition), drop one.
    auto v3 = table("posts", {integer("id").primaryKey(), text("slug").notNull(), integer("author").notNull(),
                              boolean("draft").notNull().defaultValue(true), text("title")})
                  .uniqueIndex("posts_slug_idx", {"slug", "author"})
                  .index("posts_by_author_idx", {"author", "id"});
    auto r3 = step(b, schema({v3}), dir, named("reindex"));
    CHECK_FALSE(contains(r3, "__new_"));
    CHECK(b.count("posts") == 3);
}

void foreignKeys(Backend& b, const std::filesystem::path& dir) {
    auto loose = table("children", {integer("id").primaryKey(), integer("parent_id").notNull(), text("label")});
    step(b, schema({parents(), loose}), dir, named("init"));
    seedFamilies(b);
    // Add a foreign key to a table holding rows (SQLite: rebuild of the child).
    auto r = step(b, schema({parents(), children()}), dir, named("add_fk"));
    if (sqlite(b)) CHECK(contains(r, "__new_children"));
    requireFamilies(b);
    // Change its action, then drop it.
    auto setNull = table("children", {
        integer("id").primaryKey(),
        integer("parent_id").references("parents", "id").onDelete(Action::SetNull).onUpdate(Action::Cascade),
        text("label"),
    });
    step(b, schema({parents(), setNull}), dir, named("fk_action"));
    requireFamilies(b);
    step(b, schema({parents(), table("children", {integer("id").primaryKey(), integer("parent_id"), text("label")})}),
         dir, named("drop_fk"));
    requireFamilies(b);
    b.exec("DELETE FROM \"parents\" WHERE \"id\" = 1");
    CHECK(b.count("children") == 5);  // no reference left to cascade
}

void checksAndUniques(Backend& b, const std::filesystem::path& dir) {
    auto v1 = table("accounts", {integer("id").primaryKey(), text("email").notNull(), text("team").notNull(),
                                 integer("balance").notNull().defaultValue(0)});
    step(b, schema({v1}), dir, named("init"));
    b.exec("INSERT INTO \"accounts\" (\"id\", \"email\", \"team\", \"balance\") VALUES (1, 'a@x', 'red', 5), "
           "(2, 'b@x', 'red', 0), (3, 'c@x', 'blue', 7)");
    auto v2 = table("accounts", {integer("id").primaryKey(), text("email").notNull().unique(), text("team").notNull(),
                                 integer("balance").notNull().defaultValue(0)})
                  .unique({"team", "email"})
                  .check("accounts_balance_check", "\"balance\" >= 0");
    step(b, schema({v2}), dir, named("constraints"));
    CHECK(b.count("accounts") == 3);
    CHECK_THROWS(b.exec("INSERT INTO \"accounts\" (\"id\", \"email\", \"team\", \"balance\") VALUES (4, 'd@x', 'red', -1)"));
    CHECK_THROWS(b.exec("INSERT INTO \"accounts\" (\"id\", \"email\", \"team\") VALUES (5, 'a@x', 'green')"));
    auto v3 = table("accounts", {integer("id").primaryKey(), text("email").notNull(), text("team").notNull(),
                                 integer("balance").notNull().defaultValue(0)})
                  .check("accounts_balance_check", "\"balance\" >= -100");
    step(b, schema({v3}), dir, named("relax"));
    b.exec("INSERT INTO \"accounts\" (\"id\", \"email\", \"team\", \"balance\") VALUES (6, 'a@x', 'green', -50)");
    CHECK(b.count("accounts") == 4);
}

void compositePrimaryKey(Backend& b, const std::filesystem::path& dir) {
    auto v1 = table("memberships", {integer("user_id").notNull(), integer("group_id").notNull(), text("role")})
                  .primaryKey({"user_id", "group_id"});
    step(b, schema({v1}), dir, named("init"));
    b.exec("INSERT INTO \"memberships\" (\"user_id\", \"group_id\", \"role\") VALUES (1, 1, 'owner'), (1, 2, NULL), "
           "(2, 1, 'member')");
    auto v2 = table("memberships", {integer("user_id").notNull(), integer("group_id").notNull(), text("role"),
                                    integer("term").notNull().defaultValue(1)})
                  .primaryKey({"user_id", "group_id", "term"});
    step(b, schema({v2}), dir, named("widen_key"));
    CHECK(b.count("memberships") == 3);
    b.exec("INSERT INTO \"memberships\" (\"user_id\", \"group_id\", \"term\") VALUES (1, 1, 2)");
    CHECK(b.count("memberships") == 4);
}

}  // namespace

std::vector<std::pair<std::string, Scenario>> scenarios() {
    std::vector<std::pair<std::string, Scenario>> out{
        {"add columns", addColumns},
        {"rebuild a parent table keeps the rows of its cascading children", rebuildParentKeepsChildren},
        {"nullability and defaults", nullabilityAndDefaults},
        {"NOT NULL without a default needs consent", notNullWithoutDefaultNeedsConsent},
        {"renames from the schema and from hints", renames},
        {"indexes: unique, multi-column, partial, changed, renamed, dropped", indexes},
        {"foreign keys added, changed and dropped on tables holding rows", foreignKeys},
        {"check and unique constraints", checksAndUniques},
        {"composite primary key", compositePrimaryKey},
    };
    addMoreScenarios(out);
    return out;
}

}  // namespace ob::migrate::schema_test
