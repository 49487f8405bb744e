// `generate` and `export` on the command line: a project CLI built with its schema
// (badges-migrate) has them; plain ob-migrate says they need one.
#include <catch2/catch.hpp>

#include <algorithm>

#include "ob/migrate/journal.hpp"
#include "support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

#ifdef BADGES_MIGRATE_PATH

namespace {

test::ProcessResult badgesMigrate(std::vector<std::string> args) {
    args.insert(args.begin(), BADGES_MIGRATE_PATH);
    return test::runProcess(args);
}

std::size_t entries(const fs::path& dir) {
    return Journal::parse(test::readText(dir / "meta" / "_journal.json"), "journal").entries.size();
}

}  // namespace

TEST_CASE("a project CLI generates, reports no change, and migrates what it generated", "[schema][cli]") {
    test::TempDir dir;
    const std::string folder = (dir / "migrations").string();
    auto first = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--name", "init"});
    INFO(first.out << first.err);
    REQUIRE(first.exitCode == 0);
    CHECK(first.out.find("0000_init.sql") != std::string::npos);
    {  // the summary counts the lines it lists
        const auto open = first.out.find(" ("), close = first.out.find(" change");
        REQUIRE(close != std::string::npos);
        const std::size_t counted = std::stoul(first.out.substr(open + 2, close - open - 2));
        std::size_t listed = 0;
        for (std::size_t at = first.out.find("\n  "); at != std::string::npos; at = first.out.find("\n  ", at + 1))
            ++listed;
        CHECK(counted == listed);
        CHECK(counted > 1);
    }
    CHECK(fs::exists(dir / "migrations" / "0000_init.sql"));

    auto again = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate"});
    CHECK(again.exitCode == 0);
    CHECK(again.out.find("No schema changes") != std::string::npos);
    CHECK(entries(dir / "migrations") == 1);

    auto custom = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--custom", "--name", "seed",
                                 "--prefix", "index"});
    CHECK(custom.exitCode == 0);
    CHECK(test::readText(dir / "migrations" / "0001_seed.sql") == "-- Custom SQL migration file, put your code below! --");

    // Every ob-migrate command is there too.
    auto migrate = badgesMigrate({"--db-type", "sqlite", "--url", (dir / "app.db").string(), "--dir", folder, "migrate"});
    INFO(migrate.out << migrate.err);
    CHECK(migrate.exitCode == 0);
    auto status = badgesMigrate({"--db-type", "sqlite", "--url", (dir / "app.db").string(), "--dir", folder, "status"});
    CHECK(status.exitCode == 0);
    CHECK(status.out.find("0001_seed") != std::string::npos);
}

TEST_CASE("generate --dry-run prints the SQL and writes nothing", "[schema][cli]") {
    test::TempDir dir;
    auto r = badgesMigrate({"--db-type", "postgresql", "--dir", (dir / "pg").string(), "generate", "--dry-run"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("CREATE TYPE \"public\".\"platform_status\"") != std::string::npos);
    CHECK(r.out.find("dry run") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "pg"));
}

TEST_CASE("export prints the whole schema for the dialect", "[schema][cli]") {
    auto sqlite = badgesMigrate({"--db-type", "sqlite", "export"});
    REQUIRE(sqlite.exitCode == 0);
    CHECK(sqlite.out.find("CREATE TABLE `assertions`") != std::string::npos);
    CHECK(sqlite.out.find("statement-breakpoint") == std::string::npos);
    auto pg = badgesMigrate({"--db-type", "postgresql", "export"});
    REQUIRE(pg.exitCode == 0);
    CHECK(pg.out.find("CREATE TABLE \"assertions\"") != std::string::npos);
    CHECK(pg.out.find("REFERENCES \"public\".\"issuers\"(\"id\")") != std::string::npos);
}

