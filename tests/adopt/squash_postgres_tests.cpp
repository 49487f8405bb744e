// ob-migrate squash on PostgreSQL: a 5-migration folder generated for PostgreSQL, squashed; the
// database that applied all of them has nothing pending and keeps its rows, a fresh one gets the
// same live schema, one that applied only some is refused by name, and nothing of it changes.
#include <catch2/catch.hpp>

#include "ob/migrate/compare.hpp"
#include "ob/migrate/postgres/introspect.hpp"
#include <pqxx/pqxx>

#include "backends.hpp"
#include "pull_support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

std::string rows(const test::TestBackend& db) {
    return db.scalar("SELECT string_agg(created_at || ':' || hash, ',' ORDER BY created_at) FROM drizzle.__drizzle_migrations")
        .value_or("");
}

}  // namespace

TEST_CASE("squash on PostgreSQL: history kept, fresh schema the same, a half-migrated database refused",
          "[adopt][squash][postgres]") {
    const auto& kind = test::backendKind("postgresql");
    if (!test::requireAvailable(kind)) return;
    test::TempDir dir;
    const std::string folder = (dir / "m").string(), cli = test::cliPath();
    for (const auto& [version, name] : std::vector<std::pair<std::string, std::string>>{
             {"1", "init"}, {"2", "rename"}, {"5", "nickname"}, {"2", "no_nickname"}, {"4", "no_posts"}}) {
        auto r = test::runProcess({OB_ADOPT_PUSH_CLI, "--db-type", "postgresql", "--dir", folder, "generate", "--name",
                                   name, "--allow-data-loss"},
                                  {"OB_PUSH_TEST_SCHEMA=" + version});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
    }
    REQUIRE(test::journalEntries(folder) == 5);
    const auto oldDb = kind.freshDatabase(), halfDb = kind.freshDatabase(), freshDb = kind.freshDatabase();
    const test::TestBackend &old = *oldDb, &half = *halfDb, &fresh = *freshDb;
    auto on = [&](const test::TestBackend& db, std::vector<std::string> args) {
        std::vector<std::string> all{"--db-type", "postgresql", "--url", db.url(), "--dir", folder};
        all.insert(all.end(), args.begin(), args.end());
        return test::run(cli, all);
    };
    REQUIRE(on(old, {"migrate"}).exitCode == 0);
    REQUIRE(on(half, {"migrate", "--to", "0001"}).exitCode == 0);
    const std::string history = rows(old), halfHistory = rows(half);

    auto squash = test::run(cli, {"--db-type", "postgresql", "--dir", folder, "squash", "--to", "0003"});
    INFO(squash.out << squash.err);
    REQUIRE(squash.exitCode == 0);
    CHECK(test::journalEntries(folder) == 2);
    CHECK(fs::exists(fs::path(folder) / "0000_squashed.down.sql"));

    auto again = on(old, {"migrate"});
    INFO(again.out << again.err);
    CHECK(again.exitCode == 0);
    CHECK(rows(old) == history);
    CHECK(on(old, {"check"}).exitCode == 0);

    auto migrate = on(fresh, {"migrate"});
    INFO(migrate.out << migrate.err);
    REQUIRE(migrate.exitCode == 0);
    CHECK(has(migrate.out, "2 migrations applied"));
    pqxx::connection a(old.url()), b(fresh.url());
    const auto differences = compareSchemas(postgres::introspect(b), postgres::introspect(a));
    for (const auto& d : differences) UNSCOPED_INFO(d.message);
    CHECK(differences.empty());
    CHECK(on(fresh, {"check"}).exitCode == 0);

    auto refused = on(half, {"migrate"});
    INFO(refused.out << refused.err);
    CHECK(refused.exitCode == 3);
    CHECK(has(refused.err, "0000_init, 0001_rename applied, 0002_nickname, 0003_no_nickname not"));
    CHECK(rows(half) == halfHistory);
    CHECK(half.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = "
                      "'nickname'") == "0");

    auto replay = test::run(cli, {"--db-type", "postgresql", "--url", fresh.url(), "--dir", folder, "test"});
    INFO(replay.out << replay.err);
    CHECK(replay.exitCode == 0);
}
