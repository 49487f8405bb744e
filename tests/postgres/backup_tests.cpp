// Backups before migrating on PostgreSQL (pg_dump -Fc) and restoring them, in the library and the CLI.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
namespace fs = std::filesystem;

namespace {
const char* kSchema =
    "CREATE TYPE \"mood\" AS ENUM('happy', 'sad');--> statement-breakpoint\n"
    "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL, \"name\" text NOT NULL, \"mood\" \"mood\");"
    "--> statement-breakpoint\n"
    "CREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY NOT NULL, \"author_id\" integer NOT NULL "
    "REFERENCES \"users\"(\"id\"), \"title\" text);--> statement-breakpoint\n"
    "INSERT INTO users (name, mood) VALUES ('ada', 'happy'), ('bob', 'sad'), ('cy', NULL);--> statement-breakpoint\n"
    "INSERT INTO posts (author_id, title) VALUES (1, 'hello'), (1, 'again'), (2, 'bob''s');";

/// New objects that depend on the old ones, a changed column, changed rows.
const char* kComments =
    "CREATE TABLE \"comments\" (\"id\" serial PRIMARY KEY NOT NULL, \"user_id\" integer NOT NULL "
    "REFERENCES \"users\"(\"id\"), \"body\" text);--> statement-breakpoint\n"
    "INSERT INTO comments (user_id, body) VALUES (1, 'first'), (2, 'second');--> statement-breakpoint\n"
    "ALTER TABLE \"users\" ADD COLUMN \"nickname\" text;--> statement-breakpoint\n"
    "UPDATE users SET nickname = upper(name);--> statement-breakpoint\n"
    "DELETE FROM posts WHERE title = 'again';";

const char* kReports =
    "CREATE SCHEMA \"reports\";--> statement-breakpoint\n"
    "CREATE VIEW reports.comment_counts AS SELECT user_id, count(*) AS n FROM comments GROUP BY user_id;"
    "--> statement-breakpoint\n"
    "CREATE FUNCTION public.shout(t text) RETURNS text LANGUAGE sql AS $$ SELECT upper(t) $$;"
    "--> statement-breakpoint\n"
    "CREATE EXTENSION IF NOT EXISTS pgcrypto;";

/// Plain pg_dump of everything (schema and rows, tracking table included), without the lines that
/// differ from run to run.
std::string fullDump(const std::string& url) {
    const std::string pgDump = test::findProgram("pg_dump");
    REQUIRE_FALSE(pgDump.empty());
    auto r = test::runProcess({pgDump, "--no-owner", "--no-privileges", "--dbname", url});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    std::istringstream in(r.out);
    std::string line, out;
    while (std::getline(in, line)) {
        if (line.rfind("\\restrict", 0) == 0 || line.rfind("\\unrestrict", 0) == 0) continue;  // random keys
        out += line + '\n';
    }
    return out;
}

std::vector<fs::path> filesIn(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string firstBytes(const fs::path& file, std::size_t n) {
    std::ifstream in(file, std::ios::binary);
    std::string out(n, '\0');
    in.read(out.data(), static_cast<std::streamsize>(n));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
}

MigratorOptions backingUpTo(const fs::path& dir, std::size_t keep) {
    MigratorOptions options;
    options.backup = BackupOptions{keep, dir.string()};
    return options;
}

/// `url` with a password the trust-authenticated test server ignores.
std::string withPassword(const std::string& url, const std::string& password) {
    if (url.find("://") == std::string::npos) return url + " password=" + password;
    return url + (url.find('?') == std::string::npos ? "?" : "&") + "password=" + password;
}
}  // namespace

TEST_CASE("migrate with a backup: a dump only when something is pending, the newest N kept, restore puts it back") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::TempDir backups;
    test::PgFolder folder;
    folder.add("0000_users", kSchema);
    postgres::Dialect dialect(db.url());
    const auto options = backingUpTo(backups / "nested" / "dir", 2);

    Report first = Migrator(dialect, folder.load(), options).upToDate();
    REQUIRE(first.backupPath);
    const fs::path firstPath(*first.backupPath);
    CHECK(firstPath.parent_path() == backups / "nested" / "dir");
    CHECK_THAT(firstPath.filename().string(), StartsWith(db.name() + ".bak-") && EndsWith(".dump"));
    CHECK(firstBytes(firstPath, 5) == "PGDMP");

    Report nothing = Migrator(dialect, folder.load(), options).upToDate();
    CHECK(nothing.applied.empty());
    CHECK_FALSE(nothing.backupPath);
    CHECK(filesIn(backups / "nested" / "dir").size() == 1);

    const std::string beforeComments = fullDump(db.url());
    folder.add("0001_comments", kComments);
    Report second = Migrator(dialect, folder.load(), options).upToDate();
    REQUIRE(second.backupPath);
    const std::string beforeReports = fullDump(db.url());
    folder.add("0002_reports", kReports);
    Report third = Migrator(dialect, folder.load(), options).upToDate();
    REQUIRE(third.backupPath);
    CHECK(third.applied.size() == 1);

