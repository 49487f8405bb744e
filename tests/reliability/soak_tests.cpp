// Concurrency soak: rounds of 16 `ob-migrate migrate` processes released at the same moment on one
// database. Every process exits 0, every migration is applied exactly once, the schema is the one
// an uninterrupted single run gives, and a round that takes longer than its timeout fails (its
// processes are killed) instead of hanging.
//
// Quick by default (3 rounds per dialect); OB_MIGRATE_RELIABILITY_FULL=1 makes it 20 per dialect.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <regex>

#include "processes.hpp"
#include "targets.hpp"

#include "backends.hpp"

namespace ob::migrate::test {
namespace {

constexpr int kProcesses = 16;
constexpr auto kRoundTimeout = std::chrono::seconds(180);

std::string describe(const Outcome& o) {
    return o.exited ? fmt::format("exit {}", o.exitCode) : fmt::format("killed by signal {}", o.signal);
}

void soak(DbTarget& target, int rounds) {
    const int migrations = 24;
    const Workload w = Workload::make(target.dialect(), migrations, 300);
    TempDir folder, firstHalf;
    w.write(folder.path());
    Workload half = w;
    half.entries.resize(migrations / 2);
    half.write(firstHalf.path());

    // The reference schema: one process, uninterrupted.
    auto reference = runTogether({target.migrateCommand(folder.path())}, kRoundTimeout);
    REQUIRE_FALSE(reference.timedOut);
    REQUIRE(reference.outcomes.front().exitCode == 0);
    const std::string expected = target.inspector()->fingerprint();

    const std::regex appliedLine(R"(^applied (\S+) in )");
    for (int round = 0; round < rounds; ++round) {
        target.reset();
        // Odd rounds start from a database that already holds the first half.
        std::size_t preApplied = 0;
        if (round % 2 == 1) {
            auto pre = runTogether({target.migrateCommand(firstHalf.path())}, kRoundTimeout);
            REQUIRE(pre.outcomes.front().exitCode == 0);
            preApplied = half.entries.size();
        }
        std::vector<std::vector<std::string>> argvs;
        for (int p = 0; p < kProcesses; ++p)  // a quarter of them apply everything in one transaction
            argvs.push_back(target.migrateCommand(folder.path(), p % 4 == 3 ? std::vector<std::string>{"--all-in-one"}
                                                                             : std::vector<std::string>{}));
        const GroupResult result = runTogether(argvs, kRoundTimeout);
        INFO(fmt::format("{} round {} of {}: {} processes, {} ms", target.dialect(), round + 1, rounds, kProcesses,
                         result.elapsed.count()));
        if (result.timedOut) FAIL("the round did not finish within " << kRoundTimeout.count() << " s: deadlock or hang");

        std::map<std::string, int> appliedBy;  // tag -> processes that said they applied it
        for (std::size_t p = 0; p < result.outcomes.size(); ++p) {
            const Outcome& o = result.outcomes[p];
            INFO("process " << p << " (" << describe(o) << "):\n" << o.output);
            REQUIRE(o.exited);
            REQUIRE(o.exitCode == 0);
            std::istringstream lines(o.output);
            for (std::string line; std::getline(lines, line);) {
                std::smatch m;
                if (std::regex_search(line, m, appliedLine)) ++appliedBy[m[1]];
            }
        }
        for (std::size_t i = 0; i < w.expected.size(); ++i) {
            const std::string& tag = w.expected[i].tag;
            INFO("migration " << tag);
            CHECK(appliedBy[tag] == (i < preApplied ? 0 : 1));
        }
        target.settle();
        auto inspector = target.inspector();
        std::size_t recorded = 0;
        try {
            recorded = checkInvariants(*inspector, w);
        } catch (const std::exception& e) {
            FAIL(e.what());
        }
        REQUIRE(recorded == w.expected.size());
        REQUIRE(inspector->fingerprint() == expected);
    }
}

int rounds() { return fullMode() ? 20 : 3; }

}  // namespace

TEST_CASE("16 concurrent ob-migrate processes on one SQLite file apply each migration once", "[soak][sqlite]") {
    auto target = sqliteTarget();
    soak(*target, rounds());
}

#ifdef OB_MIGRATE_HAVE_POSTGRES
TEST_CASE("16 concurrent ob-migrate processes on one PostgreSQL database apply each migration once",
          "[soak][postgresql]") {
    if (!requireAvailable(backendKind("postgresql"))) return;
    auto target = postgresTarget();
    soak(*target, rounds());
}
#endif

}  // namespace ob::migrate::test
