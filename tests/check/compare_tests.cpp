// compareSchemas and canonicalExpression: what counts as a difference, and how it is told.
#include <catch2/catch.hpp>

#include "ob/migrate/compare.hpp"

namespace ob::migrate {

namespace {

Column column(std::string name, std::string type, bool notNull = false, std::optional<std::string> def = {}) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.notNull = notNull;
    c.defaultValue = std::move(def);
    return c;
}

Schema issuers(std::string keyType) {
    Schema s;
    s.dialect = "postgresql";
    Table t;
    t.name = "issuers";
    Column id = column("id", "text", true);
    id.primaryKey = true;
    t.columns = {id, column("name", "text", true), column("public_key", std::move(keyType))};
    s.tables.push_back(t);
    return s;
}

std::vector<std::string> messages(const Schema& actual, const Schema& expected) {
    std::vector<std::string> out;
    for (const auto& d : compareSchemas(actual, expected)) out.push_back(d.message);
    return out;
}

}  // namespace

TEST_CASE("canonicalExpression ignores spelling a database does not keep", "[compare]") {
    CHECK(canonicalExpression("\"posts\".\"published_at\" IS NOT NULL", "posts") == "published_at is not null");
    CHECK(canonicalExpression("(published_at IS NOT NULL)", "posts") == "published_at is not null");
    CHECK(canonicalExpression("((price > (0)::numeric))") == "price > 0");
    CHECK(canonicalExpression("lower(\"email\")") == canonicalExpression("lower((email)::text)"));
    CHECK(canonicalExpression("'it''s'::text") == "'it''s'");
    CHECK(canonicalExpression("status = 'A'") != canonicalExpression("status = 'a'"));  // literals keep their case
    CHECK(canonicalExpression("a   >  1 -- note") == "a > 1");
    CHECK(canonicalExpression("x::character varying(10) = 'y'::timestamp without time zone") == "x = 'y'");
    CHECK(canonicalExpression("\"other\".\"a\" > 1", "posts") == "other.a > 1");  // only the own table's name goes
    CHECK(canonicalExpression("(CURRENT_TIMESTAMP)") == "current_timestamp");
}

TEST_CASE("compareSchemas tells each difference on one line", "[compare]") {
    SECTION("a column type") {
        CHECK(messages(issuers("text"), issuers("jsonb")) ==
              std::vector<std::string>{"table issuers: column public_key is text, expected jsonb"});
    }
    SECTION("equal schemas, spelled differently") {
        Schema a = issuers("character varying(20)"), b = issuers("varchar(20)");
        b.tables[0].columns[1].defaultValue = "'x'";
        a.tables[0].columns[1].defaultValue = "'x'::text";
        std::swap(a.tables[0].columns[0], a.tables[0].columns[2]);  // order does not matter
        CHECK(messages(a, b).empty());
    }
    SECTION("null-ness, defaults, missing and unexpected columns and tables") {
        Schema actual = issuers("jsonb"), expected = issuers("jsonb");
        actual.tables[0].columns[1].notNull = false;
        actual.tables[0].columns.push_back(column("extra", "integer"));
        expected.tables[0].columns.push_back(column("created_at", "timestamp", true, "now()"));
        expected.tables[0].columns[2].defaultValue = "'{}'::jsonb";
        Table other;
        other.name = "audit";
        actual.tables.push_back(other);
        Table missing;
        missing.name = "badges";
        missing.columns.push_back(column("id", "text"));
        expected.tables.push_back(missing);
        const auto m = messages(actual, expected);
        CHECK(m == std::vector<std::string>{"table audit is not expected", "table badges is missing",
                                            "table issuers: column name is nullable, expected NOT NULL",
                                            "table issuers: column public_key has no default, expected '{}'",
                                            "table issuers: column created_at is missing",
                                            "table issuers: column extra is not expected"});
    }
    SECTION("JSON defaults compare as JSON") {
        Schema a = issuers("jsonb"), b = issuers("jsonb");
        a.tables[0].columns[2].defaultValue = "'{\"b\": 1, \"a\": [1, 2]}'::jsonb";
        b.tables[0].columns[2].defaultValue = "'{\"a\":[1,2],\"b\":1}'::jsonb";
        CHECK(messages(a, b).empty());
        b.tables[0].columns[2].defaultValue = "'{\"a\":[2,1],\"b\":1}'::jsonb";
        CHECK(messages(a, b).size() == 1);
    }
    SECTION("indexes, keys, checks and enums") {
        Schema actual = issuers("text"), expected = issuers("text");
        Index idx;
        idx.name = "issuers_name_idx";
        IndexColumn ic;
        ic.expression = "name";
        idx.columns.push_back(ic);
        actual.tables[0].indexes.push_back(idx);
        idx.where = "\"issuers\".\"name\" <> ''";
        expected.tables[0].indexes.push_back(idx);
        expected.tables[0].checkConstraints.push_back(CheckConstraint{"issuers_name_check", "length(name) > 1"});
        actual.tables[0].uniqueConstraints.push_back(UniqueConstraint{"issuers_name_key", {"name"}, false});
        expected.tables[0].uniqueConstraints.push_back(UniqueConstraint{"issuers_name_unique", {"name"}, false});
        actual.enums.push_back(Enum{"kind", "public", {"a", "b"}});
        expected.enums.push_back(Enum{"kind", "public", {"a", "b", "c"}});
        const auto m = messages(actual, expected);
        CHECK(m == std::vector<std::string>{
                       "enum kind: value 'c' is missing",
                       "table issuers: unique constraint issuers_name_key is named differently, expected "
                       "issuers_name_unique",
                       "table issuers: index issuers_name_idx is on (name), expected on (name) where name <> ''",
                       "table issuers: check issuers_name_check is missing"});
    }
    SECTION("tables of schemas the expected side never mentions are not reported") {
        Schema actual = issuers("text"), expected = issuers("text");
        Table extension;
        extension.name = "spatial_ref_sys";
        extension.schema = "topology";
        actual.tables.push_back(extension);
        CHECK(messages(actual, expected).empty());
    }
}

}  // namespace ob::migrate