    // keep = 2: the backup of the empty database is gone, the two newest stay.
    auto files = filesIn(backups / "nested" / "dir");
    REQUIRE(files.size() == 2);
    CHECK(files[0] == fs::path(*second.backupPath));
    CHECK(files[1] == fs::path(*third.backupPath));
    CHECK_FALSE(fs::exists(firstPath));

    // Back to before 0001: comments, the reports schema, the function and the extension go, the
    // column and the rows come back, the tracking table forgets 0001 and 0002.
    dialect.restore(*second.backupPath);
    CHECK(fullDump(db.url()) == beforeComments);
    CHECK(db.scalarInt("SELECT (to_regclass('public.comments') IS NULL)::int") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_namespace WHERE nspname = 'reports'") == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'") == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM users") == 3);
    CHECK(db.scalarInt("SELECT count(*) FROM posts") == 3);
    CHECK(db.scalarInt("SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'") == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 1);

    // The restored database migrates again, and the other backup restores too.
    Report again = Migrator(dialect, folder.load(), backingUpTo(backups / "again", 5)).upToDate();
    CHECK(again.applied.size() == 2);
    CHECK(db.scalarInt("SELECT count(*) FROM comments") == 2);
    dialect.restore(*third.backupPath);
    CHECK(fullDump(db.url()) == beforeReports);

    // A backup also restores into another, empty database.
    test::ScratchDatabase copy(*server);
    postgres::Dialect(copy.url()).restore(*third.backupPath);
    CHECK(fullDump(copy.url()) == beforeReports);
}

TEST_CASE("restore refuses what is not a usable dump and changes nothing") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::TempDir dir;
    test::PgFolder folder;
    folder.add("0000_users", kSchema);
    folder.add("0001_bulk",
               "INSERT INTO posts (author_id, title) SELECT 1, md5(g::text) || md5((g * 7)::text) "
               "FROM generate_series(1, 40000) AS g;");
    postgres::Dialect dialect(db.url());
    Migrator(dialect, folder.load()).upToDate();
    const auto backup = dialect.backup(BackupOptions{5, dir.path().string()});
    REQUIRE(backup);
    folder.add("0002_comments", kComments);
    Migrator(dialect, folder.load()).upToDate();
    const std::string before = fullDump(db.url());

    CHECK_THROWS_WITH(dialect.restore((dir / "nope.dump").string()),
                      Contains("no backup file") && Contains("nope.dump"));

    test::writeText(dir / "notes.dump", "this is not a dump at all, just some text\n");
    CHECK_THROWS_WITH(dialect.restore((dir / "notes.dump").string()),
                      Contains("notes.dump is not a PostgreSQL backup") && Contains("pg_dump -Fc"));

    // A plain-text SQL dump is not what backup() writes either.
    auto plain =
        test::runProcess({test::findProgram("pg_dump"), "--file", (dir / "plain.sql").string(), "--dbname", db.url()});
    REQUIRE(plain.exitCode == 0);
    CHECK_THROWS_WITH(dialect.restore((dir / "plain.sql").string()), Contains("is not a PostgreSQL backup"));

    test::writeText(dir / "magic-only.dump", "PGDMP but nothing a reader could use after the magic bytes");
    CHECK_THROWS_WITH(dialect.restore((dir / "magic-only.dump").string()),
                      Contains("nothing was changed") && Contains("pg_restore"));

    // Cut in the middle of the rows: the table of contents reads, the script breaks off half way.
    const auto size = fs::file_size(*backup);
    REQUIRE(size > 100000);
    const std::string whole = firstBytes(*backup, size);
    std::ofstream(dir / "cut.dump", std::ios::binary) << whole.substr(0, size * 3 / 5);
    try {
        dialect.restore((dir / "cut.dump").string());
        FAIL("a truncated dump was restored");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Contains("cut.dump") && Contains("nothing was changed") && Contains("pg_restore failed"));
    }
    CHECK(fullDump(db.url()) == before);
    CHECK(db.scalarInt("SELECT count(*) FROM comments") == 2);

    // A database that refuses writes: psql's error, while pg_restore was still writing the script.
    db.exec("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
    try {
        dialect.restore(*backup);
        FAIL("restored into a read-only database");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Contains("nothing was changed") && Contains("psql") && Contains("read-only"));
    }
    {
        pqxx::connection admin(*server);  // the database itself only takes read-only transactions now
        pqxx::nontransaction tx(admin);
        tx.exec("ALTER DATABASE " + tx.quote_name(db.name()) + " RESET default_transaction_read_only");
    }
    CHECK(fullDump(db.url()) == before);

    // The intact dump still restores after all that.
    dialect.restore(*backup);
    CHECK(db.scalarInt("SELECT (to_regclass('public.comments') IS NULL)::int") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM posts") == 40003);
}

