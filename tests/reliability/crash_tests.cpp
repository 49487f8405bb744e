// Crash safety: `ob-migrate migrate` killed with SIGKILL at random moments while it applies many
// migrations. After every kill no migration is half applied and the tracking table is consistent;
// runs resumed after kills reach exactly the schema (and row counts) of an uninterrupted run.
//
// Quick by default (20 kills per dialect); OB_MIGRATE_RELIABILITY_FULL=1 makes it 200 per dialect.
// OB_MIGRATE_RELIABILITY_SEED=<n> replays a campaign.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <signal.h>
#include <SQLiteCpp/Database.h>

#include <random>
#include <thread>

#include "processes.hpp"
#include "targets.hpp"

#include "backends.hpp"

namespace ob::migrate::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::uint32_t campaignSeed() {
    if (const char* s = std::getenv("OB_MIGRATE_RELIABILITY_SEED"); s && *s) return static_cast<std::uint32_t>(std::stoul(s));
    return std::random_device{}();
}

/// Runs ob-migrate to the end (bounded); returns its outcome and how long it took.
std::pair<Outcome, milliseconds> runToEnd(const std::vector<std::string>& argv) {
    const auto start = Clock::now();
    Child child(argv);
    if (!child.waitUntil(start + std::chrono::minutes(10))) FAIL("ob-migrate did not finish within 10 minutes");
    return {child.outcome(), std::chrono::duration_cast<milliseconds>(Clock::now() - start)};
}

std::size_t checked(DbTarget& target, const Workload& w, const std::string& context) {
    try {
        target.settle();
        auto inspector = target.inspector();
        return checkInvariants(*inspector, w);
    } catch (const std::exception& e) {
        FAIL(context << ": " << e.what());
    }
    return 0;
}

struct CampaignStats {
    int kills = 0;
    int midRun = 0;         ///< kills after which some but not all migrations were recorded
    int finishedAlone = 0;  ///< runs that finished before their kill came
    int completions = 0;    ///< times the database reached the end and was compared
};

void crashCampaign(DbTarget& target, int kills, int migrations, int rows) {
    const std::uint32_t seed = campaignSeed();
    std::mt19937 rng(seed);
    INFO("dialect " << target.dialect() << ", seed " << seed << " (OB_MIGRATE_RELIABILITY_SEED replays it)");
    const Workload w = Workload::make(target.dialect(), migrations, rows);
    TempDir folder;
    w.write(folder.path());
    const auto command = [&](bool allInOne) {
        return target.migrateCommand(folder.path(), allInOne ? std::vector<std::string>{"--all-in-one"}
                                                             : std::vector<std::string>{});
    };

    // The reference: one uninterrupted run.
    auto [first, duration] = runToEnd(command(false));
    INFO(first.output);
    REQUIRE(first.exited);
    REQUIRE(first.exitCode == 0);
    REQUIRE(checked(target, w, "uninterrupted run") == w.expected.size());
    const std::string reference = target.inspector()->fingerprint();
    // A run with nothing to do: the process start, connection and checks.
    auto [noop, startup] = runToEnd(command(false));
    REQUIRE(noop.exitCode == 0);
    // The first run paid for cold caches: time two more and keep the fastest.
    for (int i = 0; i < 2; ++i) {
        target.reset();
        auto [again, elapsed] = runToEnd(command(false));
        REQUIRE(again.exitCode == 0);
        duration = std::min(duration, elapsed);
    }
    target.reset();

    auto finishAndCompare = [&](CampaignStats& stats, const std::string& context) {
        auto [o, elapsed] = runToEnd(command(false));
        INFO(context << "; resumed run's output:\n" << o.output);
        REQUIRE(o.exited);
        REQUIRE(o.exitCode == 0);
        REQUIRE(checked(target, w, context + ", then resumed") == w.expected.size());
        REQUIRE(target.inspector()->fingerprint() == reference);
        ++stats.completions;
        target.reset();
    };

    CampaignStats stats;
    std::size_t recorded = 0;
    while (stats.kills < kills) {
        const bool allInOne = rng() % 4 == 0;
        // Kill points spread over what this run has to do (process start included) and a little past it.
        const double remaining = static_cast<double>(w.expected.size() - recorded) / static_cast<double>(w.expected.size());
        const double expectedUs =
            1000.0 * (static_cast<double>(startup.count()) + static_cast<double>((duration - startup).count()) * remaining);
        const auto delay = std::chrono::microseconds(
            std::uniform_int_distribution<long>(0, static_cast<long>(expectedUs * 1.1))(rng));
        Child child(command(allInOne));
        std::this_thread::sleep_for(delay);
        child.kill(SIGKILL);
        REQUIRE(child.waitUntil(Clock::now() + std::chrono::seconds(60)));
        const Outcome& o = child.outcome();
        const std::string context =
            fmt::format("after {} kills; this run {} ({} after {} us)", stats.kills, allInOne ? "--all-in-one" : "per migration",
                        o.exited ? "finished" : "killed", delay.count());
        if (o.exited) {
            INFO(context << "\n" << o.output);
            REQUIRE(o.exitCode == 0);
            ++stats.finishedAlone;
        } else {
            REQUIRE(o.signal == SIGKILL);
            ++stats.kills;
        }
        recorded = checked(target, w, context);
        if (!o.exited && recorded > 0 && recorded < w.expected.size()) ++stats.midRun;
        if (recorded == w.expected.size()) {
            INFO(context);
            REQUIRE(target.inspector()->fingerprint() == reference);
            ++stats.completions;
            target.reset();
            recorded = 0;
        } else if (!o.exited && stats.kills % 25 == 0) {
            finishAndCompare(stats, context);
            recorded = 0;
        }
    }
    finishAndCompare(stats, "at the end of the campaign");
    WARN(fmt::format("{}: {} kills ({} mid-run), {} runs finished before their kill, {} completions compared, "
                     "uninterrupted run {} ms, seed {}",
                     target.dialect(), stats.kills, stats.midRun, stats.finishedAlone, stats.completions,
                     duration.count(), seed));
    // A campaign whose kills never land between two migrations tests nothing.
    REQUIRE(stats.midRun > 0);
}

