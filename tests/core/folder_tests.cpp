// Folder: both Drizzle layouts, detected from the content; append and drop-last write and remove
// what the other tools read; the 1.0 naming rule.
#include <catch2/catch.hpp>

#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"
#include "support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

NewEntry entryFor(const Folder& folder, const std::string& name, std::int64_t clock, const std::string& prefix,
                  bool drizzle1) {
    Snapshot s = Snapshot::empty("sqlite");
    s.id = randomUuid();
    s.drizzle1 = drizzle1;
    NewEntry e;
    e.when = folder.nextWhen(clock, false);
    e.tag = folder.tagFor(name, e.when, prefix);
    e.sql = "CREATE TABLE `" + name + "` (`id` integer);";
    e.down = "DROP TABLE `" + name + "`;";
    e.snapshotJson = s.toJson();
    return e;
}

}  // namespace

TEST_CASE("drizzle-kit 1.0's folder names: UTC seconds of `when`, then the tag after its prefix", "[folder]") {
    CHECK(drizzle1Name("0003_brave_falcon", 1733097600123) == "20241202000000_brave_falcon");
    CHECK(drizzle1Name("init", 1733097600123) == "20241202000000_");
    CHECK(drizzle1When("20241202000000_brave_falcon") == 1733097600000);
    CHECK_FALSE(drizzle1When("0003_brave_falcon"));
    CHECK_FALSE(drizzle1When("20241302000000_x"));  // month 13
    CHECK(parseFolderFormat("1") == FolderFormat::Drizzle1);
    CHECK_THROWS_AS(parseFolderFormat("2"), ConfigError);
}

TEST_CASE("a new folder takes the format asked for; an existing one keeps its own", "[folder]") {
    test::TempDir dir;
    CHECK_FALSE(Folder::detect(dir.path()));
    CHECK_THROWS_AS(Folder::open(dir.path()), MigrationSetError);
    for (auto format : {FolderFormat::Drizzle0, FolderFormat::Drizzle1}) {
        const bool v1 = format == FolderFormat::Drizzle1;
        DYNAMIC_SECTION("format " << toString(format)) {
            const fs::path root = dir / (v1 ? "v1" : "v0");
            auto folder = Folder::create(root, "sqlite", format);
            REQUIRE(folder->format() == format);
            const FolderEntry first = folder->append(entryFor(*folder, "users", 1733097600123, "0000", v1));
            const FolderEntry second = folder->append(entryFor(*folder, "posts", 1733097600500, "0001", v1));
            CHECK(second.when > first.when);
            if (v1) {
                CHECK(first.tag == "20241202000000_users");
                CHECK(second.tag == "20241202000001_posts");  // a later second: the name holds seconds
                CHECK(fs::exists(root / first.tag / "migration.sql"));
                CHECK(fs::exists(root / first.tag / "down.sql"));
                CHECK(fs::exists(root / first.tag / "snapshot.json"));
            } else {
                CHECK(first.tag == "0000_users");
                CHECK(fs::exists(root / "0001_posts.sql"));
                CHECK(fs::exists(root / "meta" / "0001_snapshot.json"));
            }
            REQUIRE(Folder::detect(root) == format);
            auto again = Folder::open(root);
            REQUIRE(again->entries().size() == 2);
            CHECK(again->entries()[1].tag == second.tag);
            CHECK(again->entries()[1].when == second.when);
            CHECK(again->dialect() == "sqlite");
            CHECK(again->strays().empty());
            CHECK(*again->lastSnapshot() == second.snapshotFile);
            CHECK(Snapshot::read(second.snapshotFile).drizzle1 == v1);

            const auto set = MigrationSet::fromDirectory(root);
            REQUIRE(set.size() == 2);
            REQUIRE(set.migrations()[0].down);
            CHECK(set.migrations()[0].down->sql() == "DROP TABLE `users`;");

            // The other format is refused for this folder.
            CHECK_THROWS_AS(Folder::create(root, "sqlite", v1 ? FolderFormat::Drizzle0 : FolderFormat::Drizzle1),
                            ConfigError);
            // A name that exists already is refused, nothing written.
            NewEntry clash = entryFor(*again, "posts", 0, "0001", v1);
            clash.tag = second.tag;
            clash.when = second.when;
            CHECK_THROWS_AS(again->append(clash), ConfigError);

            const FolderEntry dropped = again->dropLast();
            CHECK(dropped.tag == second.tag);
            CHECK_FALSE(fs::exists(dropped.upFile));
            CHECK_FALSE(fs::exists(dropped.snapshotFile));
            CHECK_FALSE(fs::exists(dropped.downFile));
            auto after = Folder::open(root);
            REQUIRE(after->entries().size() == 1);
            CHECK(after->strays().empty());
        }
    }
}

