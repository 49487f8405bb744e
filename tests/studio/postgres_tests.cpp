// The studio on PostgreSQL (a fresh database of the test harness on OB_MIGRATE_TEST_PG_URL): tables of every
// schema, structure, rows, the history, writes with --allow-write, and a lost connection.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "backends.hpp"
#include "studio_support.hpp"

using namespace ob::migrate::test;
using namespace ob::migrate::test::studio;
using nlohmann::json;

namespace {
json find(const json& list, const std::string& field, const std::string& value) {
    for (const auto& item : list)
        if (item.at(field) == value) return item;
    FAIL("no " << value << " in " << list.dump());
    return {};
}
}  // namespace

TEST_CASE("studio API (PostgreSQL): tables of every schema, structure, rows, history", "[studio][postgres]") {
    if (!requireAvailable(backendKind("postgresql"))) return;
    PgShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());

    auto o = studio.get("/api/overview").json();
    CHECK(o.at("dialect") == "postgresql");
    CHECK(o.at("database").get<std::string>().find(shop.databaseName()) != std::string::npos);
    const auto& tables = o.at("tables");
    REQUIRE(tables.size() == 4);  // public first, then audit; never drizzle.__drizzle_migrations
    CHECK(tables.at(0).at("name") == "posts");
    CHECK(tables.at(1).at("name") == "tags");
    CHECK(tables.at(2).at("name") == "users");
    CHECK(tables.at(3).at("schema") == "audit");
    CHECK(tables.at(3).at("name") == "events");
    CHECK(tables.at(2).at("rows") == kUsers);
    CHECK(tables.at(0).at("rows") == kPosts);
    CHECK(tables.at(3).at("rows") == 2);

    auto users = studio.get("/api/table?" + query({{"schema", "public"}, {"name", "users"}})).json();
    CHECK(users.at("primaryKey") == json{"id"});
    auto id = find(users.at("columns"), "name", "id");
    CHECK(id.at("type") == "serial");  // introspection spells an integer fed by its own sequence as Drizzle does
    CHECK(id.at("default").is_null());
    CHECK(find(users.at("columns"), "name", "prefs").at("type") == "jsonb");
    CHECK(find(users.at("indexes"), "name", "users_email_unique").at("unique") == true);
    CHECK(find(users.at("checks"), "name", "users_name_check").at("expression").get<std::string>().find("length(name) > 0") != std::string::npos);
    CHECK(find(users.at("referencedBy"), "table", "posts").at("columns") == json{"author_id"});
    auto posts = studio.get("/api/table?name=posts").json();  // no schema: public
    auto fk = find(posts.at("foreignKeys"), "name", "posts_author_id_users_id_fk");
    CHECK(fk.at("schema") == "public");
    CHECK(fk.at("table") == "users");
    CHECK(fk.at("onDelete") == "cascade");
    CHECK(studio.get("/api/table?" + query({{"schema", "public"}, {"name", "tags"}})).json().at("primaryKey") == json({"post_id", "tag"}));
    auto events = studio.get("/api/table?" + query({{"schema", "audit"}, {"name", "events"}})).json();
    CHECK(find(events.at("columns"), "name", "id").at("generated") == "identity always");
    CHECK(studio.get("/api/table?" + query({{"schema", "audit"}, {"name", "users"}})).status == 404);
    CHECK(studio.get("/api/table?" + query({{"schema", "drizzle"}, {"name", "__drizzle_migrations"}})).status == 404);
    CHECK(studio.get("/api/rows?" + query({{"schema", "public\"; DROP SCHEMA audit CASCADE; --"}, {"name", "users"}})).status == 404);

    auto page3 = studio.get("/api/rows?" + query({{"name", "users"}, {"page", "3"}})).json();
    CHECK(page3.at("total") == kUsers);
    REQUIRE(page3.at("rows").size() == 23);
    CHECK(page3.at("rows").at(0).at("cells").at(0) == "101");
    auto sorted = studio.get("/api/rows?" + query({{"name", "users"}, {"sort", "id"}, {"order", "desc"}})).json();
    CHECK(sorted.at("rows").at(0).at("cells").at(0) == "123");
    auto one = studio.get("/api/rows?" + query({{"name", "users"}, {"filterColumn", "id"}, {"filterValue", "7"}})).json();
    REQUIRE(one.at("total") == 1);
    const auto& row = one.at("rows").at(0);
    CHECK(row.at("cells").at(1) == "user 7");
    CHECK(row.at("cells").at(3).at("length") == kBioLength);
    CHECK(row.at("cells").at(5).at("blob") == true);
    CHECK(row.at("cells").at(5).at("length") == 32);
    auto byJson = studio.get("/api/rows?" + query({{"name", "events"}, {"schema", "audit"}, {"filterColumn", "payload"}, {"filterValue", "{\"kind\": \"login\"}"}})).json();
    CHECK(byJson.at("total") == 1);
    auto badValue = studio.get("/api/rows?" + query({{"name", "users"}, {"filterColumn", "id"}, {"filterValue", "seven"}}));
    CHECK(badValue.status == 400);
    CHECK(badValue.json().at("error").get<std::string>().find("invalid input syntax") != std::string::npos);
    CHECK(studio.get("/api/overview").status == 200);  // the failed query left a usable connection

    const auto key = row.at("key").get<std::string>();
    auto bio = studio.get("/api/cell?" + query({{"name", "users"}, {"column", "bio"}, {"key", key}})).json();
    CHECK(bio.at("value") == shop.scalar("SELECT bio FROM users WHERE id = 7"));
    auto avatar = studio.get("/api/cell?" + query({{"name", "users"}, {"column", "avatar"}, {"key", key}})).json();
    CHECK(avatar.at("value") == shop.scalar("SELECT encode(avatar, 'hex') FROM users WHERE id = 7"));

    auto history = studio.get("/api/migrations").json().at("migrations");
    REQUIRE(history.size() == expectedHistory().size());
    for (std::size_t i = 0; i < history.size(); ++i) {
        CHECK(history.at(i).at("tag") == expectedHistory()[i].tag);
        CHECK(history.at(i).at("state") == expectedHistory()[i].state);
    }

    // The drift check normalises in temporary tables: it runs although the session is read-only.
    auto drift = studio.get("/api/drift");
    REQUIRE(drift.status == 200);
    checkShopFindings(drift.json());

    // Read-only: the API refuses, and so would the session (default_transaction_read_only).
    CHECK(studio.post("/api/delete", {{"name", "users"}, {"key", key}}).status == 403);
    CHECK(shop.scalar("SELECT count(*) FROM users") == std::to_string(kUsers));
}

