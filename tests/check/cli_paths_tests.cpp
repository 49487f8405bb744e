// Mistyped paths: only migrate and restore create a SQLite database; every other command on a
// missing file exits 2 naming it and creates nothing. A --dir or a .sql that is not what it should
// be is an error naming it.
#include <catch2/catch.hpp>

#include "support.hpp"

namespace ob::migrate {

using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
test::ProcessResult cli(std::vector<std::string> args) {
    args.insert(args.begin(), test::cliPath());
    return test::runProcess(args);
}

const std::vector<test::FolderEntry> kEntries{{"0000_users", "CREATE TABLE users (id integer PRIMARY KEY);"},
                                              {"0001_posts", "CREATE TABLE posts (id integer PRIMARY KEY);"}};
}  // namespace

TEST_CASE("cli: a command on a missing SQLite file exits 2 naming it, and creates nothing", "[cli]") {
    test::TempDir dir;
    test::writeFolder(dir / "drizzle", "sqlite", kEntries);
    const std::string real = (dir / "app.db").string(), typo = (dir / "ap.db").string();
    const std::string folder = (dir / "drizzle").string();
    REQUIRE(cli({"--url", real, "--dir", folder, "migrate"}).exitCode == 0);

    const std::vector<std::vector<std::string>> commands{
        {"status"},
        {"status", "--json"},
        {"check"},
        {"check", "--json"},
        {"introspect"},
        {"introspect", "--json"},
        {"drop"},
        {"drop", "--dry-run"},
        {"baseline", "--to", "0001_posts"},
        {"mark-applied", "--force", "--to", "0001_posts"},
        {"migrate", "--dry-run"},
        {"migrate", "--dry-run", "--to", "0000_users"},
        {"accept-checksum", "0000_users"},
        {"accept-checksum", "--dry-run", "0000_users"},
        {"restore", "--dry-run", real},
    };
    for (const auto& command : commands) {
        for (const std::string& url : {typo, "sqlite:" + typo}) {
            std::vector<std::string> args{"--url", url, "--dir", folder};
            args.insert(args.end(), command.begin(), command.end());
            auto r = cli(args);
            INFO(command[0] << " " << command.size() << " on " << url << ": " << r.out << r.err);
            if (command[0] == "restore") {  // a dry run: says it would create the database
                CHECK(r.exitCode == 0);
                CHECK_THAT(r.out, Contains("would restore") && Contains("a new database"));
            } else {
                CHECK(r.exitCode == 2);
                CHECK_THAT(r.err, Contains(typo) && Contains("no SQLite database"));
            }
            CHECK_FALSE(fs::exists(typo));
        }
    }
    // The folder is as it was: drop did not remove the migration the real database has.
    CHECK(fs::exists(dir / "drizzle" / "0001_posts.sql"));

    // The studio refuses to start on it too (timeout: only a safety net, should it serve anyway).
    auto studio = test::runProcess({"/usr/bin/timeout", "60", test::cliPath(), "--url", typo, "--dir", folder,
                                    "studio", "--port", "0"});
    CHECK(studio.exitCode == 2);
    CHECK_THAT(studio.err, Contains(typo));
    CHECK_FALSE(fs::exists(typo));

    // A directory is no database either.
    fs::create_directories(dir / "adir");
    auto directory = cli({"--url", (dir / "adir").string(), "--dir", folder, "status"});
    CHECK(directory.exitCode == 2);
    CHECK_THAT(directory.err, Contains((dir / "adir").string()) && Contains("is a directory"));

    // migrate and restore may create it.
    auto created = cli({"--url", typo, "--dir", folder, "migrate"});
    CHECK(created.exitCode == 0);
    CHECK(fs::exists(typo));
}

