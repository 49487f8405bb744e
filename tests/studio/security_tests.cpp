// The studio's guards, on SQLite: the access token, the Host header, read-only by default,
// identifiers checked against the schema, one listening address.
#include <catch2/catch.hpp>

#include <filesystem>

#include "fixtures.hpp"
#include "studio_support.hpp"

using namespace ob::migrate::test;
using namespace ob::migrate::test::studio;

namespace {
const std::string kInjection = "users\"; DROP TABLE users; --";
}

TEST_CASE("studio: every /api/ request needs the token in its header", "[studio][security]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());

    REQUIRE(studio.token().size() == 64);  // 32 random bytes, hex
    CHECK(studio.get("/api/overview").status == 200);

    auto missing = studio.get("/api/overview", {}, false);
    CHECK(missing.status == 401);
    CHECK(missing.json().at("error").get<std::string>().find("access token") != std::string::npos);

    std::string wrong = studio.token();
    wrong[10] = wrong[10] == 'a' ? 'b' : 'a';  // same length, one digit off
    CHECK(studio.get("/api/overview", {{"X-Studio-Token", wrong}}, false).status == 401);
    CHECK(studio.get("/api/overview", {{"X-Studio-Token", studio.token() + "0"}}, false).status == 401);
    CHECK(studio.get("/api/overview", {{"X-Studio-Token", ""}}, false).status == 401);

    // The URL's ?token= opens the page, never the API (cross-site requests cannot set the header).
    CHECK(studio.get("/api/overview?token=" + studio.token(), {}, false).status == 401);
    // Nor does the page's cookie.
    CHECK(studio.get("/api/overview", {{"Cookie", "ob_studio_" + std::to_string(studio.port()) + "=" + studio.token()}},
                     false)
              .status == 401);
    // Writes are checked before anything else.
    CHECK(studio.post("/api/delete", {{"name", "users"}, {"key", "[{\"i\":\"1\"}]"}}, {}, false).status == 401);
    CHECK(shop.scalar("SELECT count(*) FROM users") == "123");
}

TEST_CASE("studio: the page needs the token once, then its cookie", "[studio][security]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());

    auto bare = studio.get("/", {}, false);
    CHECK(bare.status == 401);
    CHECK(bare.body.find(studio.token()) == std::string::npos);
    CHECK(studio.get("/?token=0123", {}, false).status == 401);
    CHECK(studio.get("/studio.js", {}, false).status == 401);

    auto page = studio.get("/?token=" + studio.token(), {}, false);
    REQUIRE(page.status == 200);
    CHECK(page.header("Content-Type").find("text/html") == 0);
    CHECK(page.body.find("<meta name=\"ob-studio-token\" content=\"" + studio.token() + "\">") != std::string::npos);
    const auto cookie = page.header("Set-Cookie");
    CHECK(cookie.find("ob_studio_" + std::to_string(studio.port()) + "=" + studio.token()) == 0);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(page.header("X-Frame-Options") == "DENY");
    CHECK(page.header("Content-Security-Policy").find("frame-ancestors 'none'") != std::string::npos);
    CHECK(page.header("Referrer-Policy") == "no-referrer");

    const Headers withCookie{{"Cookie", "other=1; ob_studio_" + std::to_string(studio.port()) + "=" + studio.token()}};
    auto script = studio.get("/studio.js", withCookie, false);
    CHECK(script.status == 200);
    CHECK(script.header("Content-Type").find("javascript") != std::string::npos);
    CHECK(script.body.find("X-Studio-Token") != std::string::npos);
    CHECK(studio.get("/studio.css", withCookie, false).status == 200);
    CHECK(studio.get("/", withCookie, false).status == 200);
    CHECK(studio.get("/nothing-here", withCookie, false).status == 404);
    CHECK(studio.get("/../../etc/passwd", withCookie, false).status != 200);
}

TEST_CASE("studio: a Host header other than the bound address:port is refused", "[studio][security]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    const auto port = std::to_string(studio.port());

    CHECK(studio.get("/api/overview", {{"Host", studio.hostHeader()}}).status == 200);
    for (const std::string& host : std::vector<std::string>{"evil.example:" + port, "evil.example", "localhost:" + port,
                                   "127.0.0.1:" + std::to_string(studio.port() + 1), "127.0.0.1", "",
                                   "127.0.0.1:" + port + ".evil.example"}) {
        INFO("Host: " << host);
        auto api = studio.get("/api/overview", {{"Host", host}});
        CHECK(api.status == 403);
        CHECK(api.body.find("\"tables\"") == std::string::npos);
        auto page = studio.get("/?token=" + studio.token(), {{"Host", host}}, false);
        CHECK(page.status == 403);
        CHECK(page.body.find(studio.token()) == std::string::npos);
    }
}