TEST_CASE("studio --allow-write (PostgreSQL): edit a cell, delete a row", "[studio][postgres][write]") {
    if (!requireAvailable(backendKind("postgresql"))) return;
    PgShop shop;
    StudioProcess studio(shop.settings(), {"--allow-write"}, shop.workDir());

    auto rows = studio.get("/api/rows?" + query({{"name", "users"}, {"filterColumn", "id"}, {"filterValue", "42"}})).json();
    const auto key = rows.at("rows").at(0).at("key").get<std::string>();
    REQUIRE(studio.post("/api/update", {{"schema", "public"}, {"name", "users"}, {"key", key}, {"column", "name"}, {"value", "Zoë O'Brien"}}).status == 200);
    CHECK(shop.scalar("SELECT name FROM users WHERE id = 42") == "Zoë O'Brien");
    REQUIRE(studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "prefs"}, {"value", "{\"theme\": \"light\"}"}}).status == 200);
    CHECK(shop.scalar("SELECT prefs->>'theme' FROM users WHERE id = 42") == "light");
    REQUIRE(studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "email"}, {"value", nullptr}}).status == 200);
    CHECK(shop.scalar("SELECT email IS NULL FROM users WHERE id = 42") == "t");
    auto bad = studio.post("/api/update", {{"name", "users"}, {"key", key}, {"column", "prefs"}, {"value", "{not json"}});
    CHECK(bad.status == 400);
    CHECK(shop.scalar("SELECT prefs->>'theme' FROM users WHERE id = 42") == "light");

    auto events = studio.get("/api/rows?" + query({{"schema", "audit"}, {"name", "events"}})).json();
    const auto eventKey = events.at("rows").at(0).at("key").get<std::string>();
    auto generated = studio.post("/api/update", {{"schema", "audit"}, {"name", "events"}, {"key", eventKey}, {"column", "id"}, {"value", "5"}});
    CHECK(generated.status == 400);  // GENERATED ALWAYS: the server refuses
    REQUIRE(studio.post("/api/delete", {{"schema", "audit"}, {"name", "events"}, {"key", eventKey}}).status == 200);
    CHECK(shop.scalar("SELECT count(*) FROM audit.events") == "1");

    auto posts = studio.get("/api/rows?" + query({{"name", "users"}, {"filterColumn", "id"}, {"filterValue", "3"}})).json();
    REQUIRE(studio.post("/api/delete", {{"name", "users"}, {"key", posts.at("rows").at(0).at("key")}}).status == 200);
    CHECK(shop.scalar("SELECT count(*) FROM users") == std::to_string(kUsers - 1));
    CHECK(shop.scalar("SELECT count(*) FROM posts WHERE author_id = 3") == "0");
    CHECK(studio.post("/api/delete", {{"name", "users"}, {"key", posts.at("rows").at(0).at("key")}}).status == 404);
}

TEST_CASE("studio (PostgreSQL): a lost connection shows an error and recovers", "[studio][postgres]") {
    if (!requireAvailable(backendKind("postgresql"))) return;
    PgShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    REQUIRE(studio.get("/api/overview").status == 200);
    const auto db = shop.databaseName();
    const auto terminate = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db +
                           "' AND pid <> pg_backend_pid()";

    // The server drops the studio's connection: the next request opens a new one.
    shop.execOnServer(terminate);
    CHECK(studio.get("/api/overview").status == 200);

    // The database refuses connections: the page is told, and the studio keeps serving.
    shop.execOnServer("ALTER DATABASE \"" + db + "\" WITH ALLOW_CONNECTIONS false");
    shop.execOnServer(terminate);
    auto down = studio.get("/api/overview");
    CHECK(down.status == 503);
    CHECK(down.json().at("unavailable") == true);
    CHECK(studio.get("/api/migrations").status == 503);
    CHECK(down.body.find("password") == std::string::npos);

    shop.execOnServer("ALTER DATABASE \"" + db + "\" WITH ALLOW_CONNECTIONS true");
    auto back = studio.get("/api/overview");
    CHECK(back.status == 200);
    CHECK(back.json().at("tables").size() == 4);
}
