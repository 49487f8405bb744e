// What the studio's API serves from a seeded SQLite database: tables, structure, rows (paged,
// sorted, filtered, long values shortened and served whole), the migration history, and recovery
// after the database went away.
#include <catch2/catch.hpp>
#include <filesystem>

#include "fixtures.hpp"
#include "studio_support.hpp"

using namespace ob::migrate::test;
using namespace ob::migrate::test::studio;
using nlohmann::json;

namespace {
json findByName(const json& list, const std::string& name) {
    for (const auto& item : list)
        if (item.at("name") == name) return item;
    FAIL("no " << name << " in " << list.dump());
    return {};
}

}  // namespace

namespace ob::migrate::test::studio {
/// What `ob-migrate check` finds in either shop: 0001's edited file, 0002's record without a
/// file, and the index made by hand.
void checkShopFindings(const json& drift) {
    INFO(drift.dump(2));
    CHECK(drift.at("comparedTag") == "0001_tags");
    CHECK(drift.at("pending") == 1);
    std::vector<std::string> kinds;
    for (const auto& f : drift.at("findings")) kinds.push_back(f.at("kind").get<std::string>() + " " + f.at("subject").get<std::string>());
    CHECK(std::count(kinds.begin(), kinds.end(), "checksum 0001_tags") == 1);
    CHECK(std::count(kinds.begin(), kinds.end(), "history 0002_title_index") == 1);
    const auto drifted = std::count_if(drift.at("findings").begin(), drift.at("findings").end(), [](const json& f) {
        return f.at("kind") == "drift" && f.at("message").get<std::string>().find("users_name_idx") != std::string::npos;
    });
    CHECK(drifted == 1);
    CHECK(drift.at("findings").size() == 3);
}
}  // namespace ob::migrate::test::studio

namespace {
std::vector<std::string> column(const json& rows, std::size_t index) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.at("cells").at(index).is_null() ? "<null>" : r.at("cells").at(index).get<std::string>());
    return out;
}
}  // namespace

TEST_CASE("studio API (SQLite): tables with row counts", "[studio][sqlite]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    auto o = studio.get("/api/overview").json();
    CHECK(o.at("dialect") == "sqlite");
    CHECK(o.at("database").get<std::string>().find(shop.dbPath()) != std::string::npos);
    CHECK(o.at("readOnly") == true);
    CHECK(o.at("pageSize") == 50);
    const auto& tables = o.at("tables");
    REQUIRE(tables.size() == 3);  // not the tracking table, not `later` (pending)
    CHECK(tables.at(0).at("name") == "posts");
    CHECK(tables.at(1).at("name") == "tags");
    CHECK(tables.at(2).at("name") == "users");
    CHECK(findByName(tables, "users").at("rows") == kUsers);
    CHECK(findByName(tables, "posts").at("rows") == kPosts);
    CHECK(findByName(tables, "tags").at("rows") == 3);
    CHECK(findByName(tables, "users").at("columns") == 6);
}

TEST_CASE("studio API (SQLite): a table's columns, keys, indexes, foreign keys and checks", "[studio][sqlite]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());

    auto users = studio.get("/api/table?name=users").json();
    REQUIRE(users.at("columns").size() == 6);
    auto id = users.at("columns").at(0);
    CHECK(id.at("name") == "id");
    CHECK(id.at("type") == "integer");  // as introspection spells the declared type
    CHECK(id.at("primaryKey") == true);
    CHECK(id.at("notNull") == true);
    auto email = findByName(users.at("columns"), "email");
    CHECK(email.at("notNull") == false);
    CHECK(email.at("default").is_null());
    CHECK(users.at("primaryKey") == json{"id"});
    auto index = findByName(users.at("indexes"), "users_email_unique");
    CHECK(index.at("unique") == true);
    CHECK(index.at("columns") == json{"email"});
    REQUIRE(users.at("checks").size() == 1);
    CHECK(users.at("checks").at(0).at("name") == "users_name_check");
    CHECK(users.at("checks").at(0).at("expression") == "length(`name`) > 0");
    auto referencedBy = users.at("referencedBy");
    REQUIRE(referencedBy.size() == 1);
    CHECK(referencedBy.at(0).at("table") == "posts");

    auto posts = studio.get("/api/table?name=posts").json();
    REQUIRE(posts.at("foreignKeys").size() == 1);
    auto fk = posts.at("foreignKeys").at(0);
    CHECK(fk.at("columns") == json{"author_id"});
    CHECK(fk.at("table") == "users");
    CHECK(fk.at("referencedColumns") == json{"id"});
    CHECK(fk.at("onDelete") == "cascade");
    CHECK(fk.at("known") == true);
    CHECK(findByName(posts.at("columns"), "score").at("default") == "0");
    REQUIRE(posts.at("checks").size() == 1);
    CHECK(posts.at("checks").at(0).at("expression") == "`score` >= 0");
    // The index of the missing migration is still in the database.
    CHECK(findByName(posts.at("indexes"), "posts_title_idx").at("columns") == json{"title"});

    auto tags = studio.get("/api/table?name=tags").json();
    CHECK(tags.at("primaryKey") == json({"post_id", "tag"}));
}

