// PostgreSQL: restore refuses what is not a dump before touching the database, and a backup that
// cannot be written completely (RLIMIT_FSIZE, as a full disk) leaves no file and migrates nothing.
#include <catch2/catch.hpp>

#include <filesystem>

#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
test::ProcessResult cli(const test::ScratchDatabase& db, const test::PgFolder& folder, std::vector<std::string> args,
                        const std::string& prefix = {}) {
    std::vector<std::string> argv;
    if (!prefix.empty()) argv = {"/bin/sh", "-c", prefix + "; exec \"$0\" \"$@\""};
    argv.insert(argv.end(), {test::cliPath(), "--db-type", "postgresql", "--url", db.url(), "--dir", folder.path(),
                             "--connect-timeout", "5"});
    argv.insert(argv.end(), args.begin(), args.end());
    return test::runProcess(argv);
}

std::size_t filesIn(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

TEST_CASE("PostgreSQL restore refuses an empty file, a directory, a SQLite database, before touching anything") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);\n--> statement-breakpoint\n"
                             "INSERT INTO users VALUES (1), (2), (3);");
    REQUIRE(cli(db, folder, {"migrate"}).exitCode == 0);

    test::TempDir dir;
    test::writeText(dir / "empty.dump", "");
    fs::create_directories(dir / "a-directory.dump");
    test::writeText(dir / "notes.dump", "some text\n");
    test::writeText(dir / "app.db", std::string("SQLite format 3\0", 16) + std::string(4080, '\0'));  // its header
    const std::vector<std::pair<std::string, std::string>> refused{
        {"missing.dump", "no backup file"},
        {"empty.dump", "is empty"},
        {"a-directory.dump", "is a directory"},
        {"notes.dump", "it is a text file"},
        {"app.db", "it is a SQLite database"},
    };
    for (const auto& [name, why] : refused) {
        const std::string path = (dir / name).string();
        for (std::vector<std::string> args : {std::vector<std::string>{"restore", path}, {"restore", "--dry-run", path}}) {
            auto r = cli(db, folder, args);
            INFO(name << ": " << r.err);
            CHECK(r.exitCode == 1);
            CHECK_THAT(r.err, Contains(path) && Contains(why) && Contains("PostgreSQL backup"));
        }
    }
    CHECK(db.scalarInt("SELECT count(*) FROM users") == 3);
}

TEST_CASE("a PostgreSQL backup that cannot be written completely leaves no file, and nothing is migrated") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_posts", "CREATE TABLE posts (id integer PRIMARY KEY, body text);\n--> statement-breakpoint\n"
                             "INSERT INTO posts SELECT g, md5(g::text) || md5((g * 7)::text) "
                             "FROM generate_series(1, 40000) AS g;");
    REQUIRE(cli(db, folder, {"migrate"}).exitCode == 0);
    folder.add("0001_tags", "CREATE TABLE tags (id integer PRIMARY KEY);");
    test::TempDir backups;

    // Files may grow to 64 KiB (dash: 128 blocks of 512 bytes); the dump is larger.
    auto r = cli(db, folder, {"migrate", "--backup", "--backup-dir", backups.path().string()},
                 "trap '' XFSZ; ulimit -f 128");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.err, Contains("pg_dump could not back up"));
    CHECK(filesIn(backups.path()) == 0);
    CHECK(db.scalarInt("SELECT (to_regclass('public.tags') IS NULL)::int") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 1);

    auto ok = cli(db, folder, {"migrate", "--backup", "--backup-dir", backups.path().string()});
    INFO(ok.err);
    CHECK(ok.exitCode == 0);
    CHECK(filesIn(backups.path()) == 1);
    CHECK(db.scalarInt("SELECT (to_regclass('public.tags') IS NULL)::int") == 0);
}
