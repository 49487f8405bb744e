// The ob-migrate command line's exit codes and numbers, on every backend: one rule for a TAG
// argument, a missing applied migration, --keep, journal numbers, migrate --to --dry-run.
#include <nlohmann/json.hpp>

#include "suite.hpp"

using namespace ob::migrate;
using namespace ob::migrate::conformance;
using Catch::Matchers::Contains;

namespace {
long long recorded(const TestBackend& db) { return db.queryInt("SELECT count(*) FROM " + db.trackingTable()); }
}  // namespace

TEST_CASE("ob-migrate: an applied migration missing from the folder is a verification failure (exit 3)") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);")
            .add("0001_posts", "CREATE TABLE posts (id integer PRIMARY KEY);");
        REQUIRE(cli(*db, folder, {"migrate"}).exitCode == 0);

        // An older folder (0001 gone) with a new migration of its own.
        Folder older(backend.dialect());
        older.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);")
            .add("0002_tags", "CREATE TABLE tags (id integer PRIMARY KEY);", 1700000005000);
        for (std::vector<std::string> args :
             {std::vector<std::string>{"migrate"}, {"migrate", "--dry-run"}, {"migrate", "--to", "0002_tags"}}) {
            auto r = cli(*db, older, args);
            INFO(args[0] << " " << args.size() << ": " << r.err);
            CHECK(r.exitCode == 3);
            CHECK_THAT(r.err, Contains("0001_posts") && Contains("does not contain") && Contains("nothing was applied"));
        }
        CHECK_FALSE(db->tableExists("tags"));
        CHECK(recorded(*db) == 2);
        CHECK(cli(*db, older, {"status"}).exitCode == 3);  // as status says
    });
}

TEST_CASE("ob-migrate: one rule for a TAG argument, in every command") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);")
            .add("0001_posts", "CREATE TABLE posts (id integer PRIMARY KEY);")
            .add("0002_tags", "CREATE TABLE tags (id integer PRIMARY KEY);")
            .add("0010_more", "CREATE TABLE more_things (id integer PRIMARY KEY);");
        REQUIRE(cli(*db, folder, {"migrate", "--to", "0000_users"}).exitCode == 0);

        const std::vector<std::vector<std::string>> commands{{"migrate", "--to"},
                                                             {"migrate", "--dry-run", "--to"},
                                                             {"baseline", "--to"},
                                                             {"mark-applied", "--force", "--to"},
                                                             {"accept-checksum", "--dry-run"},
                                                             {"accept-checksum"}};
        for (auto args : commands) {
            auto unknown = args;
            unknown.push_back("0099_nope");
            auto r = cli(*db, folder, unknown);
            INFO(unknown[0] << ": " << r.err);
            CHECK(r.exitCode == 2);
            CHECK_THAT(r.err, Contains("no migration 0099_nope in") && Contains(folder.path()));

            auto ambiguous = args;
            ambiguous.push_back("000");  // 0000, 0001, 0002
            r = cli(*db, folder, ambiguous);
            INFO(r.err);
            CHECK(r.exitCode == 2);
            CHECK_THAT(r.err, Contains("000 is ambiguous") && Contains("0000_users") && Contains("0001_posts") &&
                                  Contains("0002_tags") && !Contains("0010_more"));
        }
        CHECK(recorded(*db) == 1);

        // A unique prefix is the migration it begins.
        auto dry = cli(*db, folder, {"migrate", "--dry-run", "--to", "0001"});
        INFO(dry.err);
        CHECK(dry.exitCode == 0);
        CHECK_THAT(dry.out, Contains("-- 0001_posts") && !Contains("0002_tags"));
        auto to = cli(*db, folder, {"migrate", "--to", "0001"});
        CHECK(to.exitCode == 0);
        CHECK_THAT(to.out, Contains("is at 0001_posts"));
        CHECK(db->tableExists("posts"));
        CHECK_FALSE(db->tableExists("tags"));
        auto mark = cli(*db, folder, {"baseline", "--force", "--to", "0002"});
        CHECK(mark.exitCode == 0);
        CHECK_THAT(mark.out, Contains("recorded 0002_tags"));
        CHECK(recorded(*db) == 3);
        auto accept = cli(*db, folder, {"accept-checksum", "--dry-run", "0001"});
        CHECK(accept.exitCode == 0);
        CHECK_THAT(accept.out, Contains("for 0001_posts"));
    });
}

