// Constructs beyond plain tables (tests/interop/schema/constructs): the real drizzle-kit and the
// DSL (constructs.cpp) write the same folder (snapshots byte for byte but their ids, SQL up to
// statement order); a database drizzle-orm migrated with drizzle-kit's folder shows no drift to
// `ob-migrate check`, and a hand-changed index or view definition is one drift line;
// ob::migrate's own folder replays with its down migrations (`ob-migrate test`). The views
// (plain, materialized, with options, in a named schema, existing) are created, dropped,
// redefined and given other options between the steps.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>

#include <SQLiteCpp/SQLiteCpp.h>

#include "constructs.hpp"
#include "interop.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_MIGRATE_INTEROP_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#include "pg_scratch.hpp"
#endif

using namespace ob::migrate;
using namespace ob::migrate::interop;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<SqlRenderer> rendererFor(const std::string& dialect) {
#ifdef OB_MIGRATE_INTEROP_POSTGRES
    if (dialect == "postgresql") return std::make_unique<postgres::Renderer>();
#endif
    return std::make_unique<sqlite::Renderer>();
}

/// drizzle-kit's folder for the constructs schema of `dialect`, generated once per run.
const fs::path& kitFolder(const std::string& dialect) {
    static test::TempDir root;
    static std::map<std::string, fs::path> folders;
    auto it = folders.find(dialect);
    if (it != folders.end()) return it->second;
    fs::path out = root / (dialect + "-constructs");
    NodeTools::instance().generate(dialect, out, 0, "constructs");
    return folders.emplace(dialect, out).first->second;
}

/// ob::migrate's folder for the same steps, from the DSL.
void writeOurs(const std::string& dialect, const fs::path& out) {
    auto renderer = rendererFor(dialect);
    for (int step = 1; step <= constructSteps(dialect); ++step) {
        GenerateOptions o;
        o.name = fmt::format("step{}", step);
        o.allowDataLoss = true;
        auto r = generate(constructStep(dialect, step), out, *renderer, o);
        REQUIRE(r.written);
    }
}

fs::path fileOf(const fs::path& folder, int index, const std::string& suffix) {
    const std::string prefix = fmt::format("{:04d}_", index);
    for (const auto& e : fs::directory_iterator(folder)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
            name.find(".down.") == std::string::npos)
            return e.path();
    }
    FAIL("no " << prefix << "*" << suffix << " in " << folder);
    return {};
}

std::string withoutIds(const std::string& snapshot) {
    static const std::regex id(R"re("(id|prevId)": "[0-9a-f-]{36}")re");
    return std::regex_replace(snapshot, id, "\"$1\": \"<id>\"");
}

std::vector<std::string> sortedStatements(const fs::path& sqlFile) {
    std::vector<std::string> out;
    for (const auto& s : splitStatements(test::readText(sqlFile))) out.push_back(normaliseSql(s.sql));
    std::sort(out.begin(), out.end());
    return out;
}

/// `ob-migrate check --json` against `connection` for `folder`: the drift findings' messages.
std::vector<std::string> driftOf(const std::vector<std::string>& connection, const fs::path& folder) {
    auto args = connection;
    args.insert(args.end(), {"--dir", folder.string(), "check", "--json"});
    auto r = obMigrate(args);
    INFO("ob-migrate check: " << r.out << r.err);
    auto report = nlohmann::json::parse(r.out);
    std::vector<std::string> drift;
    for (const auto& f : report.at("findings")) {
        CHECK(f.at("kind") == "drift");  // nothing else is wrong with the folder or the tracking table
        drift.push_back(f.at("message").get<std::string>());
    }
    CHECK((r.exitCode == 0) == drift.empty());
    return drift;
}

/// After a hand change of index or view `object`: exactly one drift line, naming it; returns the line.
std::string requireOneDriftLine(const std::vector<std::string>& connection, const fs::path& folder,
                                const std::string& object) {
    const auto drift = driftOf(connection, folder);
    CAPTURE(drift);
    REQUIRE(drift.size() == 1);
    CHECK(drift[0].find(object) != std::string::npos);
    return drift[0];
}

}  // namespace

