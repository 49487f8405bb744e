// The Badges server run as a user would: the binary alone in an empty folder, started in the
// background, asked for /health until it answers. Shared by the SQLite and PostgreSQL boot tests.
#pragma once

#include <catch2/catch.hpp>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace ob::migrate::test::server {

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

inline std::string installedServer(const test::TempDir& dir) {
    // The binary alone in an empty folder: nothing of the source tree beside it.
    auto target = dir / "badges-server";
    std::filesystem::copy_file(BADGES_SERVER_PATH, target);
    std::filesystem::permissions(target, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
    return target.string();
}

/// Writes an issuer, a badge class and an assertion through the API, reads them back and tries bad
/// input; returns the issuer's id.
inline std::string writeAndReadRows(httplib::Client& client) {
    using Json = nlohmann::json;
    auto created = client.Post("/v2/issuers", R"({"name": "Example University", "url": "https://example.org"})",
                               "application/json");
    REQUIRE(created);
    REQUIRE(created->status == 201);
    const std::string issuerId = Json::parse(created->body)["id"];
    auto badge = client.Post("/v2/badge-classes",
                             Json{{"issuerId", issuerId}, {"name", "Graduate"}, {"description", "Finished"}}.dump(),
                             "application/json");
    REQUIRE(badge);
    REQUIRE(badge->status == 201);
    const std::string badgeId = Json::parse(badge->body)["id"];
    auto assertion = client.Post(
        "/v2/assertions", Json{{"badgeClassId", badgeId}, {"recipient", {{"identity", "ada@example.org"}}}}.dump(),
        "application/json");
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
    return issuerId;
}

}  // namespace ob::migrate::test::server
