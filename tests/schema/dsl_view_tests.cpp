// Views in the DSL: validation, resolution per dialect, snapshots byte for byte as drizzle-kit
// 0.31.11 writes them (tests/interop/coverage), the SQL of create / drop / changed definition /
// changed options, and SQLite rebuilds under views and drift checks on real SQLite databases.
#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <filesystem>

#include "ob/migrate/compare.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/dsl_source.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/introspect.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif
#include "schema_errors.hpp"
#include "support.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;
using ob::migrate::schema_test::mentions;
using ob::migrate::schema_test::schemaError;
namespace fs = std::filesystem;

namespace {

fs::path coverage(const std::string& file) { return fs::path(OB_MIGRATE_SOURCE_DIR) / "tests/interop/coverage" / file; }

TableBuilder users() { return table("users", {integer("id").primaryKey(), text("email"), integer("active")}); }

/// The statements of a fixture SQL file that create, drop or alter a view.
std::vector<std::string> viewStatements(const std::vector<std::string>& statements) {
    std::vector<std::string> out;
    for (std::string s : statements) {
        s.erase(0, s.find_first_not_of(" \n\t"));
        s.erase(s.find_last_not_of(" \n\t") + 1);
        if (s.find(" VIEW ") != std::string::npos) out.push_back(s);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> fixtureStatements(const fs::path& file) {
    std::vector<std::string> out;
    for (const auto& s : splitStatements(test::readText(file))) out.push_back(s.sql);
    return viewStatements(out);
}

void execute(SQLite::Database& db, const std::vector<std::string>& statements) {
    for (const auto& s : statements) {
        INFO(s);
        db.exec(s);
    }
}

std::string viewSql(SQLite::Database& db, const std::string& view) {
    SQLite::Statement q(db, "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?");
    q.bind(1, view);
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

}  // namespace

TEST_CASE("view declarations are validated when the schema is built", "[schema][dsl][view]") {
    CHECK(mentions(schemaError([] { schema({users()}, {}, {}, {view("v", {integer("id")})}); }), "view v has no definition"));
    CHECK(mentions(schemaError([] { schema({users()}, {}, {}, {view("v").existing().as("select 1")}); }),
                   "is existing() and has a definition"));
    CHECK(mentions(schemaError([] { schema({users()}, {}, {}, {view("v").as("select 1"), view("v").as("select 2")}); }),
                   "view v is declared twice"));
    CHECK(mentions(schemaError([] { schema({users()}, {}, {}, {view("users").as("select 1")}); }), "the name of a table"));
    CHECK(mentions(schemaError([] { schema({users()}, {}, {}, {view("v").withNoData().as("select 1")}); }),
                   "for materialized views"));
    CHECK(mentions(schemaError([] { schema({users()}, {}, {}, {view("v").with("a", 1).with("a", 2).as("select 1")}); }),
                   "option a is given twice"));
    CHECK(mentions(schemaError([] { schema({users()}, {}, {}, {view("v", {integer("a"), text("a")}).as("select 1")}); }),
                   "column a is declared twice"));
}

TEST_CASE("SQLite has plain views only", "[schema][dsl][view]") {
    sqlite::Renderer r;
    CHECK(mentions(schemaError([&] { schema({users()}, {}, {}, {materializedView("m").as("select 1")}).resolve(r); }),
                   "sqlite has no materialized views"));
    CHECK(mentions(schemaError([&] {
                       schema({users()}, {}, {}, {view("v").with("securityBarrier", true).as("select 1")}).resolve(r);
                   }),
                   "view options"));
    const Schema s = schema({users()}, {}, {}, {view("v", {integer("id")}).as("select id from users")}).resolve(r);
    REQUIRE(s.views.size() == 1);
    CHECK(s.views[0].columns[0].type == "integer");
    CHECK(s.views[0].definition == "select id from users");
}

TEST_CASE("drizzle-kit's view snapshots read and write back byte for byte", "[schema][snapshot][view]") {
    for (const char* file : {"drizzle-postgresql/meta/0000_snapshot.json", "drizzle-postgresql/meta/0001_snapshot.json",
                             "drizzle-sqlite/meta/0000_snapshot.json", "drizzle-sqlite/meta/0001_snapshot.json"}) {
        INFO(file);
        const std::string text = test::readText(coverage(file));
        const Snapshot s = Snapshot::parse(text, file);
        CHECK(s.toJson() == text);
        CHECK(s.schema.views.size() == (s.schema.dialect == "sqlite" ? 3u : 4u));
    }
    const Snapshot pg = Snapshot::read(coverage("drizzle-postgresql/meta/0000_snapshot.json"));
    const View* stats = pg.schema.findView("user_stats");
    REQUIRE(stats);
    CHECK(stats->materialized);
    CHECK(stats->withNoData);
    CHECK(stats->with == std::vector<std::pair<std::string, std::string>>{{"fillfactor", "90"}, {"autovacuumEnabled", "false"}});
    CHECK(pg.schema.findView("invoice_totals", "billing"));
    CHECK(pg.schema.findView("legacy_report")->isExisting);
}

TEST_CASE("the SQLite renderer writes the view statements of drizzle-kit's coverage folder", "[schema][render][view]") {
    const Schema v1 = Snapshot::read(coverage("drizzle-sqlite/meta/0000_snapshot.json")).schema;
    const Schema v2 = Snapshot::read(coverage("drizzle-sqlite/meta/0001_snapshot.json")).schema;
    sqlite::Renderer r;
    CHECK(viewStatements(r.render(diff(Snapshot::empty("sqlite").schema, v1))) ==
          fixtureStatements(coverage("drizzle-sqlite/0000_v1.sql")));
    CHECK(viewStatements(r.render(diff(v1, v2))) == fixtureStatements(coverage("drizzle-sqlite/0001_v2.sql")));
}

#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
TEST_CASE("the PostgreSQL renderer writes the view statements of drizzle-kit's coverage folder", "[schema][render][view]") {
    const Schema v1 = Snapshot::read(coverage("drizzle-postgresql/meta/0000_snapshot.json")).schema;
    const Schema v2 = Snapshot::read(coverage("drizzle-postgresql/meta/0001_snapshot.json")).schema;
    postgres::Renderer r;
    CHECK(viewStatements(r.render(diff(Snapshot::empty("postgresql").schema, v1))) ==
          fixtureStatements(coverage("drizzle-postgresql/0000_v1.sql")));
    CHECK(viewStatements(r.render(diff(v1, v2))) == fixtureStatements(coverage("drizzle-postgresql/0001_v2.sql")));
    // Down: the old definition and options come back.
    const auto down = viewStatements(r.render(diff(v2, v1)));
    CHECK(std::count(down.begin(), down.end(),
                     "ALTER VIEW \"billing\".\"invoice_totals\" RESET (security_barrier);") == 1);
    CHECK(std::count(down.begin(), down.end(), "ALTER MATERIALIZED VIEW \"public\".\"user_stats\" SET (fillfactor = 90);") == 1);
}

TEST_CASE("PostgreSQL views resolve in drizzle-kit's order, in their schema", "[schema][dsl][view]") {
    const DbSchema billing = pgSchema("billing");
    postgres::Renderer r;
    const Schema s = schema({users()}, {}, {},
                            {materializedView("m", {bigint("n")}).tablespace("pg_default").as("select count(*) as n from users"),
                             billing.view("b", {integer("id")}).as("select id from users"), view("a").as("select 1")})
                         .resolve(r);
    REQUIRE(s.views.size() == 3);
    CHECK(s.views[0].name == "b");
    CHECK(s.views[0].schema == "billing");
    CHECK(s.views[2].name == "m");
    CHECK(s.schemas == std::vector<std::string>{"billing"});
    CHECK(postgres::createViewSql(s.views[2]) ==
          "CREATE MATERIALIZED VIEW \"public\".\"m\" TABLESPACE pg_default AS (select count(*) as n from users);");
}
#endif

TEST_CASE("a SQLite table rebuilt under views keeps them: dropped before, created after", "[schema][render][view][sqlite]") {
    sqlite::Renderer r;
    auto version = [&](const char* kindDefault) {
        return schema({table("devices", {integer("id").primaryKey(), integer("owner_id").notNull(), text("kind").defaultValue(kindDefault)}),
                       table("owners", {integer("id").primaryKey()})},
                      {}, {},
                      {view("device_counts", {integer("owner_id")})
                           .as("select owner_id, count(*) as total from devices group by owner_id"),
                       view("busy_owners", {integer("owner_id")}).as("select owner_id from device_counts where total > 1"),
                       view("owner_ids", {integer("id")}).as("select id from owners")})
            .resolve(r);
    };
    const Schema v1 = version("ping"), v2 = version("pong");
    const auto up = r.render(diff(v1, v2));
    CAPTURE(up);
    // Both views reading devices (one through the other) go around the rebuild; owner_ids stays.
    auto at = [&](const std::string& s) { return std::find(up.begin(), up.end(), s) - up.begin(); };
    CHECK(at("DROP VIEW `busy_owners`;") < at("DROP VIEW `device_counts`;"));
    CHECK(at("DROP VIEW `device_counts`;") < at("ALTER TABLE `__new_devices` RENAME TO `devices`;"));
    CHECK(at("CREATE VIEW `device_counts` AS select owner_id, count(*) as total from devices group by owner_id;") >
          at("ALTER TABLE `__new_devices` RENAME TO `devices`;"));
    CHECK(at("CREATE VIEW `busy_owners` AS select owner_id from device_counts where total > 1;") >
          at("CREATE VIEW `device_counts` AS select owner_id, count(*) as total from devices group by owner_id;"));
    CHECK(std::none_of(up.begin(), up.end(), [](const std::string& s) { return s.find("owner_ids") != std::string::npos; }));

    // On a real database: up keeps the views and rows, down too.
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    execute(db, r.render(diff(Snapshot::empty("sqlite").schema, v1)));
    db.exec("INSERT INTO owners VALUES (1); INSERT INTO devices (id, owner_id) VALUES (1, 1), (2, 1)");
    execute(db, up);
    CHECK(db.execAndGet("SELECT owner_id FROM busy_owners").getInt() == 1);
    CHECK(db.execAndGet("SELECT kind FROM devices WHERE id = 1").getString() == "ping");
    CHECK(compareSchemas(sqlite::normalize(sqlite::introspect(db)), sqlite::normalize(v2)).empty());
    execute(db, r.render(diff(v2, v1)));
    CHECK(db.execAndGet("SELECT total FROM device_counts").getInt() == 2);
    CHECK(compareSchemas(sqlite::normalize(sqlite::introspect(db)), sqlite::normalize(v1)).empty());
}

TEST_CASE("a changed SQLite view migrates up and down, and a hand-changed one is one drift line", "[schema][view][sqlite]") {
    sqlite::Renderer r;
    auto version = [&](int step) {
        std::vector<ViewBuilder> views{view("active", {integer("id")})
                                           .as(step == 1 ? "select id from users where active = 1"
                                                         : "select id from users where active = 1 and email <> ''")};
        if (step == 1) views.push_back(view("gone").as("select email from users"));
        if (step == 2) views.push_back(view("fresh").as("select count(*) from users"));
        return schema({users()}, {}, {}, views).resolve(r);
    };
    const Schema v1 = version(1), v2 = version(2);
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    execute(db, r.render(diff(Snapshot::empty("sqlite").schema, v1)));
    execute(db, r.render(diff(v1, v2)));
    CHECK(viewSql(db, "active") == "CREATE VIEW `active` AS select id from users where active = 1 and email <> ''");
    CHECK(viewSql(db, "gone").empty());
    CHECK(!viewSql(db, "fresh").empty());
    CHECK(compareSchemas(sqlite::normalize(sqlite::introspect(db)), sqlite::normalize(v2)).empty());

    db.exec("DROP VIEW `active`; CREATE VIEW `active` AS select id from users");
    const auto drift = compareSchemas(sqlite::normalize(sqlite::introspect(db)), sqlite::normalize(v2));
    REQUIRE(drift.size() == 1);
    CHECK(mentions(drift[0].message, "view active is defined as `select id from users`"));

    db.exec("DROP VIEW `active`; CREATE VIEW `active` AS select id from users where active = 1 and email <> ''");
    execute(db, r.render(diff(v2, v1)));
    CHECK(viewSql(db, "active") == "CREATE VIEW `active` AS select id from users where active = 1");
    CHECK(!viewSql(db, "gone").empty());
    CHECK(viewSql(db, "fresh").empty());
    CHECK(compareSchemas(sqlite::normalize(sqlite::introspect(db)), sqlite::normalize(v1)).empty());
}

TEST_CASE("pull writes views back as view() calls that resolve to the same views", "[schema][pull][view]") {
    sqlite::Renderer r;
    const Schema s = Snapshot::read(coverage("drizzle-sqlite/meta/0000_snapshot.json")).schema;
    const DslSource source = writeDslSource(s, r);
    CAPTURE(source.text, source.unexpressed);
    CHECK(mentions(source.text, "view(\"active_users\", {"));
    CHECK(mentions(source.text, ".as(\"select id, email from users where active = 1\")"));
    CHECK(mentions(source.text, "view(\"legacy_report\", {\n        integer(\"id\"),\n    })\n        .existing();"));
    CHECK(mentions(source.text, "}, {}, {}, {activeUsers, deviceCounts, legacyReport});"));
    for (const auto& line : source.unexpressed) CHECK(!mentions(line, "view"));
#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
    postgres::Renderer pg;
    Schema p = Snapshot::read(coverage("drizzle-postgresql/meta/0000_snapshot.json")).schema;
    const DslSource pgSource = writeDslSource(p, pg);
    CHECK(mentions(pgSource.text, "materializedView(\"user_stats\", {"));
    CHECK(mentions(pgSource.text, ".with(\"fillfactor\", 90)\n        .with(\"autovacuumEnabled\", false)\n        .withNoData()"));
    CHECK(mentions(pgSource.text, ".with(\"checkOption\", \"cascaded\")"));
    // A view in another schema is named, as tables there are.
    CHECK(std::count_if(pgSource.unexpressed.begin(), pgSource.unexpressed.end(),
                        [](const std::string& l) { return mentions(l, "view invoice_totals: schema billing"); }) == 1);
#endif
}
