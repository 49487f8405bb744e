// bench_fresh_db: a fresh test database by migrating an in-memory SQLite database, against
// ob::migrate::testing::freshDatabase (clone of a once-migrated image). Prints both and the ratio.
//
//   bench_fresh_db [--migrations=<folder>] [Google Benchmark flags]
// The folder defaults to env OB_MIGRATE_BENCH_MIGRATIONS, then to the Badges example's
// examples/badges-server/drizzle/migrations (12 tables).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "ob/migrate/sqlite/testing.hpp"

namespace om = ob::migrate;

namespace {

const om::MigrationSet* gSet = nullptr;
int gTables = 0;

int tableCount(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    q.executeStep();
    return q.getColumn(0).getInt();
}

SQLite::Database migrated(const om::MigrationSet& set) {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA foreign_keys=ON");  // as freshDatabase() migrates: like for like
    om::sqlite::Dialect dialect(db);
    om::Migrator(dialect, set).upToDate();
    return db;
}

void freshByMigrating(benchmark::State& state) {
    for (auto _ : state) {
        SQLite::Database db = migrated(*gSet);
        benchmark::DoNotOptimize(db.getHandle());
    }
    SQLite::Database check = migrated(*gSet);
    if (tableCount(check) != gTables) state.SkipWithError("the migrated database lacks tables");
}

void freshByCloning(benchmark::State& state) {
    om::testing::freshDatabase(*gSet);  // the one migration per process, outside the timing
    for (auto _ : state) {
        SQLite::Database db = om::testing::freshDatabase(*gSet);
        benchmark::DoNotOptimize(db.getHandle());
    }
    SQLite::Database check = om::testing::freshDatabase(*gSet);
    if (tableCount(check) != gTables) state.SkipWithError("the cloned database lacks tables");
}

struct Timing {
    double realUs = 0, cpuUs = 0;  ///< per iteration
};

/// The console output, plus each benchmark's times per iteration for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
            const double toUs = 1e6 / benchmark::GetTimeUnitMultiplier(run.time_unit);
            timings[run.run_name.function_name] = {run.GetAdjustedRealTime() * toUs, run.GetAdjustedCPUTime() * toUs};
        }
    }
    std::map<std::string, Timing> timings;
};

std::string migrationsFolder(int& argc, char** argv) {
    std::optional<std::string> folder;
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--migrations=", 0) == 0)
            folder = arg.substr(13);
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    if (folder) return *folder;
    if (const char* env = std::getenv("OB_MIGRATE_BENCH_MIGRATIONS"); env && *env) return env;
    return OB_MIGRATE_SOURCE_DIR "/examples/badges-server/drizzle/migrations";
}

}  // namespace

int main(int argc, char** argv) {
    const std::string folder = migrationsFolder(argc, argv);
    std::optional<om::MigrationSet> set;
    try {
        set = om::MigrationSet::fromDirectory(folder);
        SQLite::Database reference = migrated(*set);
        gTables = tableCount(reference);  // the tracking table included
    } catch (const std::exception& e) {
        fmt::print(stderr, "bench_fresh_db: {}\n  (pass --migrations=<folder> or set OB_MIGRATE_BENCH_MIGRATIONS)\n",
                   e.what());
        return 2;
    }
    gSet = &*set;

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RegisterBenchmark("fresh_db/migrate", freshByMigrating)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("fresh_db/clone", freshByCloning)->Unit(benchmark::kMicrosecond);

    SummaryReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();

    fmt::print("\n{}: {} migrations, {} tables\n", folder, set->size(), gTables - 1);
    const auto& t = reporter.timings;
    auto migrate = t.find("fresh_db/migrate"), clone = t.find("fresh_db/clone");
    if (migrate != t.end())
        fmt::print("fresh test database by migrating: {:10.1f} us wall {:10.1f} us CPU\n", migrate->second.realUs,
                   migrate->second.cpuUs);
    if (clone != t.end())
        fmt::print("fresh test database by cloning:   {:10.1f} us wall {:10.1f} us CPU\n", clone->second.realUs,
                   clone->second.cpuUs);
    if (migrate != t.end() && clone != t.end() && clone->second.realUs > 0 && clone->second.cpuUs > 0)
        fmt::print("cloning is {:.1f} times faster (wall), {:.1f} times (CPU)\n",
                   migrate->second.realUs / clone->second.realUs, migrate->second.cpuUs / clone->second.cpuUs);
    return 0;
}
