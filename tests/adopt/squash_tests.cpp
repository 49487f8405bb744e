// ob-migrate squash on a 5-migration folder and real databases: the old database has nothing
// pending and keeps its history, a fresh one gets the same schema, a half-migrated one is refused
// by name (and so is `check` on it), and the squashed folder passes `ob-migrate test`.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "ob/migrate/compare.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/sqlite/introspect.hpp"
#include "pull_support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

/// Five migrations generated from the push test schema's versions 1, 2, 5, 2 and 4.
void writeFiveMigrations(const std::string& folder) {
    const std::vector<std::pair<std::string, std::string>> steps{
        {"1", "init"}, {"2", "rename"}, {"5", "nickname"}, {"2", "no_nickname"}, {"4", "no_posts"}};
    for (const auto& [version, name] : steps) {
        auto r = test::runProcess({OB_ADOPT_PUSH_CLI, "--dir", folder, "generate", "--name", name, "--allow-data-loss"},
                                  {"OB_PUSH_TEST_SCHEMA=" + version});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
    }
    REQUIRE(test::journalEntries(folder) == 5);
}

std::string rows(const std::string& db) {
    SQLite::Database d(db);
    return d.execAndGet("SELECT group_concat(created_at || ':' || hash, ',') FROM (SELECT * FROM "
                        "__drizzle_migrations ORDER BY created_at)")
        .getString();
}

}  // namespace

TEST_CASE("squash on SQLite: history kept, fresh schema the same, a half-migrated database refused",
          "[adopt][squash]") {
    test::TempDir dir;
    const std::string folder = (dir / "m").string(), cli = test::cliPath();
    writeFiveMigrations(folder);
    const std::string old = (dir / "old.db").string(), half = (dir / "half.db").string();
    REQUIRE(test::run(cli, {"--url", old, "--dir", folder, "migrate"}).exitCode == 0);
    REQUIRE(test::run(cli, {"--url", half, "--dir", folder, "migrate", "--to", "0001"}).exitCode == 0);
    const std::string history = rows(old);

    auto dry = test::run(cli, {"--dir", folder, "squash", "--to", "0003", "--dry-run"});
    INFO(dry.out << dry.err);
    REQUIRE(dry.exitCode == 0);
    CHECK(has(dry.out, "would squash 4 migrations (0000_init, 0001_rename, 0002_nickname, 0003_no_nickname)"));
    CHECK(test::journalEntries(folder) == 5);

    auto squash = test::run(cli, {"--dir", folder, "squash", "--to", "0003"});
    INFO(squash.out << squash.err);
    REQUIRE(squash.exitCode == 0);
    CHECK(test::journalEntries(folder) == 2);
    CHECK(fs::exists(fs::path(folder) / "0000_squashed.sql"));
    CHECK(fs::exists(fs::path(folder) / "0000_squashed.down.sql"));
    CHECK_FALSE(fs::exists(fs::path(folder) / "0001_rename.sql"));
    CHECK_FALSE(fs::exists(fs::path(folder) / "meta" / "0003_snapshot.json"));

    // The old database: nothing pending, its rows untouched, check clean.
    auto status = test::run(cli, {"--url", old, "--dir", folder, "migrate"});
    INFO(status.out << status.err);
    CHECK(status.exitCode == 0);
    CHECK(rows(old) == history);
    auto check = test::run(cli, {"--url", old, "--dir", folder, "check"});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);

    // A fresh database: the squash and the migration after it, the same schema.
    const std::string fresh = (dir / "fresh.db").string();
    auto migrate = test::run(cli, {"--url", fresh, "--dir", folder, "migrate"});
    INFO(migrate.out << migrate.err);
    REQUIRE(migrate.exitCode == 0);
    CHECK(has(migrate.out, "2 migrations applied"));
    SQLite::Database a(old), b(fresh);
    const auto differences = compareSchemas(sqlite::introspect(b), sqlite::introspect(a));
    for (const auto& d : differences) UNSCOPED_INFO(d.message);
    CHECK(differences.empty());
    CHECK(test::run(cli, {"--url", fresh, "--dir", folder, "check"}).exitCode == 0);

    // The half-migrated database: refused, naming what it has and what it lacks; nothing run.
    const std::string before = rows(half);
    auto refused = test::run(cli, {"--url", half, "--dir", folder, "migrate"});
    INFO(refused.out << refused.err);
    CHECK(refused.exitCode == 3);
    CHECK(has(refused.err, "0000_init, 0001_rename applied, 0002_nickname, 0003_no_nickname not"));
    CHECK(rows(half) == before);
    auto halfCheck = test::run(cli, {"--url", half, "--dir", folder, "check"});
    CHECK(halfCheck.exitCode == 3);
    CHECK(has(halfCheck.out, "applied only some"));

    // The squashed folder replays: snapshots, its down file, a second run.
    auto replay = test::run(cli, {"--dir", folder, "test"});
    INFO(replay.out << replay.err);
    CHECK(replay.exitCode == 0);
}

TEST_CASE("squash refuses the first migration, an unknown tag, and a squash over a squash", "[adopt][squash]") {
    test::TempDir dir;
    const std::string folder = (dir / "m").string(), cli = test::cliPath();
    writeFiveMigrations(folder);
    auto first = test::run(cli, {"--dir", folder, "squash", "--to", "0000"});
    CHECK(first.exitCode == 2);
    CHECK(has(first.err, "nothing to squash"));
    auto unknown = test::run(cli, {"--dir", folder, "squash", "--to", "0009"});
    CHECK(unknown.exitCode == 2);
    REQUIRE(test::run(cli, {"--dir", folder, "squash", "--to", "0002"}).exitCode == 0);
    auto again = test::run(cli, {"--dir", folder, "squash", "--to", "0003"});
    CHECK(again.exitCode == 2);
    CHECK(has(again.err, "is a squash already"));
    CHECK(test::journalEntries(folder) == 3);
}
