// checkFolder and checkHistory: a folder against itself, and applied migrations against the folder.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "folders.hpp"
#include "ob/migrate/check.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "support.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> messages(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) out.push_back(f.message);
    return out;
}

std::string snapshotId(const fs::path& file) { return Snapshot::read(file).id; }

/// Rewrites a snapshot file's prevId (and id, when given).
void setIds(const fs::path& file, const std::string& prevId, const std::string& id = {}) {
    auto doc = nlohmann::ordered_json::parse(test::readText(file));
    doc["prevId"] = prevId;
    if (!id.empty()) doc["id"] = id;
    test::writeText(file, doc.dump(2));
}

}  // namespace

TEST_CASE("checkFolder: a generated folder has no finding", "[folder]") {
    test::TempDir dir;
    check_test::generateFolder(sqlite::Renderer(), dir.path());
    CHECK(checkFolder(dir.path()).empty());
}

TEST_CASE("checkFolder: missing, stray and broken files are findings", "[folder]") {
    test::TempDir dir;
    const fs::path d = dir.path();
    check_test::generateFolder(sqlite::Renderer(), d);

    SECTION("a listed .sql file is missing") {
        fs::remove(d / "0001_posts.sql");
        CHECK(messages(checkFolder(d)) ==
              std::vector<std::string>{"0001_posts.sql is missing: meta/_journal.json lists 0001_posts"});
    }
    SECTION("a snapshot is missing") {
        fs::remove(d / "meta" / "0002_snapshot.json");
        CHECK(messages(checkFolder(d)) ==
              std::vector<std::string>{"meta/0002_snapshot.json is missing: the snapshot of 0002_tags"});
    }
    SECTION("stray .sql files and snapshots") {
        test::writeText(d / "0003_forgotten.sql", "SELECT 1;");
        test::writeText(d / "0009_other.down.sql", "SELECT 1;");
        fs::copy_file(d / "meta" / "0002_snapshot.json", d / "meta" / "0007_snapshot.json");
        setIds(d / "meta" / "0007_snapshot.json", snapshotId(d / "meta" / "0002_snapshot.json"), randomUuid());
        const auto m = messages(checkFolder(d));
        CHECK(m == std::vector<std::string>{
                       "stray file 0003_forgotten.sql: meta/_journal.json has no entry 0003_forgotten",
                       "stray file 0009_other.down.sql: meta/_journal.json has no entry 0009_other.down",
                       "stray file meta/0007_snapshot.json: no journal entry has this snapshot"});
    }
    SECTION("a broken prevId chain") {
        setIds(d / "meta" / "0002_snapshot.json", "11111111-2222-4333-8444-555555555555");
        const std::string parent = snapshotId(d / "meta" / "0001_snapshot.json");
        CHECK(messages(checkFolder(d)) ==
              std::vector<std::string>{"meta/0002_snapshot.json has prevId 11111111-2222-4333-8444-555555555555, "
                                       "expected " + parent + " (the id of meta/0001_snapshot.json)"});
    }
    SECTION("an unreadable journal") {
        test::writeText(d / "meta" / "_journal.json", "{\"version\": \"7\", ");
        const auto f = checkFolder(d);
        REQUIRE(f.size() == 1);
        CHECK(f[0].subject == "meta/_journal.json");
        CHECK(f[0].kind == Finding::Kind::Folder);
    }
}

TEST_CASE("checkFolder: two snapshots that claim the same parent are named, with the parent", "[folder]") {
    // Two branches each generated a migration on top of 0001; both were merged.
    test::TempDir dir;
    const fs::path d = dir.path();
    check_test::generateFolder(sqlite::Renderer(), d);
    const std::string parent = snapshotId(d / "meta" / "0001_snapshot.json");
    Journal journal = Journal::parse(test::readText(d / "meta" / "_journal.json"), "journal");
    JournalEntry extra = journal.entries.back();
    extra.idx = 3;
    extra.tag = "0003_other_branch";
    extra.when += 1000;
    journal.entries.push_back(extra);
    test::writeText(d / "meta" / "_journal.json", journal.toJson());
    test::writeText(d / "0003_other_branch.sql", "CREATE TABLE `other` (`id` integer);");
    fs::copy_file(d / "meta" / "0001_snapshot.json", d / "meta" / "0003_snapshot.json");
    setIds(d / "meta" / "0003_snapshot.json", parent, randomUuid());

    const auto m = messages(checkFolder(d));
    REQUIRE(m.size() == 1);
    CHECK(m[0].rfind("meta/0002_snapshot.json and meta/0003_snapshot.json both follow meta/0001_snapshot.json (prevId " +
                         parent + "): they were generated from the same state on different branches, and they "
                                  "change different objects (meta/0002_snapshot.json: table ",
                     0) == 0);
    CHECK(m[0].find("; meta/0003_snapshot.json: nothing); drop the later migration and generate it again on top of "
                    "the other") != std::string::npos);
}

TEST_CASE("checkHistory: an applied migration whose file changed, and one the folder lost", "[folder]") {
    test::TempDir dir;
    const fs::path d = dir / "m";
    check_test::generateFolder(sqlite::Renderer(), d);
    sqlite::Dialect dialect((dir / "app.db").string());
    Migrator(dialect, MigrationSet::fromDirectory(d)).upToDate();
    CHECK(checkHistory(dialect, d).empty());

    test::writeText(d / "0001_posts.sql", test::readText(d / "0001_posts.sql") + "\n-- edited");
    Journal journal = Journal::parse(test::readText(d / "meta" / "_journal.json"), "journal");
    journal.entries.pop_back();
    test::writeText(d / "meta" / "_journal.json", journal.toJson());

    const auto f = checkHistory(dialect, d);
    REQUIRE(f.size() == 2);
    CHECK(f[0].kind == Finding::Kind::Checksum);
    CHECK(f[0].subject == "0001_posts");
    CHECK(f[0].message.rfind("0001_posts.sql was changed after it was applied to sqlite:", 0) == 0);
    CHECK(f[1].kind == Finding::Kind::History);
    CHECK(f[1].subject == "0002_tags");
    CHECK(f[1].message.find("records migration 0002_tags") != std::string::npos);
}

}  // namespace ob::migrate

namespace ob::migrate {

TEST_CASE("checkHistory: an unapplied migration older than the newest applied one", "[folder]") {
    test::TempDir dir;
    const fs::path d = dir / "m";
    check_test::generateFolder(sqlite::Renderer(), d);
    sqlite::Dialect dialect((dir / "app.db").string());
    Migrator migrator(dialect, MigrationSet::fromDirectory(d));
    migrator.upToDate();
    migrator.migrateTo("0000_users");                 // 0002 and 0001 rolled back
    migrator.markApplied("0000_users");
    dialect.history().add(*migrator.migrations().findByTag("0002_tags"));  // 0002 recorded, 0001 not
    const auto f = checkHistory(dialect, d);
    REQUIRE(f.size() == 1);
    CHECK(f[0].kind == Finding::Kind::History);
    CHECK(f[0].subject == "0001_posts");
    CHECK(f[0].message.rfind("0001_posts is not applied but 0002_tags after it is", 0) == 0);
}

}  // namespace ob::migrate
