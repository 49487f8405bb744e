// ob-migrate pull on the Open Badges API's real folders and on a live SQLite database: the file it
// writes compiles into a project CLI (CMake builds it) whose generate finds nothing to do.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "ob/migrate/journal.hpp"
#include "pull_support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

/// generate on a copy of `folder` with the pulled CLI `cli`: nothing to write.
void requireNoChanges(const std::string& cli, const std::string& dialect, const fs::path& folder) {
    test::TempDir dir;
    test::copyFolder(folder, dir / "folder");
    const std::size_t before = test::journalEntries(dir / "folder");
    auto r = test::run(cli, {"--db-type", dialect, "--dir", (dir / "folder").string(), "generate"});
    INFO(cli << "\n" << r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(has(r.out, "No schema changes"));
    CHECK(test::journalEntries(dir / "folder") == before);
}

}  // namespace

TEST_CASE("pull --from-folder of the real folders compiles, and generate on them reports no changes",
          "[adopt][pull][cli]") {
    requireNoChanges(OB_ADOPT_OPENBADGES_SQLITE_PULLED, "sqlite", test::openBadgesFolder("sqlite"));
    requireNoChanges(OB_ADOPT_BADGES_SQLITE_PULLED, "sqlite", fs::path(OB_ADOPT_BADGES_FOLDERS) / "migrations");
#ifdef OB_ADOPT_OPENBADGES_POSTGRESQL_PULLED
    requireNoChanges(OB_ADOPT_OPENBADGES_POSTGRESQL_PULLED, "postgresql", test::openBadgesFolder("postgresql"));
    requireNoChanges(OB_ADOPT_BADGES_POSTGRESQL_PULLED, "postgresql", fs::path(OB_ADOPT_BADGES_FOLDERS) / "pg-migrations");
#endif
}

TEST_CASE("the pulled CLI notices a folder whose snapshot is not the one it was pulled from", "[adopt][pull][cli]") {
    // The round trip above could pass with a CLI that never reports anything: here it must.
    test::TempDir dir;
    test::copyFolder(test::openBadgesFolder("sqlite"), dir / "folder");
    const fs::path snapshot = dir / "folder" / "meta" / "0001_snapshot.json";
    std::string json = test::readText(snapshot);
    const std::string index = "\"api_key_revoked_idx\"";
    REQUIRE(has(json, index));
    for (auto at = json.find(index); at != std::string::npos; at = json.find(index, at))
        json.replace(at, index.size(), "\"api_key_revoked_idx_old\"");
    test::writeText(snapshot, json);
    auto r = test::run(OB_ADOPT_OPENBADGES_SQLITE_PULLED,
                       {"--db-type", "sqlite", "--dir", (dir / "folder").string(), "generate", "--dry-run"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(has(r.out, "CREATE INDEX `api_key_revoked_idx`"));
    CHECK(has(r.out, "DROP INDEX `api_key_revoked_idx_old`"));
}

TEST_CASE("pull from a live SQLite database migrated from the real folder catches the folder up with it",
          "[adopt][pull][cli]") {
    test::TempDir dir;
    test::copyFolder(test::openBadgesFolder("sqlite"), dir / "folder");
    const std::string db = (dir / "badges.db").string(), folder = (dir / "folder").string();
    auto migrate = test::run(test::cliPath(), {"--url", db, "--dir", folder, "migrate"});
    REQUIRE(migrate.exitCode == 0);

    const std::string out = std::string(OB_ADOPT_PULLED_DIR) + "/live-sqlite.cpp";
    auto pull = test::run(test::cliPath(), {"--url", db, "--dir", folder, "pull", "--out", out, "--force"});
    INFO(pull.out << pull.err);
    REQUIRE(pull.exitCode == 0);
    CHECK(has(pull.out, "declares 10 tables"));
    auto build = test::buildTarget("openbadges-sqlite-live");
    INFO(build.out << build.err);
    REQUIRE(build.exitCode == 0);

    // The folder's last snapshot has two tables its journal's SQL never creates (the project's own
    // runner adds them): generate writes what the database really is, and baseline proves it.
    const std::string cli = OB_ADOPT_OPENBADGES_SQLITE_LIVE;
    auto generate = test::run(cli, {"--dir", folder, "generate", "--name", "adopt", "--allow-data-loss"});
    INFO(generate.out << generate.err);
    REQUIRE(generate.exitCode == 0);
    CHECK(has(generate.out, "drop table credential_status_entries"));
    CHECK(has(generate.out, "drop table status_lists"));
    auto baseline = test::run(cli, {"--url", db, "--dir", folder, "baseline", "--to", "0002_adopt"});
    INFO(baseline.out << baseline.err);
    CHECK(baseline.exitCode == 0);
    auto again = test::run(cli, {"--url", db, "--dir", folder, "generate"});
    CHECK(has(again.out, "No schema changes"));
}

TEST_CASE("pull names what the DSL cannot declare, writes the rest, and exits 3", "[adopt][pull][cli]") {
    test::TempDir dir;
    const std::string db = (dir / "app.db").string();
    {
        SQLite::Database d(db, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        d.exec("CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, "
               "total integer GENERATED ALWAYS AS (id * 2) STORED)");
        d.exec("CREATE INDEX items_lower_name ON items (lower(name))");
        d.exec("CREATE INDEX items_name_desc ON items (name DESC)");
    }
    const std::string out = (dir / "schema.cpp").string();
    auto r = test::run(test::cliPath(), {"--url", db, "--dir", (dir / "none").string(), "pull", "--out", out});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 3);
    CHECK(has(r.err, "not in the source: table items: column total: generated always as"));
    CHECK(has(r.err, "table items: index items_lower_name: expression (lower(name))"));
    const std::string text = test::readText(out);
    CHECK(has(text, "text(\"name\").notNull()"));
    CHECK(has(text, "// not expressed by the DSL: expression (lower(name))"));
}

TEST_CASE("pull refuses to overwrite, an impossible function name, and a folder with nothing to pull",
          "[adopt][pull][cli]") {
    test::TempDir dir;
    const std::string out = (dir / "schema.cpp").string();
    test::writeText(out, "// mine");
    const std::string folder = test::openBadgesFolder("sqlite").string();
    auto exists = test::run(test::cliPath(), {"--dir", folder, "pull", "--from-folder", "--out", out});
    CHECK(exists.exitCode == 2);
    CHECK(has(exists.err, "exists; pass --force"));
    CHECK(test::readText(out) == "// mine");
    auto name = test::run(test::cliPath(), {"--dir", folder, "pull", "--from-folder", "--force", "--out", out,
                                            "--function", "schema"});
    CHECK(name.exitCode == 2);
    CHECK(has(name.err, "--function \"schema\""));
    test::writeFolder(dir / "empty", "sqlite", {});
    auto empty = test::run(test::cliPath(), {"--dir", (dir / "empty").string(), "pull", "--from-folder", "--force",
                                             "--out", out});
    CHECK(empty.exitCode == 2);
    CHECK(has(empty.err, "has no migration"));
    auto missing = test::run(test::cliPath(), {"--url", (dir / "nope.db").string(), "pull", "--out",
                                               (dir / "x.cpp").string()});
    CHECK(missing.exitCode == 2);
    CHECK_FALSE(fs::exists(dir / "x.cpp"));
}
