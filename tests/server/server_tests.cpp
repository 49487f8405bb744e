// The example Badges server: boots from an empty folder on a new SQLite file (migrations compiled
// in), answers /health and reads and writes real rows; a second boot applies nothing; it refuses to
// start when the database disagrees with its migrations.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;
using Json = nlohmann::json;

namespace {
struct Server {
    int port = test::freePort();
    std::unique_ptr<test::BackgroundProcess> process;

    Server(const std::string& binary, const test::TempDir& dir, std::vector<std::string> env = {}) {
        env.push_back("PORT=" + std::to_string(port));
        process = std::make_unique<test::BackgroundProcess>(std::vector<std::string>{binary}, env, dir.path().string());
    }

    /// Waits (bounded) until /health answers or the process exits.
    bool ready() {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(0, 200000);
        for (int i = 0; i < 150; ++i) {
            if (!process->running()) return false;
            if (auto r = client.Get("/health"); r && r->status == 200) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
    httplib::Client client() const { return httplib::Client("127.0.0.1", port); }
};

std::string installedServer(const test::TempDir& dir) {
    // The binary alone in an empty folder: nothing of the source tree beside it.
    auto target = dir / "badges-server";
    std::filesystem::copy_file(BADGES_SERVER_PATH, target);
    std::filesystem::permissions(target, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
    return target.string();
}
}  // namespace

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

        auto created = client.Post("/v2/issuers", R"({"name": "Example University", "url": "https://example.org"})",
                                   "application/json");
        REQUIRE(created);
        REQUIRE(created->status == 201);
        issuerId = Json::parse(created->body)["id"];
        auto badge = client.Post("/v2/badge-classes",
                                 Json{{"issuerId", issuerId}, {"name", "Graduate"}, {"description", "Finished"}}.dump(),
                                 "application/json");
        REQUIRE(badge);
        REQUIRE(badge->status == 201);
        const std::string badgeId = Json::parse(badge->body)["id"];
        auto assertion = client.Post(
            "/v2/assertions",
            Json{{"badgeClassId", badgeId}, {"recipient", {{"identity", "ada@example.org"}}}}.dump(), "application/json");
        REQUIRE(assertion);
        REQUIRE(assertion->status == 201);
        const std::string assertionId = Json::parse(assertion->body)["id"];
        auto fetched = client.Get(("/v2/assertions/" + assertionId).c_str());
        REQUIRE(fetched);
        REQUIRE(fetched->status == 200);
        auto doc = Json::parse(fetched->body);
        CHECK(doc["type"] == "Assertion");
        CHECK(doc["recipient"]["identity"] == "ada@example.org");

        CHECK(client.Post("/v2/issuers", "not json", "application/json")->status == 400);
        CHECK(client.Post("/v2/issuers", "{}", "application/json")->status == 400);
        CHECK(client.Get("/v2/issuers/nope")->status == 404);
        CHECK(client.Post("/v2/badge-classes", Json{{"issuerId", "nope"}, {"name", "x"}, {"description", "y"}}.dump(),
                          "application/json")
                  ->status == 422);
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
