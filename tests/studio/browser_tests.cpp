// The studio's page in a real browser (Debian's headless Chromium through playwright-core) on a
// seeded SQLite and a seeded PostgreSQL database: tables, columns, rows, paging, sorting,
// filtering, long values, structure, migration history, drift findings; on SQLite also editing a
// cell, deleting a row, and the database going away and coming back. Screenshots go under the
// build folder (tests/studio/screenshots/<backend>/).
#include <catch2/catch.hpp>

#include "browser.hpp"
#include "fixtures.hpp"
#include "studio_support.hpp"
#ifdef OB_STUDIO_TEST_POSTGRES
#include "backends.hpp"
#endif

using namespace ob::migrate::test;
using namespace ob::migrate::test::studio;
using nlohmann::json;

namespace {
json history() {
    json out = json::array();
    for (const auto& m : expectedHistory()) out.push_back({{"tag", m.tag}, {"state", m.state}});
    return out;
}

json usersTable(const std::string& schema) {
    return {{"name", "users"},          {"schema", schema},
            {"columns", {"id", "name", "email", "bio", "prefs", "avatar"}},
            {"rows", kUsers},           {"sortColumn", "name"},
            {"filterColumn", "email"},  {"filterValue", "u7@example.org"},
            {"longColumn", "bio"},      {"longLength", kBioLength},
            {"foreignKeyTo", nullptr}};
}

json driftKinds() { return json::array({"checksum", "history", "drift"}); }

void runCheck(const StudioProcess& studio, json expectations, const std::string& backend) {
    expectations["url"] = studio.url();
    const auto dir = std::filesystem::path(OB_STUDIO_SCREENSHOT_DIR) / backend;
    std::filesystem::remove_all(dir);
    auto r = checkPage(expectations, dir);
    INFO("check_page.mjs stdout:\n" << r.out << "\nstderr:\n" << r.err << "\nstudio:\n" << studio.output());
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("OK") != std::string::npos);
    for (const char* shot : {"overview", "rows", "value", "structure", "migrations", "drift"}) {
        const auto png = dir / (std::string(shot) + ".png");
        INFO(png);
        REQUIRE(std::filesystem::exists(png));
        CHECK(std::filesystem::file_size(png) > 10'000);  // a rendered page, not a blank one
        CHECK(readText(png).rfind("\x89PNG\r\n", 0) == 0);
    }
}
}  // namespace

TEST_CASE("studio in a browser: a seeded SQLite database", "[studio][browser][sqlite]") {
    if (!requireBrowser()) return;
    SqliteShop shop;
    StudioProcess studio(shop.settings(), {"--allow-write"}, shop.workDir());
    json expectations = {
        {"tables", json::array({{{"name", "posts"}, {"schema", ""}, {"rows", kPosts}},
                                {{"name", "tags"}, {"schema", ""}, {"rows", 3}},
                                {{"name", "users"}, {"schema", ""}, {"rows", kUsers}}})},
        {"table", usersTable("")},
        {"migrations", history()},
        {"driftKinds", driftKinds()},
        {"edit", {{"column", "name"}, {"value", "Edited in the browser"}}},
        {"databaseFile", shop.dbPath()}};
    runCheck(studio, expectations, "sqlite");
    CHECK(shop.scalar("SELECT name FROM users WHERE id = 1") == "Edited in the browser");
    CHECK(shop.scalar("SELECT count(*) FROM users") == std::to_string(kUsers - 1));  // the second row deleted
    CHECK(shop.scalar("SELECT count(*) FROM users WHERE id = 2") == "0");
    CHECK(std::filesystem::exists(std::filesystem::path(OB_STUDIO_SCREENSHOT_DIR) / "sqlite" / "unavailable.png"));
}

#ifdef OB_STUDIO_TEST_POSTGRES
TEST_CASE("studio in a browser: a seeded PostgreSQL database", "[studio][browser][postgres]") {
    if (!requireAvailable(backendKind("postgresql")) || !requireBrowser()) return;
    PgShop shop;
    StudioProcess studio(shop.settings(), {}, shop.workDir());
    json table = usersTable("public");
    json expectations = {
        {"tables", json::array({{{"name", "posts"}, {"schema", "public"}, {"rows", kPosts}},
                                {{"name", "tags"}, {"schema", "public"}, {"rows", 3}},
                                {{"name", "users"}, {"schema", "public"}, {"rows", kUsers}},
                                {{"name", "events"}, {"schema", "audit"}, {"rows", 2}}})},
        {"table", table},
        {"migrations", history()},
        {"driftKinds", driftKinds()}};
    runCheck(studio, expectations, "postgresql");
}
#endif
