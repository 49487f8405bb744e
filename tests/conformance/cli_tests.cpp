// The ob-migrate command line, on every backend.
#include <nlohmann/json.hpp>

#include <regex>

#include "suite.hpp"

using namespace ob::migrate;
using namespace ob::migrate::conformance;
using Catch::Matchers::Contains;

namespace {
std::size_t lineCount(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}
}  // namespace

TEST_CASE("ob-migrate migrate and status") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);")
            .add("0001_seed", "INSERT INTO users VALUES (1, 'ada');");

        auto status = cli(*db, folder, {"status", "--json"});
        REQUIRE(status.exitCode == 0);
        auto doc = nlohmann::json::parse(status.out);
        REQUIRE(doc["migrations"].size() == 2);
        CHECK(doc["migrations"][0]["state"] == "pending");

        auto first = cli(*db, folder, {"migrate"});
        INFO(first.err);
        REQUIRE(first.exitCode == 0);
        CHECK_THAT(first.out, Contains("applied 0000_users in ") && Contains("applied 0001_seed in "));
        CHECK(first.err.empty());

        auto second = cli(*db, folder, {"migrate"});
        REQUIRE(second.exitCode == 0);
        CHECK_THAT(second.out, Contains("nothing to apply"));
        CHECK(db->queryInt("SELECT count(*) FROM users") == 1);

        status = cli(*db, folder, {"status", "--json"});
        REQUIRE(status.exitCode == 0);
        doc = nlohmann::json::parse(status.out);
        auto set = folder.load();
        for (std::size_t i = 0; i < 2; ++i) {
            const auto& m = doc["migrations"][i];
            CHECK(m["tag"] == set.migrations()[i].tag);
            CHECK(m["when"] == set.migrations()[i].when);
            CHECK(m["hash"] == set.migrations()[i].hash);
            CHECK(m["state"] == "applied");
        }

        auto text = cli(*db, folder, {"status"});
        CHECK(text.exitCode == 0);
        CHECK_THAT(text.out, Contains("applied") && Contains("0001_seed"));
    });
}

TEST_CASE("ob-migrate fails with one clear line and a non-zero exit") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);");
        REQUIRE(cli(*db, folder, {"migrate"}).exitCode == 0);

        SECTION("an edited applied file") {
            folder.entries[0].sql += "\n-- sneaky edit";
            folder.write();
            auto r = cli(*db, folder, {"migrate"});
            CHECK(r.exitCode == 3);
            CHECK_THAT(r.err, Contains("0000_users") && Contains("changed"));
            CHECK(lineCount(r.err) == 1);
            auto status = cli(*db, folder, {"status", "--json"});
            CHECK(status.exitCode == 3);  // a finding, for CI
            CHECK_THAT(status.out, Contains("\"changed\""));
            auto dry = cli(*db, folder, {"migrate", "--dry-run"});
            CHECK(dry.exitCode == 3);
            auto unknown = cli(*db, folder, {"accept-checksum", "9999_nope", "--dry-run"});
            CHECK(unknown.exitCode == 2);
            REQUIRE(cli(*db, folder, {"accept-checksum", "0000_users"}).exitCode == 0);
            CHECK(cli(*db, folder, {"status"}).exitCode == 0);
        }
        SECTION("failing SQL") {
            folder.add("0001_bad", "CREATE TABLE ok (id integer);\n--> statement-breakpoint\nSELECT * FROM nowhere;");
            auto r = cli(*db, folder, {"migrate"});
            CHECK(r.exitCode == 1);
            CHECK_THAT(r.err, Contains("0001_bad.sql") && Contains("statement 2") && Contains("nowhere"));
            CHECK(lineCount(r.err) == 1);
            CHECK_FALSE(db->tableExists("ok"));
        }
        SECTION("a missing migration file") {
            folder.add("0001_gone", "SELECT 1;");
            std::filesystem::remove(folder.dir / "0001_gone.sql");
            auto r = cli(*db, folder, {"migrate"});
            CHECK(r.exitCode == 1);
            CHECK_THAT(r.err, Contains("0001_gone.sql") && Contains("missing"));
        }
        SECTION("a malformed journal") {
            test::writeText(folder.dir / "meta" / "_journal.json", "{\"version\": \"7\", \"entries\": [");
            auto r = cli(*db, folder, {"status"});
            CHECK(r.exitCode == 1);
            CHECK_THAT(r.err, Contains("_journal.json") && Contains("malformed JSON"));
        }
        SECTION("a dry run prints SQL and changes nothing") {
            folder.add("0001_more", "CREATE TABLE more_things (id integer);");
            auto r = cli(*db, folder, {"migrate", "--dry-run"});
            CHECK(r.exitCode == 0);
            CHECK_THAT(r.out, Contains("-- 0001_more") && Contains("CREATE TABLE more_things"));
            CHECK_FALSE(db->tableExists("more_things"));
        }
    });
}