TEST_CASE("cli: a PostgreSQL URL given as a SQLite path is refused without echoing it", "[cli]") {
    test::TempDir dir;
    test::writeFolder(dir / "drizzle", "sqlite", kEntries);
    for (const char* command : {"status", "migrate"}) {
        auto r = test::runProcess({test::cliPath(), "--db-type", "sqlite", "--url",
                                   "postgresql://app:Zq9@Wx7@db.example/app", "--dir", (dir / "drizzle").string(),
                                   command});
        CHECK(r.exitCode == 2);
        CHECK_THAT(r.err, Contains("PostgreSQL URL") && Contains("--db-type postgresql") && !Contains("Zq9") &&
                              !Contains("Wx7"));
        auto other = cli({"--url", "mysql://app:Zq9@Wx7@db.example/app", "--dir", (dir / "drizzle").string(), command});
        CHECK(other.exitCode == 2);
        CHECK_THAT(other.err, Contains("mysql:// URL") && !Contains("Zq9") && !Contains("Wx7"));
    }
}

TEST_CASE("cli: a --dir that is missing or a file, and a .sql that is a directory, are named", "[cli]") {
    test::TempDir dir;
    test::writeFolder(dir / "drizzle", "sqlite", kEntries);
    const std::string db = (dir / "app.db").string();
    REQUIRE(cli({"--url", db, "--dir", (dir / "drizzle").string(), "migrate"}).exitCode == 0);
    test::writeText(dir / "a-file", "x");
    for (const char* command : {"migrate", "status", "check", "drop", "baseline"}) {
        for (const auto& [folder, why] :
             {std::pair<std::string, std::string>{(dir / "nope").string(), "no such migrations folder"},
              {(dir / "a-file").string(), "is a file, not a migrations folder"}}) {
            std::vector<std::string> args{"--url", db, "--dir", folder, command};
            if (std::string(command) == "baseline") args.insert(args.end(), {"--to", "0000_users"});
            auto r = cli(args);
            INFO(command << " " << folder << ": " << r.err);
            CHECK(r.exitCode != 0);
            CHECK_THAT(r.out + r.err, Contains(folder) && Contains(why));
        }
    }

    // A .sql path that is a directory is not an empty migration.
    auto entries = kEntries;
    entries.push_back({"0002_tags", "CREATE TABLE tags (id integer);"});
    test::writeFolder(dir / "drizzle", "sqlite", entries);
    fs::remove(dir / "drizzle" / "0002_tags.sql");
    fs::create_directories(dir / "drizzle" / "0002_tags.sql");
    const std::string sqlDir = (dir / "drizzle" / "0002_tags.sql").string();
    for (const char* command : {"migrate", "status"}) {
        auto r = cli({"--url", db, "--dir", (dir / "drizzle").string(), command});
        INFO(r.err);
        CHECK(r.exitCode == 1);
        CHECK_THAT(r.err, Contains(sqlDir) && Contains("is a directory"));
    }
    auto check = cli({"--url", db, "--dir", (dir / "drizzle").string(), "check", "--folder-only"});
    CHECK(check.exitCode == 3);
    CHECK_THAT(check.out, Contains("0002_tags.sql is a directory"));
}

}  // namespace ob::migrate

namespace ob::migrate {

TEST_CASE("cli: a lockTimeoutMs beyond a 64-bit integer is refused naming the setting", "[cli]") {
    test::TempDir dir;
    test::writeFolder(dir / "drizzle", "sqlite", kEntries);
    for (const char* huge : {"9223372036854775808", "18446744073709551615"}) {
        test::writeText(dir / "ob-migrate.json", std::string("{\"lockTimeoutMs\": ") + huge + "}");
        auto r = cli({"--config", (dir / "ob-migrate.json").string(), "--url", (dir / "app.db").string(), "--dir",
                      (dir / "drizzle").string(), "migrate"});
        CHECK(r.exitCode == 2);
        CHECK_THAT(r.err, Contains("ob-migrate.json") && Contains("lockTimeoutMs"));
        CHECK_FALSE(fs::exists(dir / "app.db"));
    }
}

}  // namespace ob::migrate