TEST_CASE("ob-migrate migrate --to TAG --dry-run prints what it would roll back and apply, and changes nothing") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);")
            .add("0001_posts", "CREATE TABLE posts (id integer PRIMARY KEY);")
            .down("0001_posts", "DROP TABLE posts;")
            .add("0002_tags", "CREATE TABLE tags (id integer PRIMARY KEY);");
        REQUIRE(cli(*db, folder, {"migrate", "--to", "0001_posts"}).exitCode == 0);

        auto back = cli(*db, folder, {"migrate", "--to", "0000_users", "--dry-run"});
        INFO(back.err);
        REQUIRE(back.exitCode == 0);
        CHECK_THAT(back.out, Contains("-- roll back 0001_posts (0001_posts.down.sql)") && Contains("DROP TABLE posts"));
        CHECK(db->tableExists("posts"));

        auto forward = cli(*db, folder, {"migrate", "--to", "0002_tags", "--dry-run", "--json"});
        REQUIRE(forward.exitCode == 0);
        auto doc = nlohmann::json::parse(forward.out);
        REQUIRE(doc["migrations"].size() == 1);
        CHECK(doc["migrations"][0]["tag"] == "0002_tags");
        CHECK(doc["migrations"][0]["rollback"] == false);
        CHECK_FALSE(db->tableExists("tags"));
        CHECK(recorded(*db) == 2);

        // What migrate --to would refuse, the dry run refuses too.
        folder.add("0003_x", "CREATE TABLE x (id integer);");
        REQUIRE(cli(*db, folder, {"migrate"}).exitCode == 0);
        auto irreversible = cli(*db, folder, {"migrate", "--to", "0001_posts", "--dry-run"});
        CHECK(irreversible.exitCode == 1);
        CHECK_THAT(irreversible.err, Contains("0003_x") && Contains("no down migration"));
    });
}

TEST_CASE("ob-migrate migrate --keep takes a count of at least 1, with --backup") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);");
        test::TempDir backups;  // should a backup be made after all: not in the working directory
        for (const char* keep : {"-1", "0"}) {
            auto r = cli(*db, folder, {"migrate", "--backup", "--backup-dir", backups.path().string(), "--keep", keep});
            INFO(r.err);
            CHECK(r.exitCode == 2);
            CHECK_THAT(r.err, Contains("--keep"));
        }
        auto alone = cli(*db, folder, {"migrate", "--keep", "3"});
        CHECK(alone.exitCode == 2);
        CHECK_THAT(alone.err, Contains("--backup"));
        CHECK_FALSE(db->tableExists("users"));
        CHECK(std::filesystem::is_empty(backups.path()));
    });
}

TEST_CASE("ob-migrate: a journal `when` beyond 2^63 is refused naming the journal") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);", 1700000000000);
        const auto journal = folder.dir / "meta" / "_journal.json";
        std::string text = test::readText(journal);
        const auto at = text.find("1700000000000");
        REQUIRE(at != std::string::npos);
        for (const char* huge : {"9223372036854775808", "18446744073709551615"}) {
            std::string edited = text;
            edited.replace(at, 13, huge);
            test::writeText(journal, edited);
            for (std::vector<std::string> args : {std::vector<std::string>{"migrate"}, {"status"}}) {
                auto r = cli(*db, folder, args);
                INFO(r.err);
                CHECK(r.exitCode == 1);
                CHECK_THAT(r.err, Contains("_journal.json") && Contains("\"when\"") && Contains(huge));
            }
        }
        CHECK_FALSE(db->tableExists("users"));
    });
}