TEST_CASE("without pg_dump a backup says what is needed, and migrate changes nothing") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::TempDir noTools, backups;
    test::PgFolder folder;
    folder.add("0000_users", kSchema);

    postgres::Options options;
    options.clientSearchPath = {noTools.path().string()};
    postgres::Dialect dialect(db.url(), options);
    CHECK_THROWS_WITH(
        Migrator(dialect, folder.load(), backingUpTo(backups.path(), 5)).upToDate(),
        Contains("needs the program pg_dump") && Contains("postgresql-client") && Contains(noTools.path().string()));
    CHECK(db.scalarInt("SELECT (to_regclass('public.users') IS NULL)::int") == 1);
    CHECK(db.scalarInt("SELECT (to_regclass('drizzle.__drizzle_migrations') IS NULL)::int") == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 0);
    CHECK(filesIn(backups.path()).empty());

    postgres::Dialect withTools(db.url());
    const auto dump = withTools.backup(BackupOptions{5, backups.path().string()});
    REQUIRE(dump);
    CHECK_THROWS_WITH(dialect.restore(*dump),
                      Contains("needs the programs pg_restore and psql") && Contains("postgresql-client"));

    // A search path naming where the programs are is enough.
    const fs::path pgDumpDir = fs::path(test::findProgram("pg_dump")).parent_path();
    options.clientSearchPath = {noTools.path().string(), pgDumpDir.string()};
    postgres::Dialect found(db.url(), options);
    Report report = Migrator(found, folder.load(), backingUpTo(backups.path(), 5)).upToDate();
    CHECK(report.applied.size() == 1);
    REQUIRE(report.backupPath);
    CHECK(filesIn(backups.path()).size() == 2);
}

TEST_CASE("a pg_dump that fails: its message without the password, and no file left behind") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::TempDir backups;
    postgres::Dialect dialect(withPassword(db.url(), "pw-91-secret"));
    {
        pqxx::connection admin(*server);
        pqxx::nontransaction tx(admin);
        tx.exec("DROP DATABASE " + tx.quote_name(db.name()) + " WITH (FORCE)");
    }
    try {
        dialect.backup(BackupOptions{5, backups.path().string()});
        FAIL("a backup of a dropped database succeeded");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Contains("pg_dump could not back up") && Contains(db.name()) &&
                                 Contains("does not exist") && !Contains("pw-91-secret"));
    }
    CHECK(filesIn(backups.path()).empty());
}

TEST_CASE("ob-migrate migrate --backup --backup-dir and restore on PostgreSQL") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::TempDir backups;
    test::PgFolder folder;
    folder.add("0000_users", kSchema);
    auto cli = [&](std::vector<std::string> args) {
        std::vector<std::string> argv{test::cliPath(), "--db-type",   "postgresql",        "--url", db.url(),
                                      "--dir",         folder.path(), "--connect-timeout", "5"};
        argv.insert(argv.end(), args.begin(), args.end());
        return test::runProcess(argv);
    };
    REQUIRE(cli({"migrate"}).exitCode == 0);
    const std::string before = fullDump(db.url());

    folder.add("0001_comments", kComments);
    auto migrated = cli({"migrate", "--backup", "--backup-dir", (backups / "pg").string(), "--keep", "3"});
    INFO(migrated.err);
    REQUIRE(migrated.exitCode == 0);
    const std::string prefix = "backed up to " + (backups / "pg" / (db.name() + ".bak-")).string();
    REQUIRE_THAT(migrated.out, Contains(prefix) && Contains(".dump\n") && Contains("applied 0001_comments"));
    const auto at = migrated.out.find("backed up to ") + std::string("backed up to ").size();
    const std::string dump = migrated.out.substr(at, migrated.out.find('\n', at) - at);
    CHECK(fs::exists(dump));

    auto restored = cli({"restore", dump});
    INFO(restored.err);
    REQUIRE(restored.exitCode == 0);
    CHECK_THAT(restored.out, Contains("restored " + dump + " into postgresql://"));
    CHECK(fullDump(db.url()) == before);
    auto status = cli({"status"});
    CHECK_THAT(status.out, Contains("pending  0001_comments"));

    test::writeText(backups / "notes.txt", "not a dump");
    auto refused = cli({"restore", (backups / "notes.txt").string()});
    CHECK(refused.exitCode == 1);
    CHECK_THAT(refused.err, Contains("not a PostgreSQL backup") && Contains("notes.txt"));
    CHECK(fullDump(db.url()) == before);

    auto stray = cli({"migrate", "--backup-dir", (backups / "pg").string()});
    CHECK(stray.exitCode == 2);
    CHECK_THAT(stray.err, Contains("--backup"));
    auto negative = test::runProcess({test::cliPath(), "--db-type", "postgresql", "--url", db.url(), "--dir",
                                      folder.path(), "--connect-timeout=-1", "status"});
    CHECK(negative.exitCode == 2);
    CHECK_THAT(negative.err, Contains("connect timeout must not be negative"));
}
