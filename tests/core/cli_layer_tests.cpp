// The CLI's backend table and its one mapping from the error hierarchy to exit codes.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "backends.hpp"
#include "exit_codes.hpp"
#include "ob/migrate/diff.hpp"
#include "ob/migrate/error.hpp"

using namespace ob::migrate;
using namespace ob::migrate::cli;

TEST_CASE("exit codes come from the error hierarchy: 2 settings, 3 verification, 1 the rest", "[cli]") {
    CHECK(exitCodeFor(ConfigError("bad")) == 2);
    CHECK(exitCodeFor(ChecksumMismatch("0001_a", "aa", "bb")) == 3);
    CHECK(exitCodeFor(OutOfOrder("0001_a", "0002_b")) == 3);
    CHECK(exitCodeFor(VerificationError("missing migration")) == 3);
    CHECK(exitCodeFor(DatabaseError("no such table", "42P01")) == 1);
    CHECK(exitCodeFor(ConnectionError("refused")) == 1);
    CHECK(exitCodeFor(LockTimeout("held")) == 1);
    CHECK(exitCodeFor(SchemaError("duplicate table")) == 1);
    CHECK(exitCodeFor(std::runtime_error("anything else")) == 1);
}

TEST_CASE("every library exception is an Error from error.hpp", "[cli]") {
    const DataLossError loss({DataLoss{DataLoss::Kind::DropTable, "users", "", "drops table users"}});
    const Error& asError = loss;
    CHECK(std::string(asError.what()).find("drops table users") != std::string::npos);
    REQUIRE(loss.findings().size() == 1);
    CHECK(loss.findings()[0].table == "users");
    const DataLossError copy = loss;  // thrown exceptions are copied
    CHECK(copy.findings().size() == 1);
    CHECK_THROWS_AS(throw SchemaError("x"), Error);
    CHECK_THROWS_AS(throw ChecksumMismatch("t", "a", "b"), VerificationError);
}

TEST_CASE("the backend table: names, aliases, URL schemes", "[cli]") {
    REQUIRE(findBackend("sqlite") != nullptr);
    CHECK(findBackend("sqlite") == &backends().front());  // the default
    REQUIRE(findBackend("pg") != nullptr);
    CHECK(findBackend("pg")->name == "postgresql");
    CHECK(findBackend("postgres") == findBackend("postgresql"));
    CHECK(findBackend("mysql") == nullptr);
    CHECK(backendNames() == "sqlite or postgresql");
    REQUIRE(backendOfUrl("postgres://u@h/db") != nullptr);
    CHECK(backendOfUrl("postgresql://u:secret@h/db")->name == "postgresql");
    CHECK(backendOfUrl("app.db") == nullptr);
    CHECK(backendOfUrl("mysql://h/db") == nullptr);
    CHECK(sqlitePath("sqlite://app.db") == "app.db");
    CHECK(sqlitePath("sqlite:app.db") == "app.db");
    CHECK(rendererFor("sqlite")->dialect() == "sqlite");
    CHECK_THROWS_AS(rendererFor("mysql"), ConfigError);
}
