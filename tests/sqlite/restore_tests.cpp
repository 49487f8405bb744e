// What restore refuses (before touching the database), and backups that cannot be written
// completely (a full disk, simulated with RLIMIT_FSIZE): no backup file, no migration.
#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <fstream>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {
/// Every file of `dir` whose name holds ".bak-" (backups and anything posing as one).
std::vector<std::string> backupLike(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".bak-") != std::string::npos) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
}

std::string contents(const fs::path& file) {
    SQLite::Database db(file.string());
    std::string out;
    SQLite::Statement q(db, "SELECT name, sql FROM sqlite_master ORDER BY name");
    while (q.executeStep()) out += q.getColumn(0).getString() + ":" + q.getColumn(1).getString() + "\n";
    out += std::to_string(db.execAndGet("SELECT count(*) FROM notes").getInt64());
    return out;
}

test::ProcessResult cli(const fs::path& db, const fs::path& folder, std::vector<std::string> args,
                        const std::string& prefix = {}) {
    std::vector<std::string> argv;
    if (!prefix.empty()) argv = {"/bin/sh", "-c", prefix + "; exec \"$0\" \"$@\""};
    argv.insert(argv.end(), {test::cliPath(), "--url", db.string(), "--dir", folder.string()});
    argv.insert(argv.end(), args.begin(), args.end());
    return test::runProcess(argv);
}

/// A database of about 400 KiB (many pages), migrated with the folder's first migration.
std::vector<test::FolderEntry> bigDatabase(const test::TempDir& dir) {
    std::vector<test::FolderEntry> entries{
        {"0000_notes",
         "CREATE TABLE notes (id integer PRIMARY KEY, body text);\n--> statement-breakpoint\n"
         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
         "INSERT INTO notes SELECT i, printf('%0120d', i) FROM n;"}};
    test::writeFolder(dir / "drizzle", "sqlite", entries);
    auto r = cli(dir / "app.db", dir / "drizzle", {"migrate"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    REQUIRE(fs::file_size(dir / "app.db") > 300 * 1024);
    return entries;
}

void writeBytes(const fs::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}
}  // namespace

TEST_CASE("restore refuses anything but a complete SQLite backup, before touching the database") {
    test::TempDir dir;
    bigDatabase(dir);
    const fs::path db = dir / "app.db", folder = dir / "drizzle";
    {
        sqlite::Dialect dialect(db.string());
        REQUIRE(dialect.backup(BackupOptions{5, (dir / "backups").string()}));
    }
    const fs::path good = fs::directory_iterator(dir / "backups")->path();
    const std::string whole = test::readText(good);
    const std::string before = contents(db);
    const std::uintmax_t pageSize = 4096;
    REQUIRE(whole.size() > 20 * pageSize);

    fs::create_directories(dir / "a-directory.bak");
    writeBytes(dir / "empty.bak", "");
    writeBytes(dir / "notes.txt", "just some text, not a backup\n");
    writeBytes(dir / "short.bak", whole.substr(0, 60));
    writeBytes(dir / "half.bak", whole.substr(0, whole.size() / 2 + 100));          // cut mid-page
    writeBytes(dir / "pages.bak", whole.substr(0, (whole.size() / pageSize / 2) * pageSize));  // on a page boundary
    writeBytes(dir / "app.dump", std::string("PGDMP\x01\x0e\x00\x04\x08\x01\x01\x01", 13) + std::string(500, 'x'));
    const std::vector<std::pair<std::string, std::string>> refused{
        {"nope.bak", "no backup file"},
        {"a-directory.bak", "is a directory"},
        {"empty.bak", "is empty"},
        {"notes.txt", "it is a text file"},
        {"short.bak", "truncated"},
        {"half.bak", "truncated"},
        {"pages.bak", "truncated"},
        {"app.dump", "it is a PostgreSQL custom-format dump"},
    };
    for (const auto& [name, why] : refused) {
        const std::string path = (dir / name).string();
        INFO(name);
        auto r = cli(db, folder, {"restore", path});
        CHECK(r.exitCode == 1);
        CHECK_THAT(r.err, Contains(path) && Contains(why));
        CHECK_THAT(cli(db, folder, {"restore", "--dry-run", path}).err, Contains(why));
        sqlite::Dialect dialect(db.string());
        CHECK_THROWS_WITH(dialect.restore(path), Contains(path) && Contains(why));
        CHECK(contents(db) == before);

        // Into a database that does not exist yet: refused before it is created.
        const fs::path fresh = dir / "fresh.db";
        CHECK(cli(fresh, folder, {"restore", path}).exitCode == 1);
        CHECK_FALSE(fs::exists(fresh));
    }

    // The complete backup restores, also into a new file.
    auto ok = cli(dir / "copy.db", folder, {"restore", good.string()});
    INFO(ok.err);
    CHECK(ok.exitCode == 0);
    CHECK(contents(dir / "copy.db") == before);
}

TEST_CASE("a SQLite backup that cannot be written completely leaves no backup file, and nothing is migrated") {
    test::TempDir dir;
    auto entries = bigDatabase(dir);
    entries.push_back({"0001_tags", "CREATE TABLE tags (id integer PRIMARY KEY);"});
    test::writeFolder(dir / "drizzle", "sqlite", entries);
    const std::string before = contents(dir / "app.db");

    // Files may grow to 64 KiB (dash: 128 blocks of 512 bytes): writing the 400 KiB copy fails
    // with EFBIG, as on a full disk.
    auto r = cli(dir / "app.db", dir / "drizzle", {"migrate", "--backup"}, "trap '' XFSZ; ulimit -f 128");
    INFO(r.out << r.err);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.err, Contains("app.db.bak-"));
    CHECK(backupLike(dir.path()).empty());
    CHECK(contents(dir / "app.db") == before);
    CHECK(SQLite::Database((dir / "app.db").string()).execAndGet("SELECT count(*) FROM __drizzle_migrations").getInt() ==
          1);

    // The same with room to write: a complete backup, then the migration.
    auto ok = cli(dir / "app.db", dir / "drizzle", {"migrate", "--backup"});
    INFO(ok.err);
    CHECK(ok.exitCode == 0);
    REQUIRE(backupLike(dir.path()).size() == 1);
    CHECK(contents(dir / backupLike(dir.path())[0]) == before);
}

TEST_CASE("pruning backups neither counts nor keeps files being written (.partial)") {
    test::TempDir dir;
    auto entries = bigDatabase(dir);
    // Left by a backup that was interrupted: named like a backup, with the temporary suffix.
    writeBytes(dir / "app.db.bak-20000101T000000000Z.partial", "half");
    writeBytes(dir / "app.db.bak-29991231T235959999Z.partial", "half");
    for (int i = 1; i <= 3; ++i) {
        entries.push_back({"000" + std::to_string(i) + "_step", "CREATE TABLE t" + std::to_string(i) + " (id integer);"});
        test::writeFolder(dir / "drizzle", "sqlite", entries);
        auto r = cli(dir / "app.db", dir / "drizzle", {"migrate", "--backup", "--keep", "1"});
        INFO(r.err);
        REQUIRE(r.exitCode == 0);
    }
    auto files = backupLike(dir.path());
    REQUIRE(files.size() == 3);  // the newest real backup and the two partial files, untouched
    CHECK(files[0] == "app.db.bak-20000101T000000000Z.partial");
    CHECK(files[2] == "app.db.bak-29991231T235959999Z.partial");
    CHECK(files[1].find(".partial") == std::string::npos);
    CHECK_NOTHROW(sqlite::Dialect::checkBackupFile((dir / files[1]).string()));
}
