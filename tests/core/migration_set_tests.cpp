#include <catch2/catch.hpp>

#include "core/hashing.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"
#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
std::string journalPath(const test::TempDir& dir) { return (dir.path() / "meta" / "_journal.json").string(); }

template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const MigrationSetError& e) {
        return e.what();
    }
    FAIL("expected MigrationSetError");
    return {};
}
}  // namespace

TEST_CASE("a Drizzle Kit folder loads in journal order with hashes of the files") {
    test::TempDir dir;
    test::writeFolder(dir.path(), "sqlite",
                      {{"0000_first", "CREATE TABLE a (id integer);", 1700000000001, true},
                       {"0001_second", "CREATE TABLE b (id integer);\nCREATE TABLE c (id integer);", 1700000000002,
                        false}});
    auto set = MigrationSet::fromDirectory(dir.path());
    CHECK(set.dialect() == "sqlite");
    REQUIRE(set.size() == 2);
    CHECK(set.migrations()[0].tag == "0000_first");
    CHECK(set.migrations()[0].when == 1700000000001);
    CHECK(set.migrations()[0].hash == sha256Hex("CREATE TABLE a (id integer);"));
    CHECK(set.migrations()[1].breakpoints == false);
    CHECK(set.migrations()[1].up.statements().size() == 1);
    CHECK(set.migrations()[1].up.file() == (dir.path() / "0001_second.sql").string());
    CHECK(set.findByTag("0001_second") == &set.migrations()[1]);
    CHECK(set.findByWhen(1700000000001) == &set.migrations()[0]);
    CHECK(set.findByWhen(42) == nullptr);
}

TEST_CASE("the journal is written the way Drizzle Kit writes it") {
    Journal j;
    j.dialect = "sqlite";
    j.entries.push_back({0, "6", 1795536950613, "0000_majestic_cyclops", true});
    CHECK(j.toJson() ==
          "{\n  \"version\": \"7\",\n  \"dialect\": \"sqlite\",\n  \"entries\": [\n    {\n      \"idx\": 0,\n"
          "      \"version\": \"6\",\n      \"when\": 1795536950613,\n      \"tag\": \"0000_majestic_cyclops\",\n"
          "      \"breakpoints\": true\n    }\n  ]\n}");
    auto back = Journal::parse(j.toJson(), "x");
    CHECK(back.entries.at(0).tag == "0000_majestic_cyclops");
    CHECK(back.entries.at(0).when == 1795536950613);
}

TEST_CASE("every defect of a folder is a clear error naming the file") {
    test::TempDir dir;
    test::writeFolder(dir.path(), "sqlite", {{"0000_a", "SELECT 1;", 1, true}, {"0001_b", "SELECT 2;", 2, true}});
    const std::string journal = journalPath(dir);

    SECTION("no folder") {
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path() / "nope"); }),
                   Contains("nope") && Contains("no such migrations folder"));
    }
    SECTION("no journal") {
        std::filesystem::remove(journal);
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }),
                   Contains("_journal.json") && Contains("is not a migrations folder"));
    }
    SECTION("malformed JSON") {
        test::writeText(journal, "{\"dialect\": \"sqlite\", \"entries\": [ {\"idx\": 0,");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }),
                   Contains("_journal.json") && Contains("malformed JSON"));
    }
    SECTION("wrong shapes") {
        test::writeText(journal, "[]");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }), Contains("must be a JSON object"));
        test::writeText(journal, R"({"dialect": "sqlite"})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }), Contains("has no \"entries\""));
        test::writeText(journal, R"({"dialect": "sqlite", "entries": [{"idx": 0, "when": 1}]})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }),
                   Contains("entry #0") && Contains("\"tag\""));
        test::writeText(journal, R"({"dialect": "sqlite", "entries": [{"idx": 0, "when": "soon", "tag": "0000_a"}]})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }), Contains("\"when\" must be an integer"));
        test::writeText(journal, R"({"dialect": "sqlite", "entries": [{"idx": 0, "when": 1, "tag": "../etc/x"}]})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }), Contains("not a file name"));
        test::writeText(journal, R"({"dialect": "mysql", "entries": []})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }), Contains("unknown dialect \"mysql\""));
    }
    SECTION("a missing .sql file") {
        std::filesystem::remove(dir.path() / "0001_b.sql");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }),
                   Contains("0001_b.sql") && Contains("missing"));
    }
    SECTION("duplicates") {
        test::writeText(journal, R"({"dialect": "sqlite", "entries": [
            {"idx": 0, "when": 1, "tag": "0000_a"}, {"idx": 0, "when": 2, "tag": "0001_b"}]})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }), Contains("duplicate idx 0"));
        test::writeText(journal, R"({"dialect": "sqlite", "entries": [
            {"idx": 0, "when": 1, "tag": "0000_a"}, {"idx": 1, "when": 1, "tag": "0001_b"}]})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }),
                   Contains("duplicate when 1") && Contains("0000_a") && Contains("0001_b"));
        test::writeText(journal, R"({"dialect": "sqlite", "entries": [
            {"idx": 0, "when": 1, "tag": "0000_a"}, {"idx": 1, "when": 2, "tag": "0000_a"}]})");
        CHECK_THAT(errorOf([&] { MigrationSet::fromDirectory(dir.path()); }), Contains("duplicate tag 0000_a"));
    }
}

TEST_CASE("fromJournal reads SQL through the caller's reader") {
    Journal j;
    j.dialect = "postgresql";
    j.entries.push_back({0, "7", 10, "0000_init", true});
    auto set = MigrationSet::fromJournal(
        j.toJson(), [](const std::string& tag) -> std::optional<std::string> {
            if (tag == "0000_init") return std::string("CREATE TABLE t (id int);");
            return std::nullopt;
        },
        "embedded:meta/_journal.json");
    REQUIRE(set.size() == 1);
    CHECK(set.dialect() == "postgresql");
    CHECK(set.origin() == "embedded:meta/_journal.json");
    j.entries.push_back({1, "7", 11, "0001_lost", true});
    CHECK_THROWS_AS(MigrationSet::fromJournal(
                        j.toJson(), [](const std::string&) -> std::optional<std::string> { return std::nullopt; },
                        "embedded"),
                    MigrationSetError);
}
