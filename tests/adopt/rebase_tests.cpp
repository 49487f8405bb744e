// rebase: the three-way merge of schemas it stands on, then `ob-migrate rebase` on real folders.
#include <catch2/catch.hpp>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/rebase.hpp"
#include "ob/migrate/sqlite/renderer.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;

namespace {

Schema resolved(const Definition& d) { return d.resolve(sqlite::Renderer()); }

Schema parentSchema() {
    auto users = table("users", {integer("id").primaryKey(), text("name").notNull()});
    auto posts = table("posts", {integer("id").primaryKey(), text("title")});
    return resolved(schema({users, posts}));
}

std::vector<std::string> columnsOf(const Schema& s, const char* table) {
    std::vector<std::string> out;
    if (const Table* t = s.findTable(table))
        for (const auto& c : t->columns) out.push_back(c.name);
    return out;
}

}  // namespace

TEST_CASE("mergeSchemas lays what one branch changed on the other", "[adopt][rebase]") {
    const Schema parent = parentSchema();
    SECTION("different tables: both changes kept, ours first") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull(),
                                                            text("email")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()}),
                                               table("posts", {integer("id").primaryKey(), text("title")}),
                                               table("tags", {integer("id").primaryKey()})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts.empty());
        REQUIRE(merged.schema.tables.size() == 3);
        CHECK(merged.schema.tables[2].name == "tags");
        CHECK(columnsOf(merged.schema, "users") == std::vector<std::string>{"id", "name", "email"});
    }
    SECTION("one table, different columns and an index: merged member by member") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull(),
                                                            text("email")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        auto users = table("users", {integer("id").primaryKey(), text("name").notNull(), integer("age")});
        users.index("users_name_idx", {"name"});
        const Schema theirs = resolved(schema({users, table("posts", {integer("id").primaryKey(), text("title")})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts.empty());
        CHECK(columnsOf(merged.schema, "users") == std::vector<std::string>{"id", "name", "email", "age"});
        REQUIRE(merged.schema.findTable("users")->indexes.size() == 1);
    }
    SECTION("a drop on one side, nothing on the other: dropped") {
        const Schema ours = parent;
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts.empty());
        CHECK(merged.schema.findTable("posts") == nullptr);
    }
    SECTION("the same column changed differently on both sides is a conflict naming it") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), integer("name")}),
                                               table("posts", {integer("id").primaryKey(), text("title")})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts == std::vector<std::string>{"column name of table users"});
    }
    SECTION("a table dropped on one side and changed on the other is a conflict") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()})}));
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()}),
                                               table("posts", {integer("id").primaryKey(), text("title"), text("body")})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        REQUIRE(merged.conflicts.size() == 1);
        CHECK(merged.conflicts[0] == "table posts (dropped on this branch, changed on the other)");
    }
    SECTION("the same change on both sides is no conflict") {
        const Schema both = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull(),
                                                            text("email")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        const auto merged = mergeSchemas(parent, both, both);
        CHECK(merged.conflicts.empty());
        CHECK(merged.schema == both);
    }
}
