// The PostgreSQL no-op boot talks to the server once: counted in a libpq trace of the connection
// (every message the client sends), not timed.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;

namespace {
/// The Query and Parse messages the client sent while `f` ran on `connection` (libpq's PQtrace).
std::vector<std::string> sentQueries(pqxx::connection& connection, const std::function<void()>& f) {
    test::TempDir dir;
    const auto path = dir.path() / "trace.txt";
    std::FILE* file = std::fopen(path.c_str(), "w");
    REQUIRE(file);
    connection.trace(file);
    try {
        f();
    } catch (...) {
        connection.trace(nullptr);
        std::fclose(file);
        throw;
    }
    connection.trace(nullptr);
    std::fclose(file);
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
        // libpq >= 14: "<timestamp>\tF\t<length>\t<message>\t<fields>"; F: from the client
        const bool fromClient = line.find("\tF\t") != std::string::npos;
        if (fromClient && (line.find("\tQuery\t") != std::string::npos || line.find("\tParse\t") != std::string::npos))
            out.push_back(line);
    }
    return out;
}
}  // namespace

TEST_CASE("a PostgreSQL no-op boot sends one query: the tracking table's rows") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", "CREATE TABLE users (id serial PRIMARY KEY);")
        .add("0001_more", "ALTER TABLE users ADD COLUMN email text;");
    {
        postgres::Dialect dialect(db.url());
        REQUIRE(Migrator(dialect, folder.load()).upToDate().applied.size() == 2);
    }

    SECTION("first call of a process: a new connection and a new Dialect") {
        auto connection = db.connect();
        std::vector<std::string> sent = sentQueries(*connection, [&] {
            postgres::Dialect dialect(*connection);
            CHECK(Migrator(dialect, folder.load()).upToDate().applied.empty());
        });
        REQUIRE(sent.size() == 1);
        CHECK(test::contains(sent[0], "\"drizzle\".\"__drizzle_migrations\""));
    }
    SECTION("warm: again on the same Dialect, twice") {
        postgres::Dialect dialect(db.url());
        Migrator migrator(dialect, folder.load());
        CHECK(migrator.upToDate().applied.empty());
        std::vector<std::string> sent = sentQueries(dialect.connection(), [&] {
            CHECK(migrator.upToDate().applied.empty());
            CHECK(migrator.upToDate().applied.empty());
        });
        CHECK(sent.size() == 2);
    }
    SECTION("a Drizzle-made tracking table (no name, applied_at) is read the same way") {
        db.exec("ALTER TABLE drizzle.__drizzle_migrations DROP COLUMN name, DROP COLUMN applied_at");
        auto connection = db.connect();
        std::vector<std::string> sent = sentQueries(*connection, [&] {
            postgres::Dialect dialect(*connection);
            CHECK(Migrator(dialect, folder.load()).upToDate().applied.empty());
        });
        CHECK(sent.size() == 1);
    }
    SECTION("something pending is not a no-op: the lock and the writes follow") {
        folder.add("0002_index", "CREATE INDEX users_email ON users (email);");
        auto connection = db.connect();
        std::vector<std::string> sent = sentQueries(*connection, [&] {
            postgres::Dialect dialect(*connection);
            CHECK(Migrator(dialect, folder.load()).upToDate().applied.size() == 1);
        });
        CHECK(sent.size() > 1);
    }
}

TEST_CASE("a PostgreSQL database without a tracking table answers the same single query") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    auto connection = db.connect();
    bool exists = true;
    std::vector<std::string> sent = sentQueries(*connection, [&] {
        postgres::Dialect dialect(*connection);
        exists = dialect.history().scan([](std::int64_t, std::string_view) { FAIL("a row from no table"); });
    });
    CHECK_FALSE(exists);
    CHECK(sent.size() == 1);
    db.exec("CREATE SCHEMA drizzle");
    postgres::Dialect dialect(db.url());
    CHECK_FALSE(dialect.history().scan([](std::int64_t, std::string_view) { FAIL("a row from no table"); }));
}
