// The views of drizzle-kit's coverage schema (tests/interop/coverage/*/v1.ts, v2.ts) written in
// the DSL: their snapshot `views` sections are drizzle-kit's, key for key, in both versions.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif
#include "support.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;
namespace fs = std::filesystem;

namespace {

using Json = nlohmann::ordered_json;

/// The `views` section of the snapshot `definition` resolves to, as written.
std::string viewsOf(const Definition& definition, const SqlRenderer& renderer) {
    Snapshot s = Snapshot::empty(std::string(renderer.dialect()));
    s.schema = definition.resolve(renderer);
    return Json::parse(s.toJson()).at("views").dump(2);
}

std::string fixtureViews(const std::string& file) {
    const fs::path path = fs::path(OB_MIGRATE_SOURCE_DIR) / "tests/interop/coverage" / file;
    return Json::parse(test::readText(path)).at("views").dump(2);
}

TableBuilder users() { return table("users", {integer("id").primaryKey(), text("email")}); }

}  // namespace

TEST_CASE("the coverage schema's SQLite views in the DSL give drizzle-kit's snapshot views", "[schema][view][coverage]") {
    sqlite::Renderer r;
    for (int version : {1, 2}) {
        INFO("v" << version);
        const Definition d = schema(
            {users()}, {}, {},
            {view("active_users", {integer("id"), text("email")})
                 .as(version == 1 ? "select id, email from users where active = 1"
                                  : "select id, email from users where active = 1 and email <> ''"),
             view("device_counts", {integer("owner_id").notNull()})
                 .as("select \"owner_id\", count(*) as \"total\" from \"devices\" group by \"devices\".\"owner_id\""),
             view("legacy_report", {integer("id")}).existing()});
        CHECK(viewsOf(d, r) == fixtureViews(version == 1 ? "drizzle-sqlite/meta/0000_snapshot.json"
                                                         : "drizzle-sqlite/meta/0001_snapshot.json"));
    }
}

#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
TEST_CASE("the coverage schema's PostgreSQL views in the DSL give drizzle-kit's snapshot views", "[schema][view][coverage]") {
    postgres::Renderer r;
    const DbSchema billing = pgSchema("billing");
    const EnumType status = enumType("status", {"draft", "active", "archived"});
    for (int version : {1, 2}) {
        INFO("v" << version);
        ViewBuilder totals = billing.view("invoice_totals", {integer("user_id"), bigint("total")}).with("securityInvoker", true);
        if (version == 2) totals.with("securityBarrier", true);
        const Definition d = schema(
            {users()}, {status}, {},
            {view("active_users", {integer("id"), varchar("email", 320)})
                 .with("checkOption", "cascaded")
                 .with("securityBarrier", true)
                 .as(version == 1 ? "select id, email from users where status = 'active'"
                                  : "select id, email from users where status = 'active' and email <> ''"),
             materializedView("user_stats", {status("status"), bigint("total")})
                 .with("fillfactor", version == 1 ? 90 : 80)
                 .with("autovacuumEnabled", false)
                 .withNoData()
                 .as("select status, count(*) as total from users group by status"),
             totals.as("select user_id, sum(amount_cents) as total from billing.invoices group by user_id"),
             view("legacy_report", {integer("id")}).existing()});
        CHECK(viewsOf(d, r) == fixtureViews(version == 1 ? "drizzle-postgresql/meta/0000_snapshot.json"
                                                         : "drizzle-postgresql/meta/0001_snapshot.json"));
    }
}
#endif