TEST_CASE("strays of a Drizzle 1.0 folder: files no migration owns", "[folder]") {
    test::TempDir dir;
    auto folder = Folder::create(dir.path(), "sqlite", FolderFormat::Drizzle1);
    const FolderEntry e = folder->append(entryFor(*folder, "users", 1733097600123, "", true));
    test::writeText(dir / "notes.txt", "x");
    test::writeText(dir.path() / e.tag / "extra.sql", "x");
    fs::create_directories(dir / "empty_folder");
    CHECK(Folder::open(dir.path())->strays() ==
          std::vector<std::string>{"20241202000000_users/extra.sql", "empty_folder/", "notes.txt"});
    // drop refuses to delete a file it does not own
    CHECK_THROWS_WITH(Folder::open(dir.path())->dropLast(), Contains("extra.sql"));
}

TEST_CASE("a Drizzle 1.0 migration folder whose name has no timestamp is refused by name", "[folder]") {
    test::TempDir dir;
    test::writeText(dir / "add_users" / "migration.sql", "SELECT 1;");
    CHECK_THROWS_WITH(Folder::open(dir.path()), Contains("add_users") && Contains("YYYYMMDDHHMMSS"));
}

TEST_CASE("replaceFirst (squash): the first entries become one, in either layout", "[folder]") {
    test::TempDir dir;
    for (auto format : {FolderFormat::Drizzle0, FolderFormat::Drizzle1}) {
        const bool v1 = format == FolderFormat::Drizzle1;
        DYNAMIC_SECTION("format " << toString(format)) {
            const fs::path root = dir / (v1 ? "v1" : "v0");
            auto folder = Folder::create(root, "sqlite", format);
            const FolderEntry a = folder->append(entryFor(*folder, "users", 1733097600123, "0000", v1));
            const FolderEntry b = folder->append(entryFor(*folder, "posts", 1733097601500, "0001", v1));
            const FolderEntry c = folder->append(entryFor(*folder, "tags", 1733097602500, "0002", v1));
            const std::string tag = folder->replacementTag(2, "squashed");
            CHECK(tag == (v1 ? b.tag : std::string("0000_squashed")));
            NewEntry squash = entryFor(*folder, "squashed", 0, "", v1);
            squash.tag = tag;
            squash.when = b.when;
            const auto planned = folder->replaceFirst(2, squash, false);
            CHECK(fs::exists(a.upFile));  // a dry run writes nothing
            const auto done = folder->replaceFirst(2, squash, true);
            CHECK(done.removed == planned.removed);
            for (const auto& f : done.removed) CHECK_FALSE(fs::exists(f));
            for (const auto& f : done.written) CHECK(fs::exists(f));
            auto again = Folder::open(root);
            REQUIRE(again->entries().size() == 2);
            CHECK(again->entries()[0].tag == tag);
            CHECK(again->entries()[0].when == b.when);
            CHECK(test::readText(again->entries()[0].upFile) == squash.sql);
            CHECK(again->entries()[1].tag == c.tag);
            CHECK(again->strays().empty());
            // The name of a migration it keeps is refused.
            NewEntry clash = squash;
            clash.tag = c.tag;
            clash.when = c.when;
            CHECK_THROWS_AS(again->replaceFirst(1, clash, false), ConfigError);
        }
    }
}