TEST_CASE("drizzle-kit and the DSL write the same folder for the constructs schema", "[interop][constructs]") {
    if (!toolsReady()) return;
    for (const auto& dialect : dialects()) {
        DYNAMIC_SECTION(dialect) {
            const fs::path& kit = kitFolder(dialect);
            test::TempDir dir;
            writeOurs(dialect, dir / "ours");
            for (int i = 0; i < constructSteps(dialect); ++i) {
                INFO("migration " << i);
                // drizzle-kit's snapshot reads into the model and writes back byte for byte.
                const fs::path kitSnapshot = fileOf(kit / "meta", i, "_snapshot.json");
                const std::string kitText = test::readText(kitSnapshot);
                CHECK(Snapshot::parse(kitText, kitSnapshot.string()).toJson() == kitText);
                CHECK(withoutIds(test::readText(fileOf(dir / "ours" / "meta", i, "_snapshot.json"))) ==
                      withoutIds(test::readText(fileOf(kit / "meta", i, "_snapshot.json"))));
                CHECK(sortedStatements(fileOf(dir / "ours", i, ".sql")) == sortedStatements(fileOf(kit, i, ".sql")));
            }
            // drizzle-kit reads ob::migrate's folder and finds the TypeScript schema already there.
            const fs::path ts = fs::path(OB_MIGRATE_SOURCE_DIR) / "tests/interop/schema/constructs" /
                                (dialect == "sqlite" ? "sqlite" : "postgres") /
                                fmt::format("step{}.ts", constructSteps(dialect));
            CHECK_NOTHROW(NodeTools::instance().requireNoChanges(dialect, dir / "ours", ts));
            // ob::migrate's folder replays on a scratch database, down migrations included.
            std::vector<std::string> args{"--db-type", dialect};
#ifdef OB_MIGRATE_INTEROP_POSTGRES
            if (dialect == "postgresql") {
                auto server = test::requirePgServer();
                if (!server) return;
                args.insert(args.end(), {"--url", *server});
            }
#endif
            args.insert(args.end(), {"--dir", (dir / "ours").string(), "test"});
            auto replay = obMigrate(args);
            INFO("ob-migrate test: " << replay.out << replay.err);
            CHECK(replay.exitCode == 0);
        }
    }
}

TEST_CASE("check finds no drift on the SQLite constructs drizzle-orm applied, and names a changed index",
          "[interop][constructs][sqlite]") {
    if (!toolsReady()) return;
    const fs::path& kit = kitFolder("sqlite");
    test::TempDir dir;
    const fs::path db = dir / "app.db";
    NodeTools::instance().migrateSqlite("libsql", db, kit);
    const std::vector<std::string> connection{"--db-type", "sqlite", "--url", db.string()};
    CHECK(driftOf(connection, kit) == std::vector<std::string>{});

    {
        SQLite::Database handle(db.string(), SQLite::OPEN_READWRITE);
        handle.exec("DROP INDEX `items_score_partial`; CREATE INDEX `items_score_partial` ON `items` (`score`, `name`) "
                    "WHERE `score` > 5;");
    }
    requireOneDriftLine(connection, kit, "items_score_partial");
}

TEST_CASE("check names a hand-changed SQLite view definition in one line", "[interop][constructs][sqlite]") {
    if (!toolsReady()) return;
    const fs::path& kit = kitFolder("sqlite");
    test::TempDir dir;
    const fs::path db = dir / "app.db";
    NodeTools::instance().migrateSqlite("libsql", db, kit);
    const std::vector<std::string> connection{"--db-type", "sqlite", "--url", db.string()};
    {
        SQLite::Database handle(db.string(), SQLite::OPEN_READWRITE);
        handle.exec("DROP VIEW `item_scores`; CREATE VIEW `item_scores` AS select id, score from items where score > 5");
    }
    const std::string line = requireOneDriftLine(connection, kit, "view item_scores");
    CHECK(line.find("score > 5") != std::string::npos);
}

#ifdef OB_MIGRATE_INTEROP_POSTGRES
TEST_CASE("check finds no drift on the PostgreSQL constructs drizzle-orm applied, and names a changed index method",
          "[interop][constructs][postgres]") {
    if (!toolsReady()) return;
    auto server = test::requirePgServer();
    if (!server) return;
    const fs::path& kit = kitFolder("postgresql");
    test::ScratchDatabase db(*server);
    NodeTools::instance().migratePostgres(db.url(), kit);
    const std::vector<std::string> connection{"--db-type", "postgresql", "--url", db.url()};
    CHECK(driftOf(connection, kit) == std::vector<std::string>{});

    db.exec("DROP INDEX \"items_name_hash\"; CREATE INDEX \"items_name_hash\" ON \"items\" USING hash (\"name\") "
            "WITH (fillfactor=70)");
    const std::string line = requireOneDriftLine(connection, kit, "items_name_hash");
    CHECK(line.find("using hash") != std::string::npos);
}

TEST_CASE("check names a hand-changed PostgreSQL view definition in one line", "[interop][constructs][postgres]") {
    if (!toolsReady()) return;
    auto server = test::requirePgServer();
    if (!server) return;
    const fs::path& kit = kitFolder("postgresql");
    test::ScratchDatabase db(*server);
    NodeTools::instance().migratePostgres(db.url(), kit);
    const std::vector<std::string> connection{"--db-type", "postgresql", "--url", db.url()};
    db.exec("CREATE OR REPLACE VIEW \"item_scores\" WITH (check_option = cascaded, security_barrier = true) AS "
            "select id, score from items where score > 5");
    const std::string line = requireOneDriftLine(connection, kit, "view public.item_scores");
    CHECK(line.find("5") != std::string::npos);
}
#endif