TEST_CASE("studio: tables and columns are checked against the schema", "[studio][security]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());

    for (const std::string& name : {std::string("nope"), kInjection, std::string("sqlite_master"),
                                   std::string("__drizzle_migrations"), std::string("USERS")}) {
        INFO("table " << name);
        auto r = studio.get("/api/rows?" + query({{"name", name}}));
        CHECK(r.status == 404);
        CHECK(r.json().at("error").get<std::string>().find("no table named") != std::string::npos);
        CHECK(studio.get("/api/table?" + query({{"name", name}})).status == 404);
    }
    CHECK(studio.get("/api/rows").status == 400);  // no name

    for (const std::string& column : {std::string("nope"), std::string("id; DROP TABLE users"),
                                     std::string("name\" DESC --"), std::string("1")}) {
        INFO("column " << column);
        CHECK(studio.get("/api/rows?" + query({{"name", "users"}, {"sort", column}})).status == 400);
        CHECK(studio.get("/api/rows?" + query({{"name", "users"}, {"filterColumn", column}, {"filterValue", "x"}}))
                  .status == 400);
        CHECK(studio.get("/api/cell?" + query({{"name", "users"}, {"column", column}, {"key", "[{\"i\":\"1\"}]"}}))
                  .status == 400);
    }
    // A value is a value, whatever it holds.
    auto filtered = studio.get(
        "/api/rows?" + query({{"name", "users"}, {"filterColumn", "name"}, {"filterValue", "x' OR '1'='1"}}));
    REQUIRE(filtered.status == 200);
    CHECK(filtered.json().at("total") == 0);
    for (const char* bad : {"0", "-1", "abc", "1.5", "99999999999"})
        CHECK(studio.get("/api/rows?" + query({{"name", "users"}, {"page", bad}})).status == 400);
    CHECK(studio.get("/api/rows?" + query({{"name", "users"}, {"sort", "name"}, {"order", "sideways"}})).status == 400);
    CHECK(studio.get("/api/cell?" + query({{"name", "users"}, {"column", "bio"}, {"key", "1 OR 1=1"}})).status == 400);
    CHECK(studio.get("/api/nothing").status == 404);

    CHECK(shop.scalar("SELECT count(*) FROM users") == "123");
    CHECK(shop.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'users'") == "1");
}

TEST_CASE("studio: read-only unless --allow-write", "[studio][security]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    const auto key = studio.get("/api/rows?name=users").json().at("rows").at(0).at("key").get<std::string>();

    auto update = studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "name"}, {"value", "x"}});
    CHECK(update.status == 403);
    CHECK(update.json().at("error").get<std::string>().find("--allow-write") != std::string::npos);
    CHECK(studio.post("/api/delete", {{"name", "users"}, {"key", key}}).status == 403);
    CHECK(studio.get("/api/rows?name=users").json().at("editable") == false);
    CHECK(studio.get("/api/overview").json().at("readOnly") == true);

    CHECK(shop.scalar("SELECT name FROM users WHERE id = 1") == "user 1");
    CHECK(shop.scalar("SELECT count(*) FROM users") == "123");
    // The connection itself is read-only: the file is opened with SQLITE_OPEN_READONLY.
    CHECK(studio.output().find("read-only") != std::string::npos);
}

TEST_CASE("studio: listens on one address, never a wildcard", "[studio][security]") {
    SqliteShop shop;
    for (const std::string host : {"0.0.0.0", "::"}) {
        auto args = shop.settings();
        args.insert(args.end(), {"studio", "--host", host, "--port", "0"});
        auto [code, output] = runBounded(args);
        CHECK(code == 2);
        CHECK(output.find("wildcard") != std::string::npos);
        CHECK(output.find("token=") == std::string::npos);
    }

    // Settings no retry can mend end the command at once.
    auto [badCode, badOutput] = runBounded(
        {"--db-type", "postgresql", "--url", "postgresql://app@127.0.0.1:not-a-port/app", "studio", "--port", "0"});
    CHECK(badCode == 2);
    CHECK(badOutput.find("token=") == std::string::npos);

    // A SQLite file that is not there (a mistyped --url) is refused, and not created.
    auto [missingCode, missingOutput] =
        runBounded({"--db-type", "sqlite", "--url", shop.workDir() + "/later.db", "--dir", shop.workDir(), "studio",
                    "--port", "0"});
    CHECK(missingCode == 2);
    CHECK(missingOutput.find(shop.workDir() + "/later.db") != std::string::npos);
    CHECK(missingOutput.find("token=") == std::string::npos);
    CHECK_FALSE(std::filesystem::exists(shop.workDir() + "/later.db"));

    // A port in use is an error, not a shared port.
    StudioProcess first(shop.settings(), {}, shop.workDir());
    auto args = shop.settings();
    args.insert(args.end(), {"studio", "--port", std::to_string(first.port())});
    auto [code, output] = runBounded(args);
    CHECK(code == 1);
    CHECK(output.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())) != std::string::npos);
    CHECK(first.get("/api/overview").status == 200);
}

TEST_CASE("studio: two studios get different tokens and stop on SIGTERM", "[studio][security]") {
    SqliteShop shop;
    StudioProcess a(shop.settings(), {}, shop.workDir());
    StudioProcess b(shop.settings(), {}, shop.workDir());
    CHECK(a.token() != b.token());
    CHECK(a.port() != b.port());
    // A token is good for its own studio only.
    CHECK(a.get("/api/overview", {{"X-Studio-Token", b.token()}}, false).status == 401);
    CHECK(a.stop() == 0);
    CHECK(a.output().find("stopped") != std::string::npos);
    CHECK(b.get("/api/overview").status == 200);
}
