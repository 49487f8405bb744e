// The example Badges server: boots from an empty folder on a new SQLite file (migrations compiled
// in), answers /health and reads and writes real rows; a second boot applies nothing; it refuses to
// start when the database disagrees with its migrations.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "server_support.hpp"

using namespace ob::migrate;
using namespace ob::migrate::test::server;
using Catch::Matchers::Contains;
using Json = nlohmann::json;

TEST_CASE("the Badges server boots on a new SQLite file, serves rows, and a second boot applies nothing") {
    test::TempDir dir;
    const std::string binary = installedServer(dir);
    std::string issuerId;
    {
        Server server(binary, dir);
        INFO(server.process->output());
        REQUIRE(server.ready());
        CHECK(std::filesystem::exists(dir / "sqlite.db"));  // the Open Badges API's default file
        CHECK_THAT(server.process->output(), Contains("migrated 0000_") && Contains("listening on http://127.0.0.1:"));

        auto client = server.client();
        auto health = client.Get("/health");
        REQUIRE(health);
        auto h = Json::parse(health->body);
        CHECK(h["status"] == "ok");
        CHECK(h["database"] == "sqlite");
        CHECK(h["migrations"].get<int>() >= 1);

        issuerId = writeAndReadRows(client);
    }
    {
        Server again(binary, dir);
        INFO(again.process->output());
        REQUIRE(again.ready());
        CHECK_THAT(again.process->output(), Contains("database is up to date") && !Contains("migrated 0000_"));
        auto issuer = again.client().Get(("/v2/issuers/" + issuerId).c_str());
        REQUIRE(issuer);
        CHECK(Json::parse(issuer->body)["name"] == "Example University");
    }
}

TEST_CASE("the Badges server refuses to start when an applied migration does not match its own") {
    test::TempDir dir;
    const std::string binary = installedServer(dir);
    {
        Server server(binary, dir);
        REQUIRE(server.ready());
    }
    {
        SQLite::Database db((dir / "sqlite.db").string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE __drizzle_migrations SET hash = 'edited' WHERE created_at = (SELECT min(created_at) FROM "
                "__drizzle_migrations)");
    }
    Server server(binary, dir);
    CHECK_FALSE(server.ready());
    CHECK(server.process->stop() == 1);
    CHECK_THAT(server.process->output(), Contains("refusing to start") && Contains("changed after it was applied"));
}

TEST_CASE("the Badges server refuses to start when one of its migrations fails, and records nothing of it") {
    test::TempDir dir;
    const std::string binary = installedServer(dir);
    {  // a table in the way of the first migration
        SQLite::Database db((dir / "sqlite.db").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE users (legacy integer)");
    }
    Server server(binary, dir);
    CHECK_FALSE(server.ready());
    CHECK(server.process->stop() == 1);
    CHECK_THAT(server.process->output(), Contains("refusing to start") && Contains("0000_init") &&
                                             Contains("already exists"));
    SQLite::Database db((dir / "sqlite.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM __drizzle_migrations").getInt() == 0);
    CHECK_FALSE(db.tableExists("roles"));  // the rest of the failed migration was rolled back
}