int killsPerDialect() { return fullMode() ? 200 : 20; }
int migrationsPerCampaign() { return fullMode() ? 40 : 24; }
int rowsPerTable() { return fullMode() ? 2000 : 500; }

}  // namespace

TEST_CASE("SIGKILL during ob-migrate migrate never leaves a SQLite migration half applied", "[crash][sqlite]") {
    auto target = sqliteTarget();
    crashCampaign(*target, killsPerDialect(), migrationsPerCampaign(), rowsPerTable());
}

#ifdef OB_MIGRATE_HAVE_POSTGRES
TEST_CASE("SIGKILL during ob-migrate migrate never leaves a PostgreSQL migration half applied",
          "[crash][postgresql]") {
    if (!requireAvailable(backendKind("postgresql"))) return;
    auto target = postgresTarget();
    crashCampaign(*target, killsPerDialect(), migrationsPerCampaign(), rowsPerTable());
}
#endif

}  // namespace ob::migrate::test

namespace ob::migrate::test {

// The checks themselves: states a half-applied or doubly recorded migration would leave are caught.
TEST_CASE("the crash checks catch a half-applied migration and a doubled record", "[harness][sqlite]") {
    const Workload w = Workload::make("sqlite", 6, 10);
    Workload firstThree = w;
    firstThree.entries.resize(3);
    TempDir folder;
    firstThree.write(folder.path());
    const auto db = backendKind("sqlite").freshDatabase();
    const std::string path = db->url();
    auto r = runProcess({cliPath(), "--db-type", "sqlite", "--url", path, "--dir", folder.path().string(), "migrate"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    auto inspector = sqliteInspector(path);
    REQUIRE(checkInvariants(*inspector, w) == 3);

    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    SECTION("a table of an unrecorded migration") {
        raw.exec("CREATE TABLE \"r3_a\" (\"id\" integer PRIMARY KEY NOT NULL, \"v\" text NOT NULL)");
        CHECK_THROWS_WITH(checkInvariants(*inspector, w), Catch::Matchers::Contains("half applied"));
    }
    SECTION("a column of an unrecorded migration") {
        raw.exec("ALTER TABLE \"r1_a\" ADD COLUMN \"c3\" text");
        CHECK_THROWS_WITH(checkInvariants(*inspector, w), Catch::Matchers::Contains("c3"));
    }
    SECTION("a recorded migration whose table is gone") {
        raw.exec("DROP TABLE \"r2_b\"");
        CHECK_THROWS_WITH(checkInvariants(*inspector, w), Catch::Matchers::Contains("is missing"));
    }
    SECTION("a migration recorded twice") {
        raw.exec("INSERT INTO \"__drizzle_migrations\" (hash, created_at) SELECT hash, created_at FROM "
                 "\"__drizzle_migrations\" WHERE created_at = 1700000001000");
        CHECK_THROWS_WITH(checkInvariants(*inspector, w), Catch::Matchers::Contains("recorded twice"));
    }
    SECTION("a stray table") {
        raw.exec("CREATE TABLE \"__new_r1_b\" (\"id\" integer)");
        CHECK_THROWS_WITH(checkInvariants(*inspector, w), Catch::Matchers::Contains("unexpected table"));
    }
}

}  // namespace ob::migrate::test
