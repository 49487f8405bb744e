// The Badges server in its PostgreSQL mode, with the boot tests of its SQLite mode: from an empty
// folder against a fresh database of the test harness (OB_MIGRATE_TEST_PG_URL) it migrates, answers /health and
// writes rows; a second boot applies nothing; it refuses to start when an applied migration was
// changed or when one of its migrations fails.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "backends.hpp"
#include "server_support.hpp"

using namespace ob::migrate;
using namespace ob::migrate::test::server;
using Catch::Matchers::Contains;
using Json = nlohmann::json;

namespace {
std::vector<std::string> postgresEnv(const test::TestBackend& db) {
    return {"DB_TYPE=postgresql", "DATABASE_URL=" + db.url()};
}

const char* kTracking = "SELECT count(*) FROM drizzle.__drizzle_migrations";
}  // namespace

TEST_CASE("the Badges server boots on a new PostgreSQL database, serves rows, and a second boot applies nothing",
          "[server][postgres]") {
    const auto db = test::requireBackend("postgresql");
    if (!db) return;
    test::TempDir dir;
    const std::string binary = installedServer(dir);
    std::string issuerId;
    long long migrations = 0;
    {
        Server server(binary, dir, postgresEnv(*db));
        INFO(server.process->output());
        REQUIRE(server.ready());
        CHECK_THAT(server.process->output(), Contains("migrated 0000_") && Contains("listening on http://127.0.0.1:"));
        CHECK_FALSE(std::filesystem::exists(dir / "sqlite.db"));  // PostgreSQL only

        auto client = server.client();
        auto health = client.Get("/health");
        REQUIRE(health);
        auto h = Json::parse(health->body);
        CHECK(h["status"] == "ok");
        CHECK(h["database"] == "postgresql");
        migrations = h["migrations"].get<long long>();
        CHECK(migrations >= 1);
        CHECK(db->queryInt(kTracking) == migrations);

        issuerId = writeAndReadRows(client);
        CHECK(db->scalar("SELECT name FROM issuers WHERE id = '" + issuerId + "'") == "Example University");
    }
    {
        Server again(binary, dir, postgresEnv(*db));
        INFO(again.process->output());
        REQUIRE(again.ready());
        CHECK_THAT(again.process->output(), Contains("database is up to date") && !Contains("migrated 0000_"));
        auto issuer = again.client().Get(("/v2/issuers/" + issuerId).c_str());
        REQUIRE(issuer);
        CHECK(Json::parse(issuer->body)["name"] == "Example University");
        CHECK(db->queryInt(kTracking) == migrations);
    }
}

TEST_CASE("the Badges server refuses to start on PostgreSQL when an applied migration does not match its own",
          "[server][postgres]") {
    const auto db = test::requireBackend("postgresql");
    if (!db) return;
    test::TempDir dir;
    const std::string binary = installedServer(dir);
    {
        Server server(binary, dir, postgresEnv(*db));
        INFO(server.process->output());
        REQUIRE(server.ready());
    }
    db->exec("UPDATE drizzle.__drizzle_migrations SET hash = 'edited' WHERE created_at = (SELECT min(created_at) FROM "
            "drizzle.__drizzle_migrations)");
    Server server(binary, dir, postgresEnv(*db));
    CHECK_FALSE(server.ready());
    CHECK(server.process->stop() == 1);
    CHECK_THAT(server.process->output(), Contains("refusing to start") && Contains("changed after it was applied"));
}

TEST_CASE("the Badges server refuses to start on PostgreSQL when one of its migrations fails, and records nothing",
          "[server][postgres]") {
    const auto db = test::requireBackend("postgresql");
    if (!db) return;
    db->exec("CREATE TABLE users (legacy integer)");  // in the way of the first migration
    test::TempDir dir;
    const std::string binary = installedServer(dir);
    Server server(binary, dir, postgresEnv(*db));
    CHECK_FALSE(server.ready());
    CHECK(server.process->stop() == 1);
    CHECK_THAT(server.process->output(), Contains("refusing to start") && Contains("0000_init") &&
                                             Contains("already exists") && Contains("42P07"));
    CHECK(db->queryInt("SELECT count(*) FROM information_schema.tables WHERE table_name = 'roles'") == 0);
    const bool tracked = db->queryInt("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                                      "'drizzle' AND table_name = '__drizzle_migrations'") == 1;
    if (tracked) CHECK(db->queryInt(kTracking) == 0);  // nothing recorded
}