TEST_CASE("studio API (SQLite): rows, 50 a page, sorted and filtered", "[studio][sqlite]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());

    auto first = studio.get("/api/rows?name=users").json();
    CHECK(first.at("total") == kUsers);
    CHECK(first.at("pages") == 3);
    CHECK(first.at("page") == 1);
    CHECK(first.at("keyed") == true);
    REQUIRE(first.at("rows").size() == 50);
    CHECK(column(first.at("rows"), 0).front() == "1");
    CHECK(column(first.at("rows"), 0).back() == "50");
    auto last = studio.get("/api/rows?name=users&page=3").json();
    REQUIRE(last.at("rows").size() == 23);
    CHECK(column(last.at("rows"), 0).front() == "101");
    CHECK(studio.get("/api/rows?name=users&page=4").json().at("rows").empty());

    auto desc = studio.get("/api/rows?" + query({{"name", "users"}, {"sort", "name"}, {"order", "desc"}})).json();
    auto names = column(desc.at("rows"), 1);
    CHECK(names.front() == "user 99");
    CHECK(std::is_sorted(names.rbegin(), names.rend()));
    auto asc = studio.get("/api/rows?" + query({{"name", "users"}, {"sort", "name"}, {"page", "2"}})).json();
    auto ascending = column(asc.at("rows"), 1);
    CHECK(std::is_sorted(ascending.begin(), ascending.end()));
    auto ascFirst = studio.get("/api/rows?" + query({{"name", "users"}, {"sort", "name"}})).json();
    CHECK(ascending.front() > column(ascFirst.at("rows"), 1).back());  // page 2 goes on after page 1

    auto one = studio.get("/api/rows?" + query({{"name", "users"}, {"filterColumn", "email"}, {"filterValue", "u7@example.org"}})).json();
    CHECK(one.at("total") == 1);
    REQUIRE(one.at("rows").size() == 1);
    CHECK(one.at("rows").at(0).at("cells").at(1) == "user 7");
    auto byNumber = studio.get("/api/rows?" + query({{"name", "posts"}, {"filterColumn", "author_id"}, {"filterValue", "3"}})).json();
    CHECK(byNumber.at("total") == 2);  // posts 2 and 12
    auto nulls = studio.get("/api/rows?" + query({{"name", "users"}, {"filterColumn", "email"}, {"filterNull", "1"}})).json();
    CHECK(nulls.at("total") == 1);
    CHECK(nulls.at("rows").at(0).at("cells").at(0) == "123");
    CHECK(nulls.at("rows").at(0).at("cells").at(2).is_null());
}

