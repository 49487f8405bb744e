// The diff engine on its own: operations, their order, renames, data-loss findings.
#include <catch2/catch.hpp>

#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sqlite/renderer.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;

namespace {

Schema resolve(const Definition& d) {
    static sqlite::Renderer renderer;
    return d.resolve(renderer);
}

std::vector<std::string> described(const Diff& d) {
    std::vector<std::string> out;
    for (const auto& op : d.operations) out.push_back(describe(op));
    return out;
}

template <class Op>
std::size_t countOf(const Diff& d) {
    std::size_t n = 0;
    for (const auto& op : d.operations) n += std::holds_alternative<Op>(op) ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("identical schemas have no operations", "[schema][diff]") {
    auto def = schema({table("t", {integer("id").primaryKey(), text("a").unique()}).index("t_a_idx", {"a"})});
    Diff d = diff(resolve(def), resolve(def));
    CHECK(d.empty());
    CHECK(d.dataLoss.empty());
}

TEST_CASE("a new schema creates tables, then their keys and indexes", "[schema][diff]") {
    auto def = schema({table("a", {integer("id").primaryKey()}),
                       table("b", {integer("id").primaryKey(), integer("a_id").references("a", "id")})
                           .index("b_a_idx", {"a_id"})});
    Schema empty;
    empty.dialect = "sqlite";
    Diff d = diff(empty, resolve(def));
    CHECK(described(d) == std::vector<std::string>{"create table a", "create table b",
                                                    "add foreign key b_a_id_a_id_fk on b",
                                                    "create index b_a_idx on b"});
}

TEST_CASE("without a rename declared, a renamed column is a drop and an add, flagged", "[schema][diff]") {
    auto before = schema({table("users", {integer("id").primaryKey(), text("name")})});
    auto after = schema({table("users", {integer("id").primaryKey(), text("full_name")})});
    Diff d = diff(resolve(before), resolve(after));
    CHECK(countOf<op::AddColumn>(d) == 1);
    CHECK(countOf<op::DropColumn>(d) == 1);
    REQUIRE(d.dataLoss.size() == 1);
    CHECK(d.dataLoss[0].kind == DataLoss::Kind::DropColumn);
    CHECK(d.dataLoss[0].message.find("users.name") != std::string::npos);

    Diff hinted = diff(resolve(before), resolve(after), RenameHints::parse({"users.name=full_name"}));
    CHECK(described(hinted) == std::vector<std::string>{"rename column users.name to full_name"});
    CHECK(hinted.dataLoss.empty());
    CHECK(hinted.existedBefore("users", "full_name"));
    CHECK(hinted.previousColumnName("users", "full_name") == "name");
}

TEST_CASE("a renamed table keeps its keys; names derived from it are renamed, not rebuilt", "[schema][diff]") {
    auto before = schema({table("users", {integer("id").primaryKey(), text("email").unique()}),
                          table("posts", {integer("id").primaryKey(), integer("author").references("users", "id")})});
    auto after = schema({table("people", {integer("id").primaryKey(), text("email").unique()}).renamedFrom("users"),
                         table("posts", {integer("id").primaryKey(), integer("author").references("people", "id")})});
    Diff d = diff(resolve(before), resolve(after), after.renames());
    CHECK(described(d) == std::vector<std::string>{
                              "rename table users to people",
                              "rename index users_email_unique to people_email_unique on people",
                              "rename constraint posts_author_users_id_fk to posts_author_people_id_fk on posts"});
    CHECK(d.dataLoss.empty());
    REQUIRE(d.previous("people"));
    CHECK(d.previous("people")->name == "users");
}

TEST_CASE("a rename hint naming something absent is ignored", "[schema][diff]") {
    auto def = schema({table("people", {integer("id").primaryKey()})});
    Diff d = diff(resolve(def), resolve(def), RenameHints::parse({"users=people", "people.x=id"}));
    CHECK(d.empty());
}

TEST_CASE("data loss: narrowing types and NOT NULL without a default", "[schema][diff]") {
    auto before = schema({table("t", {integer("id").primaryKey(), text("a"), integer("n"), text("b")})});
    auto after = schema({table("t", {integer("id").primaryKey(), text("a").notNull(), text("n"),
                                     text("b").notNull().defaultValue("x"), text("c").notNull()})});
    Diff d = diff(resolve(before), resolve(after));
    std::vector<DataLoss::Kind> kinds;
    for (const auto& f : d.dataLoss) kinds.push_back(f.kind);
    CHECK(kinds == std::vector<DataLoss::Kind>{DataLoss::Kind::NotNullWithoutDefault,
                                               DataLoss::Kind::NotNullWithoutDefault});
    CHECK(d.dataLoss[0].column == "a");
    CHECK(d.dataLoss[1].column == "c");
}

TEST_CASE("widening type changes are told from narrowing ones", "[schema][diff]") {
    CHECK(isWideningTypeChange("smallint", "integer"));
    CHECK(isWideningTypeChange("integer", "bigint"));
    CHECK_FALSE(isWideningTypeChange("bigint", "integer"));
    CHECK(isWideningTypeChange("varchar(10)", "varchar(20)"));
    CHECK_FALSE(isWideningTypeChange("varchar(20)", "varchar(10)"));
    CHECK(isWideningTypeChange("varchar(20)", "text"));
    CHECK_FALSE(isWideningTypeChange("text", "varchar(20)"));
    CHECK(isWideningTypeChange("integer", "text"));
    CHECK_FALSE(isWideningTypeChange("text", "integer"));
    CHECK(isWideningTypeChange("numeric(5, 2)", "numeric(8, 2)"));
    CHECK_FALSE(isWideningTypeChange("numeric(8, 2)", "numeric(8, 3)"));
    CHECK(isWideningTypeChange("integer", "numeric(12, 2)"));
    CHECK_FALSE(isWideningTypeChange("integer", "numeric(6, 2)"));
    CHECK(isWideningTypeChange("real", "double precision"));
    CHECK_FALSE(isWideningTypeChange("double precision", "real"));
    CHECK(isWideningTypeChange("json", "jsonb"));
    CHECK(isWideningTypeChange("timestamp", "timestamp with time zone"));
    CHECK(isWideningTypeChange("text(64)", "text"));
    CHECK_FALSE(isWideningTypeChange("boolean", "integer"));
}

TEST_CASE("enum values: additions keep their place, removals rebuild the type", "[schema][diff]") {
    Schema a, b;
    a.dialect = b.dialect = "postgresql";
    a.enums = {Enum{"mood", "public", {"sad", "happy"}}};
    b.enums = {Enum{"mood", "public", {"sad", "ok", "happy", "great"}}};
    Diff add = diff(a, b);
    REQUIRE(countOf<op::AddEnumValue>(add) == 2);
    const auto& first = std::get<op::AddEnumValue>(add.operations[0]);
    CHECK(first.value == "ok");
    CHECK(first.before == "happy");
    const auto& second = std::get<op::AddEnumValue>(add.operations[1]);
    CHECK(second.value == "great");
    CHECK(second.before.empty());
    Diff remove = diff(b, a);
    CHECK(countOf<op::RecreateEnum>(remove) == 1);
    CHECK(remove.dataLoss.size() == 2);
}

TEST_CASE("schemas of two dialects are not compared", "[schema][diff]") {
    Schema a, b;
    a.dialect = "sqlite";
    b.dialect = "postgresql";
    CHECK_THROWS_AS(diff(a, b), SchemaError);
}
