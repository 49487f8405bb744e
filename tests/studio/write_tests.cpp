// ob-migrate studio --allow-write on SQLite: editing a cell and deleting a row by primary key,
// in a transaction, really change the database; nothing else does.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "studio_support.hpp"

using namespace ob::migrate::test;
using namespace ob::migrate::test::studio;
using nlohmann::json;

namespace {
std::string keyOfRow(const StudioProcess& studio, const std::string& table, const std::string& filterColumn,
                     const std::string& value) {
    auto page = studio.get("/api/rows?" + query({{"name", table}, {"filterColumn", filterColumn}, {"filterValue", value}}))
                    .json();
    REQUIRE(page.at("rows").size() == 1);
    return page.at("rows").at(0).at("key").get<std::string>();
}
}  // namespace

TEST_CASE("studio --allow-write (SQLite): editing a cell changes that row only", "[studio][sqlite][write]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {"--allow-write"}, shop.workDir());
    CHECK(studio.get("/api/overview").json().at("readOnly") == false);
    CHECK(studio.get("/api/rows?name=users").json().at("editable") == true);
    const auto key = keyOfRow(studio, "users", "id", "42");

    auto r = studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "name"}, {"value", "Zoë O'Brien\"; --"}});
    REQUIRE(r.status == 200);
    CHECK(r.json().at("changed") == 1);
    CHECK(shop.scalar("SELECT name FROM users WHERE id = 42") == "Zoë O'Brien\"; --");
    CHECK(shop.scalar("SELECT name FROM users WHERE id = 41") == "user 41");
    CHECK(shop.scalar("SELECT count(*) FROM users WHERE name LIKE 'user %'") == std::to_string(kUsers - 1));

    REQUIRE(studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "email"}, {"value", nullptr}}).status == 200);
    CHECK(shop.scalar("SELECT email IS NULL FROM users WHERE id = 42") == "1");

    // A number typed as text lands as a number in an integer column (SQLite's affinity).
    const auto postKey = keyOfRow(studio, "posts", "id", "5");
    REQUIRE(studio.post("/api/update", {{"name", "posts"}, {"key", postKey}, {"column", "author_id"}, {"value", "7"}}).status == 200);
    CHECK(shop.scalar("SELECT typeof(author_id) || ':' || author_id FROM posts WHERE id = 5") == "integer:7");

    // The database's own rules hold: a CHECK and a NOT NULL refuse, nothing changes.
    auto bad = studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "name"}, {"value", ""}});
    CHECK(bad.status == 400);
    CHECK(bad.json().at("error").get<std::string>().find("CHECK") != std::string::npos);
    CHECK(studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "name"}, {"value", nullptr}}).status == 400);
    CHECK(shop.scalar("SELECT name FROM users WHERE id = 42") == "Zoë O'Brien\"; --");
    // So does the foreign key (the studio turns foreign_keys on for its writes).
    CHECK(studio.post("/api/update", {{"name", "posts"}, {"key", postKey}, {"column", "author_id"}, {"value", "9999"}}).status == 400);
    CHECK(shop.scalar("SELECT author_id FROM posts WHERE id = 5") == "7");
}

TEST_CASE("studio --allow-write (SQLite): deleting a row by primary key", "[studio][sqlite][write]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {"--allow-write"}, shop.workDir());

    // A composite key.
    auto tags = studio.get("/api/rows?name=tags").json();
    const auto tagKey = tags.at("rows").at(1).at("key").get<std::string>();  // (1, 'tech')
    REQUIRE(studio.post("/api/delete", {{"name", "tags"}, {"key", tagKey}}).status == 200);
    CHECK(shop.scalar("SELECT group_concat(post_id || '/' || tag, ',') FROM tags") == "1/news,2/news");

    const auto key = keyOfRow(studio, "users", "id", "3");  // author of posts 2 and 12 (tagged 'news')
    auto r = studio.post("/api/delete", {{"name", "users"}, {"key", key}});
    REQUIRE(r.status == 200);
    CHECK(r.json().at("changed") == 1);
    CHECK(shop.scalar("SELECT count(*) FROM users WHERE id = 3") == "0");
    CHECK(shop.scalar("SELECT count(*) FROM users") == std::to_string(kUsers - 1));
    CHECK(shop.scalar("SELECT count(*) FROM posts WHERE author_id = 3") == "0");  // ON DELETE CASCADE
    CHECK(shop.scalar("SELECT group_concat(post_id || '/' || tag, ',') FROM tags") == "1/news");  // and on
    CHECK(studio.get("/api/overview").json().at("tables").at(2).at("rows") == kUsers - 1);

    auto again = studio.post("/api/delete", {{"name", "users"}, {"key", key}});
    CHECK(again.status == 404);
    CHECK(shop.scalar("SELECT count(*) FROM users") == std::to_string(kUsers - 1));

}

TEST_CASE("studio --allow-write (SQLite): bad writes change nothing", "[studio][sqlite][write]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {"--allow-write"}, shop.workDir());
    const auto key = keyOfRow(studio, "users", "id", "1");

    CHECK(studio.post("/api/update", {{"name", "users\"; DROP TABLE users; --"}, {"key", key}, {"column", "name"}, {"value", "x"}}).status == 404);
    CHECK(studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "name = 'x'; --"}, {"value", "x"}}).status == 400);
    CHECK(studio.post("/api/update", {{"name", "users"}, {"key", "[1]"}, {"column", "name"}, {"value", "x"}}).status == 400);
    CHECK(studio.post("/api/update", {{"name", "users"}, {"key", "[{\"i\":\"1\"},{\"i\":\"2\"}]"}, {"column", "name"}, {"value", "x"}}).status == 400);
    CHECK(studio.post("/api/update", {{"name", "users"}, {"key", "[{\"i\":\"777\"}]"}, {"column", "name"}, {"value", "x"}}).status == 404);
    CHECK(studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "name"}}).status == 400);  // no value
    CHECK(studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "name"}, {"value", json::array()}}).status == 400);
    CHECK(studio.post("/api/delete", {{"name", "users"}}).status == 400);
    CHECK(studio.post("/api/delete", json::array()).status == 400);
    CHECK(studio.get("/api/delete?" + query({{"name", "users"}, {"key", key}})).status == 404);  // GET never writes

    CHECK(shop.scalar("SELECT count(*) FROM users") == std::to_string(kUsers));
    CHECK(shop.scalar("SELECT count(*) FROM users WHERE name = 'user ' || id") == std::to_string(kUsers));
}