TEST_CASE("studio API (SQLite): long values and blobs come short, and whole on request", "[studio][sqlite]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    auto page = studio.get("/api/rows?name=users").json();
    const auto& row = page.at("rows").at(0);
    auto bio = row.at("cells").at(3);
    REQUIRE(bio.is_object());
    CHECK(bio.at("truncated") == true);
    CHECK(bio.at("length") == kBioLength);
    CHECK(bio.at("preview").get<std::string>().size() < kBioLength);
    CHECK(bio.at("preview").get<std::string>().rfind("bio of user 1: lorem", 0) == 0);
    auto avatar = row.at("cells").at(5);
    CHECK(avatar.at("blob") == true);
    CHECK(avatar.at("length") == 32);
    CHECK(page.at("columns").at(4).at("kind") == "json");
    CHECK(page.at("columns").at(5).at("kind") == "blob");

    const auto key = row.at("key").get<std::string>();
    auto full = studio.get("/api/cell?" + query({{"name", "users"}, {"column", "bio"}, {"key", key}})).json();
    CHECK(full.at("value") == shop.scalar("SELECT bio FROM users WHERE id = 1"));
    CHECK(full.at("length") == kBioLength);
    auto blob = studio.get("/api/cell?" + query({{"name", "users"}, {"column", "avatar"}, {"key", key}})).json();
    CHECK(blob.at("kind") == "blob");
    CHECK(blob.at("value") == shop.scalar("SELECT lower(hex(avatar)) FROM users WHERE id = 1"));
    auto prefs = studio.get("/api/cell?" + query({{"name", "users"}, {"column", "prefs"}, {"key", key}})).json();
    CHECK(prefs.at("kind") == "json");
    CHECK(json::parse(prefs.at("value").get<std::string>()) == json({{"theme", "dark"}, {"n", 1}}));

    auto tags = studio.get("/api/rows?name=tags").json();
    const auto tagKey = tags.at("rows").at(1).at("key").get<std::string>();
    auto tag = studio.get("/api/cell?" + query({{"name", "tags"}, {"column", "tag"}, {"key", tagKey}})).json();
    CHECK(tag.at("value") == "tech");
    CHECK(studio.get("/api/cell?" + query({{"name", "users"}, {"column", "bio"}, {"key", "[{\"i\":\"999\"}]"}})).status == 404);
    CHECK(studio.get("/api/cell?" + query({{"name", "tags"}, {"column", "tag"}, {"key", key}})).status == 400);
}

TEST_CASE("studio API (SQLite): the migration history", "[studio][sqlite]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    auto h = studio.get("/api/migrations").json();
    const auto& list = h.at("migrations");
    REQUIRE(list.size() == expectedHistory().size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        INFO(list.at(i).dump());
        CHECK(list.at(i).at("tag") == expectedHistory()[i].tag);
        CHECK(list.at(i).at("state") == expectedHistory()[i].state);
        CHECK(list.at(i).at("when") == 1700000000000 + static_cast<std::int64_t>(expectedHistory()[i].tag[3] - '0') * 1000);
        CHECK(list.at(i).at("hash").get<std::string>().size() == 64);
    }
    CHECK(list.at(0).at("appliedAt").is_number());
    CHECK(list.at(1).at("recordedHash") != list.at(1).at("hash"));
    CHECK(list.at(2).at("appliedAt").is_null());  // pending
    CHECK(h.at("counts") == json({{"applied", 1}, {"changed", 1}, {"missing", 1}, {"pending", 1}}));

}

TEST_CASE("studio API (SQLite): the drift check's findings", "[studio][sqlite]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    auto drift = studio.get("/api/drift");
    REQUIRE(drift.status == 200);
    checkShopFindings(drift.json());
}

TEST_CASE("studio API (SQLite): a database that goes away shows an error, and is back when it is", "[studio][sqlite]") {
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    REQUIRE(studio.get("/api/overview").status == 200);

    const std::filesystem::path db = shop.dbPath(), away = shop.dbPath() + ".away";
    std::filesystem::rename(db, away);
    auto gone = studio.get("/api/overview");
    CHECK(gone.status == 503);
    CHECK(gone.json().at("unavailable") == true);
    CHECK(gone.json().at("error").get<std::string>().find("cannot reach the database") != std::string::npos);
    CHECK(studio.get("/api/rows?name=users").status == 503);
    CHECK_FALSE(std::filesystem::exists(db));  // the studio never creates a database

    std::filesystem::rename(away, db);
    auto back = studio.get("/api/overview");
    CHECK(back.status == 200);
    CHECK(back.json().at("tables").size() == 3);
}

TEST_CASE("studio API (SQLite): a missing migrations folder is an error of that panel only", "[studio][sqlite]") {
    SqliteShop shop;
    auto settings = shop.settings();
    settings.back() = (std::filesystem::path(shop.workDir()) / "no-such-folder").string();
    StudioProcess studio(settings, {}, shop.workDir());
    auto h = studio.get("/api/migrations");
    CHECK(h.status == 422);
    CHECK(h.json().at("error").get<std::string>().find("no-such-folder") != std::string::npos);
    CHECK(studio.get("/api/overview").status == 200);
}