TEST_CASE("ob-migrate usage errors exit 2, --version and --help exit 0") {
    auto run = [](std::vector<std::string> args) {
        args.insert(args.begin(), test::cliPath());
        return test::runProcess(args);
    };
    auto version = run({"--version"});
    CHECK(version.exitCode == 0);
    CHECK_THAT(version.out, Contains("ob-migrate"));
    auto help = run({"--help"});
    CHECK(help.exitCode == 0);
    CHECK_THAT(help.out, Contains("migrate") && Contains("status") && Contains("Exit codes"));
    auto badType = run({"--db-type", "oracle", "status"});
    CHECK(badType.exitCode == 2);
    CHECK_THAT(badType.err, Contains("oracle"));
    CHECK(run({"frobnicate"}).exitCode == 2);
    test::TempDir empty;
    auto noFolder = run({"--url", (empty / "x.db").string(), "--dir", (empty / "nope").string(), "migrate"});
    CHECK(noFolder.exitCode == 1);
    CHECK_THAT(noFolder.err, Contains("nope") && Contains("no such migrations folder"));
}

TEST_CASE("ob-migrate migrate prints each migration before it runs it, and its outcome after") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);")
            .add("0001_seed", "INSERT INTO users VALUES (1, 'ada');");
        auto r = cli(*db, folder, {"migrate"});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
        const auto applying0 = r.out.find("applying 0000_users [1/2]\n");
        const auto applied0 = r.out.find("applied 0000_users in ");
        const auto applying1 = r.out.find("applying 0001_seed [2/2]\n");
        const auto applied1 = r.out.find("applied 0001_seed in ");
        REQUIRE(applying0 != std::string::npos);
        REQUIRE(applying1 != std::string::npos);
        CHECK(applying0 < applied0);
        CHECK(applied0 < applying1);
        CHECK(applying1 < applied1);
        CHECK(r.out.find('\r') == std::string::npos);  // not a terminal: no rewritten line

        // A migration that fails was announced before it ran: the output says which one it was.
        folder.add("0002_broken", "INSERT INTO no_such_table VALUES (1);");
        auto failed = cli(*db, folder, {"migrate"});
        CHECK(failed.exitCode == 1);
        CHECK_THAT(failed.out, Contains("applying 0002_broken [1/1]\n"));
        CHECK_THAT(failed.err, Contains("0002_broken"));
    });
}

TEST_CASE("ob-migrate status has a header, a tag and an applied time on every row; warnings name tags") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);", 1700000000000)
            .add("0001_seed", "INSERT INTO users VALUES (1, 'ada');", 1700000001000)
            .add("0002_more", "INSERT INTO users VALUES (2, 'bob');", 1700000002000);
        REQUIRE(cli(*db, folder, {"migrate"}).exitCode == 0);
        const auto set = folder.load();

        folder.entries.erase(folder.entries.begin() + 1);  // 0001_seed is applied but no longer in the folder
        folder.write();
        auto status = cli(*db, folder, {"status"});
        INFO(status.out << status.err);
        CHECK(status.exitCode == 3);
        CHECK(status.out.rfind("STATE    MIGRATION", 0) == 0);
        CHECK_THAT(status.out, Contains("APPLIED AT (UTC)") && Contains("HASH"));
        const std::regex row(R"((applied|missing) +(0000_users|0001_seed|0002_more) +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d )");
        auto rows =
            std::distance(std::sregex_iterator(status.out.begin(), status.out.end(), row), std::sregex_iterator());
        CHECK(rows == 3);
        CHECK_THAT(status.out, Contains("missing  0001_seed"));

        auto json = nlohmann::json::parse(cli(*db, folder, {"status", "--json"}).out);
        for (const auto& m : json["migrations"]) {
            CHECK(m.contains("tag"));
            CHECK(m.contains("when"));
            CHECK(m.contains("hash"));
            CHECK(m.contains("state"));
            CHECK(m["appliedTimeFrom"] == "applied_at");
            CHECK(m["appliedTime"].get<std::string>().size() == 19);
        }

        // migrate refuses a database that records a migration the folder lacks, naming its tag.
        auto migrate = cli(*db, folder, {"migrate"});
        CHECK(migrate.exitCode == 3);
        CHECK_THAT(migrate.err, Contains("does not contain (0001_seed)"));
    });
}
