// Inputs the fuzzers in tests/fuzz found crashing, kept as regression tests. Each was a JSON number
// too large for a double ("1e400"): nlohmann::json throws out_of_range for it, not parse_error, and
// it escaped as a non-ob::migrate exception (std::terminate in the fuzzers).
#include <catch2/catch.hpp>

#include "ob/migrate/error.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
constexpr const char* kSqliteSnapshot =
    R"({"version":"6","dialect":"sqlite","id":"9b6a8d8e-3a52-4c1e-9d39-9a0f3c1b1b1b",)"
    R"("prevId":"00000000-0000-0000-0000-000000000000","tables":{"t":{"name":"t","columns":{"c":{"name":"c",)"
    R"("type":"integer","primaryKey":false,"notNull":false,"autoincrement":false,"default":DEFAULT}},)"
    R"("indexes":{},"foreignKeys":{},"compositePrimaryKeys":{},"uniqueConstraints":{},"checkConstraints":{}}},)"
    R"("views":{},"enums":{},"_meta":{"schemas":{},"tables":{},"columns":{}},"internal":{"indexes":{}}})";

std::string snapshotWithDefault(const std::string& json) {
    std::string text = kSqliteSnapshot;
    text.replace(text.find("DEFAULT"), 7, json);
    return text;
}
}  // namespace

TEST_CASE("fuzz: a journal with a number too large for a double is a MigrationSetError", "[core][fuzz]") {
    const std::string journal = R"({"version":"7","dialect":"sqlite","entries":[],"x":9e900})";
    CHECK_THROWS_MATCHES(Journal::parse(journal, "app/meta/_journal.json"), MigrationSetError,
                         Catch::Matchers::Predicate<MigrationSetError>(
                             [](const MigrationSetError& e) { return e.file() == "app/meta/_journal.json"; }));
    auto reader = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    CHECK_THROWS_AS(MigrationSet::fromJournal(journal, reader, "app/meta/_journal.json"), MigrationSetError);
    CHECK_THROWS_WITH(Journal::parse(R"({"dialect":"sqlite","entries":[{"idx":0,"when":1e400,"tag":"a"}]})", "j"),
                      Contains("malformed JSON") && Contains("number overflow"));
}

TEST_CASE("fuzz: a snapshot with a number too large for a double is a MigrationSetError", "[core][fuzz]") {
    CHECK_THROWS_AS(Snapshot::parse(snapshotWithDefault("1E1111154167"), "meta/0000_snapshot.json"), MigrationSetError);
    // The snapshot as written without the overflow reads fine: the test above fails for the number alone.
    CHECK_NOTHROW(Snapshot::parse(snapshotWithDefault("0"), "meta/0000_snapshot.json"));
}

TEST_CASE("fuzz: a column default that looks like a huge number is written back as text", "[core][fuzz]") {
    const Snapshot s = Snapshot::parse(snapshotWithDefault(R"("1e400")"), "meta/0000_snapshot.json");
    std::string json;
    REQUIRE_NOTHROW(json = s.toJson());
    CHECK_THAT(json, Contains(R"("default": "1e400")"));
    CHECK(Snapshot::parse(json, "round trip").toJson() == json);
}