TEST_CASE("generate refuses data loss and bad input with a clear message", "[schema][cli]") {
    test::TempDir dir;
    // A folder whose last snapshot has a column the badges schema lacks: generating would drop it.
    const std::string folder = (dir / "m").string();
    REQUIRE(badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--name", "init"}).exitCode == 0);
    const fs::path snapshot = dir / "m" / "meta" / "0000_snapshot.json";
    std::string text = test::readText(snapshot);
    auto at = text.find("\"roles\": {");
    REQUIRE(at != std::string::npos);
    at = text.find("\"columns\": {", at);
    text.insert(at + std::string("\"columns\": {").size(),
                "\n        \"legacy\": {\n          \"name\": \"legacy\",\n          \"type\": \"text\",\n          "
                "\"primaryKey\": false,\n          \"notNull\": false,\n          \"autoincrement\": false\n        },");
    test::writeText(snapshot, text);

    auto refused = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--name", "drop_legacy"});
    CHECK(refused.exitCode == 1);
    CHECK(refused.err.find("drops column roles.legacy") != std::string::npos);
    CHECK(refused.err.find("pass --allow-data-loss") != std::string::npos);
    CHECK(refused.err.find("--rename roles.legacy=<new>") != std::string::npos);
    CHECK(entries(dir / "m") == 1);

    auto renamed = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--name", "x", "--rename",
                                  "roles.legacy=description", "--dry-run"});
    INFO(renamed.out << renamed.err);
    CHECK(renamed.exitCode == 1);  // description exists too, so legacy is still dropped
    auto allowed = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--name", "drop_legacy",
                                  "--allow-data-loss"});
    INFO(allowed.out << allowed.err);
    CHECK(allowed.exitCode == 0);
    CHECK(allowed.err.find("warning: drops column roles.legacy") != std::string::npos);
    CHECK(test::readText(dir / "m" / "0001_drop_legacy.sql") == "ALTER TABLE `roles` DROP COLUMN `legacy`;");

    auto badPrefix = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--prefix", "iso"});
    CHECK(badPrefix.exitCode == 2);
    auto badRename = badgesMigrate({"--db-type", "sqlite", "--dir", folder, "generate", "--rename", "nonsense"});
    CHECK(badRename.exitCode == 2);
    CHECK(badRename.err.find("old=new") != std::string::npos);
}

#endif

TEST_CASE("plain ob-migrate says generate and export need a project CLI", "[schema][cli]") {
    const std::string cli = test::cliPath();
    if (cli.empty()) return;  // built without the CLI
    test::TempDir dir;
    for (const char* command : {"generate", "export"}) {
        auto r = test::runProcess({cli, "--dir", (dir / "m").string(), command});
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("needs the project's schema") != std::string::npos);
        CHECK(r.err.find("cli::run(argc, argv, yourSchema)") != std::string::npos);
    }
}

#ifdef BADGES_MIGRATE_PATH
TEST_CASE("a project CLI names itself in help, usage and errors", "[schema][cli]") {
    auto help = badgesMigrate({"--help"});
    CHECK(help.exitCode == 0);
    CHECK(help.out.find("badges-migrate") != std::string::npos);
    CHECK(help.out.find("ob-migrate ") == std::string::npos);  // the settings file ob-migrate.json may stay
    auto migrateHelp = badgesMigrate({"migrate", "--help"});
    CHECK(migrateHelp.out.find("  badges-migrate migrate --url app.db --backup --keep 3") != std::string::npos);
    CHECK(migrateHelp.out.find("ob-migrate ") == std::string::npos);
    auto generateHelp = badgesMigrate({"generate", "--help"});
    CHECK(generateHelp.out.find("  badges-migrate --db-type sqlite --dir drizzle/migrations generate") !=
          std::string::npos);
    auto usage = badgesMigrate({"--no-such-flag", "status"});
    CHECK(usage.exitCode == 2);
    test::TempDir dir;
    auto error = badgesMigrate({"--dir", (dir / "missing").string(), "status"});
    CHECK(error.exitCode != 0);
    CHECK(error.err.rfind("badges-migrate: error: ", 0) == 0);
}
#endif

#if defined(BROKEN_SCHEMA_MIGRATE_PATH) && defined(BADGES_MIGRATE_PATH)
TEST_CASE("a schema factory that throws breaks only the commands that need the schema", "[schema][cli]") {
    auto run = [](std::vector<std::string> args) {
        args.insert(args.begin(), BROKEN_SCHEMA_MIGRATE_PATH);
        return test::runProcess(args);
    };
    auto help = run({"--help"});
    INFO(help.out << help.err);
    CHECK(help.exitCode == 0);
    CHECK(help.out.find("broken-schema-migrate") != std::string::npos);
    CHECK(run({"generate", "--help"}).exitCode == 0);

    test::TempDir dir;
    const std::string folder = (dir / "m").string();
    test::writeFolder(folder, "sqlite", {{"0000_init", "CREATE TABLE t (id integer PRIMARY KEY);"}});
    auto migrate = run({"--db-type", "sqlite", "--url", (dir / "app.db").string(), "--dir", folder, "migrate"});
    INFO(migrate.out << migrate.err);
    CHECK(migrate.exitCode == 0);

    for (const char* command : {"generate", "export"}) {
        auto r = run({"--db-type", "sqlite", "--dir", folder, command});
        INFO(command << ": " << r.out << r.err);
        CHECK(r.exitCode == 2);
        CHECK(r.err.rfind("broken-schema-migrate: error: the project's schema cannot be built: ", 0) == 0);
        CHECK(r.err.find("references unknown table authors") != std::string::npos);
        CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
    CHECK(entries(folder) == 1);
}
#endif
