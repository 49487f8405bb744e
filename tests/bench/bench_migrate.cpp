// ob::migrate in process: boot with nothing to do, loading a folder, applying a whole folder, on
// SQLite files and (with OB_MIGRATE_TEST_PG_URL) PostgreSQL. Google Benchmark drives the
// benchmarks; `.ci/bench` runs them side by side with Drizzle and the raw floor.
//
//   bench_migrate [google benchmark flags]
//   bench_migrate probe-boot  <sqlite|postgresql> <db file|url> <folder> [warm calls [--embedded]]
//   bench_migrate probe-apply <sqlite|postgresql> <db file|url> <folder> [--all-in-one]
//   bench_migrate probe-floor <sqlite|postgresql> <db file|url> [warm calls]
//
// The probes time one fresh process the way tests/bench/drizzle/*.mjs time drizzle-orm, and print
// one JSON line: probe-boot {"first_ms": open + load folder + first upToDate(), its three parts
// "open_ms", "load_ms", "first_up_to_date_ms", "warm_ms": median of the following upToDate()
// calls, "floor_warm_ms" (and "select1_ms"): the floor's, interleaved with them}; probe-apply {"ms": open + load + upToDate()}; probe-floor the same two figures of the
// floor (bench_floor.hpp: open/connect + one query of the tracking table, then that query alone),
// plus "select1_ms" on PostgreSQL.
// Workload folders come from $OB_BENCH_WORKLOADS when set (generated there when missing).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>

#include "bench_floor.hpp"
#include "bench_support.hpp"
#include "ob/migrate/embedded.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include <pqxx/pqxx>

#include "ob/migrate/postgres/dialect.hpp"
#endif

namespace ob::migrate::bench {
namespace {

bool failed = false;

std::unique_ptr<Dialect> openDialect(const std::string& dialect, const std::string& target) {
    if (dialect == "sqlite") return std::make_unique<sqlite::Dialect>(target);
#ifdef OB_MIGRATE_HAVE_POSTGRES
    if (dialect == "postgresql") return std::make_unique<postgres::Dialect>(target);
#endif
    throw std::runtime_error("unsupported dialect " + dialect);
}

const std::filesystem::path& workloadRoot() {
    static test::TempDir scratch;
    static const std::filesystem::path root = [] {
        const char* env = std::getenv("OB_BENCH_WORKLOADS");
        return env && *env ? std::filesystem::path(env) : scratch.path();
    }();
    return root;
}

std::filesystem::path folderFor(const Workload& w) { return workloadFolder(workloadRoot(), w); }

/// A database of `dialect` that gets fresh for every call of fresh(): a fresh database of the test
/// harness (tests/support/backends.hpp), the previous one removed.
class Target {
public:
    explicit Target(std::string dialect) : dialect_(std::move(dialect)) {}
    const std::string& fresh() {
        db_.reset();
        db_ = test::backendKind(dialect_).freshDatabase();
        url_ = db_->url();
        return url_;
    }

private:
    std::string dialect_;
    std::unique_ptr<test::TestBackend> db_;
    std::string url_;
};

template <class F>
void guarded(benchmark::State& state, F&& body) {
    try {
        body();
    } catch (const std::exception& e) {
        failed = true;
        state.SkipWithError(e.what());
    }
}

// ---- boot with nothing to do ------------------------------------------------------------------

/// A database of `dialect` holding the 200-migration workload, prepared once per process (Google
/// Benchmark calls a benchmark function several times).
/// The prepared boot databases, dropped by main() before it returns: dropping a PostgreSQL one from
/// a static destructor runs libpqxx after its own statics are gone (it spun forever there).
std::map<std::string, std::pair<std::unique_ptr<Target>, std::string>>& bootDatabases() {
    static std::map<std::string, std::pair<std::unique_ptr<Target>, std::string>> prepared;
    return prepared;
}

const std::string& bootDatabase(const std::string& dialect) {
    auto& slot = bootDatabases()[dialect];
    if (!slot.first) {
        auto target = std::make_unique<Target>(dialect);
        std::string url = target->fresh();
        auto db = openDialect(dialect, url);
        Migrator migrator(*db, MigrationSet::fromDirectory(folderFor({dialect, 200})));
        if (migrator.upToDate().applied.size() != 200) throw std::runtime_error("setup did not apply 200 migrations");
        slot = {std::move(target), std::move(url)};
    }
    return slot.second;
}

void bootWarm(benchmark::State& state, const std::string& dialect) {
    guarded(state, [&] {
        auto db = openDialect(dialect, bootDatabase(dialect));
        Migrator migrator(*db, MigrationSet::fromDirectory(folderFor({dialect, 200})));
        for (auto _ : state) {
            Report report = migrator.upToDate();
            if (!report.applied.empty()) throw std::runtime_error("a no-op boot applied something");
            benchmark::DoNotOptimize(report);
        }
    });
}

void bootFirstCall(benchmark::State& state, const std::string& dialect) {
    guarded(state, [&] {
        const std::string& url = bootDatabase(dialect);
        const auto folder = folderFor({dialect, 200});
        for (auto _ : state) {
            auto db = openDialect(dialect, url);
            Migrator migrator(*db, MigrationSet::fromDirectory(folder));
            Report report = migrator.upToDate();
            if (!report.applied.empty()) throw std::runtime_error("a no-op boot applied something");
            benchmark::DoNotOptimize(report);
        }
    });
}

void loadFolder(benchmark::State& state) {
    guarded(state, [&] {
        const auto folder = folderFor({"sqlite", static_cast<int>(state.range(0))});
        for (auto _ : state) {
            auto set = MigrationSet::fromDirectory(folder);
            benchmark::DoNotOptimize(set);
        }
    });
}

/// The same folder compiled into the program (ob_migrate_embed): no file I/O, the hashes checked.
void loadEmbeddedFolder(benchmark::State& state) {
    guarded(state, [&] {
        const EmbeddedCopy embedded(folderFor({"sqlite", static_cast<int>(state.range(0))}));
        for (auto _ : state) {
            auto loaded = loadEmbedded(embedded.folder());
            benchmark::DoNotOptimize(loaded);
        }
    });
}

// ---- applying a whole folder to an empty database ---------------------------------------------

void apply(benchmark::State& state, const std::string& dialect, bool noAlter, TransactionMode mode) {
    guarded(state, [&] {
        const auto set = MigrationSet::fromDirectory(folderFor({dialect, static_cast<int>(state.range(0)), noAlter}));
        Target target(dialect);
        MigratorOptions options;
        options.transactionMode = mode;
        for (auto _ : state) {
            state.PauseTiming();
            const std::string url = target.fresh();
            MigrationSet copy = set;
            state.ResumeTiming();
            auto db = openDialect(dialect, url);
            Migrator migrator(*db, std::move(copy), options);
            if (migrator.upToDate().applied.size() != set.size()) throw std::runtime_error("not everything applied");
        }
    });
}

/// The warm floor: the tracking table's query alone, on an open connection (bench_floor.hpp).
void floorWarm(benchmark::State& state, const std::string& dialect) {
    guarded(state, [&] {
        const std::string& target = bootDatabase(dialect);
        if (dialect == "sqlite") {
            SqliteFloor floor(target);
            for (auto _ : state)
                if (floor.query() != 200) throw std::runtime_error("the floor query did not read 200 rows");
            return;
        }
#ifdef OB_MIGRATE_HAVE_POSTGRES
        PgFloor floor(target);
        for (auto _ : state)
            if (floor.query() != 200) throw std::runtime_error("the floor query did not read 200 rows");
#endif
    });
}

#ifdef OB_MIGRATE_HAVE_POSTGRES
// The floor of an answer the server computes: one raw libpq round trip.
void pgRoundTrip(benchmark::State& state) {
    guarded(state, [&] {
        PgFloor floor(*pgServerUrl());
        for (auto _ : state) floor.selectOne();
    });
}

void pgConnect(benchmark::State& state) {
    guarded(state, [&] {
        for (auto _ : state) {
            pqxx::connection c(*pgServerUrl());
            benchmark::DoNotOptimize(c.server_version());
        }
    });
}
#endif

void registerBenchmarks() {
    using benchmark::RegisterBenchmark;
    std::vector<std::string> dialects{"sqlite"};
#ifdef OB_MIGRATE_HAVE_POSTGRES
    if (pgServerUrl()) dialects.push_back("postgresql");
    else std::cerr << "note: OB_MIGRATE_TEST_PG_URL is not set: PostgreSQL benchmarks left out\n";
#endif
    for (const std::string& d : dialects) {
        RegisterBenchmark(("boot_warm/" + d + "/200").c_str(), bootWarm, d)->Unit(benchmark::kMicrosecond);
        RegisterBenchmark(("boot_first_call/" + d + "/200").c_str(), bootFirstCall, d)->Unit(benchmark::kMicrosecond);
        RegisterBenchmark(("floor_warm/" + d + "/200").c_str(), floorWarm, d)->Unit(benchmark::kMicrosecond);
    }
    RegisterBenchmark("load_folder/sqlite", loadFolder)->Arg(200)->Arg(1000)->Unit(benchmark::kMicrosecond);
    RegisterBenchmark("load_embedded/sqlite", loadEmbeddedFolder)->Arg(200)->Unit(benchmark::kMicrosecond);
#ifdef OB_MIGRATE_HAVE_POSTGRES
    if (pgServerUrl()) {
        RegisterBenchmark("pg_round_trip", pgRoundTrip)->Unit(benchmark::kMicrosecond);
        RegisterBenchmark("pg_connect", pgConnect)->Unit(benchmark::kMicrosecond);
    }
#endif
    for (const std::string& d : dialects) {
        for (bool noAlter : {false, true}) {
            if (noAlter && d != "sqlite") continue;  // the variant isolates SQLite's ALTER cost
            const std::string suffix = noAlter ? "-noalter" : "";
            RegisterBenchmark(("apply_per_migration/" + d + suffix).c_str(), apply, d, noAlter,
                              TransactionMode::PerMigration)
                ->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
            RegisterBenchmark(("apply_all_in_one/" + d + suffix).c_str(), apply, d, noAlter, TransactionMode::AllInOne)
                ->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
        }
    }
}

// ---- probes: one fresh process, timed like the Drizzle scripts --------------------------------

int probeBoot(const std::string& dialect, const std::string& target, const std::string& folder, int warmCalls,
              bool embedded) {
    // --embedded: the folder's bytes in memory beforehand, as ob_migrate_embed() compiles them.
    std::unique_ptr<EmbeddedCopy> copy = embedded ? std::make_unique<EmbeddedCopy>(folder) : nullptr;
    const auto t0 = Clock::now();
    auto db = openDialect(dialect, target);
    const double openMs = millisecondsSince(t0);
    auto t = Clock::now();
    Migrator migrator(*db, copy ? loadEmbedded(copy->folder()) : MigrationSet::fromDirectory(folder));
    const double loadMs = millisecondsSince(t);
    t = Clock::now();
    Report first = migrator.upToDate();
    const double upToDateMs = millisecondsSince(t);
    const double firstMs = millisecondsSince(t0);
    if (!first.applied.empty()) throw std::runtime_error("probe-boot needs a database with everything applied");
    // Warm calls, each followed by the floor's query on a raw connection of its own to the same
    // database: interleaved, so a loaded machine slows both alike.
    std::vector<double> warm, floorWarm, selectOne;
    auto time = [](std::vector<double>& into, auto&& f) {
        const auto t = Clock::now();
        f();
        into.push_back(millisecondsSince(t));
    };
    std::unique_ptr<SqliteFloor> sqliteFloor;
#ifdef OB_MIGRATE_HAVE_POSTGRES
    std::unique_ptr<PgFloor> pgFloor;
#endif
    if (dialect == "sqlite") {
        sqliteFloor = std::make_unique<SqliteFloor>(target);
        sqliteFloor->query();
    }
#ifdef OB_MIGRATE_HAVE_POSTGRES
    else {
        pgFloor = std::make_unique<PgFloor>(target);
        pgFloor->query();
    }
#endif
    for (int i = 0; i < warmCalls; ++i) {
        time(warm, [&] { migrator.upToDate(); });
        if (sqliteFloor) time(floorWarm, [&] { sqliteFloor->query(); });
#ifdef OB_MIGRATE_HAVE_POSTGRES
        if (pgFloor) {
            time(floorWarm, [&] { pgFloor->query(); });
            time(selectOne, [&] { pgFloor->selectOne(); });
        }
#endif
    }
    fmt::print("{{\"first_ms\": {:.4f}, \"open_ms\": {:.4f}, \"load_ms\": {:.4f}, \"first_up_to_date_ms\": {:.4f}, "
               "\"warm_ms\": {:.4f}, \"floor_warm_ms\": {:.4f}, \"select1_ms\": {:.4f}}}\n",
               firstMs, openMs, loadMs, upToDateMs, median(warm), median(floorWarm),
               selectOne.empty() ? 0.0 : median(selectOne));
    return 0;
}

int probeApply(const std::string& dialect, const std::string& target, const std::string& folder, bool allInOne) {
    MigratorOptions options;
    options.transactionMode = allInOne ? TransactionMode::AllInOne : TransactionMode::PerMigration;
    const auto t0 = Clock::now();
    auto db = openDialect(dialect, target);
    Migrator migrator(*db, MigrationSet::fromDirectory(folder), options);
    const std::size_t applied = migrator.upToDate().applied.size();
    const double ms = millisecondsSince(t0);
    if (applied != migrator.migrations().size()) throw std::runtime_error("not every migration was applied");
    fmt::print("{{\"ms\": {:.3f}}}\n", ms);
    return 0;
}

int probeFloor(const std::string& dialect, const std::string& target, int warmCalls) {
    std::vector<double> warm, selectOne;
    auto t0 = Clock::now();
    if (dialect == "sqlite") {
        SqliteFloor floor(target);
        floor.query();
        const double firstMs = millisecondsSince(t0);
        for (int i = 0; i < warmCalls; ++i) {
            const auto t = Clock::now();
            floor.query();
            warm.push_back(millisecondsSince(t));
        }
        fmt::print("{{\"first_ms\": {:.4f}, \"warm_ms\": {:.4f}}}\n", firstMs, median(warm));
        return 0;
    }
#ifdef OB_MIGRATE_HAVE_POSTGRES
    PgFloor floor(target);
    floor.query();
    const double firstMs = millisecondsSince(t0);
    for (int i = 0; i < warmCalls; ++i) {
        auto t = Clock::now();
        floor.query();
        warm.push_back(millisecondsSince(t));
        t = Clock::now();
        floor.selectOne();
        selectOne.push_back(millisecondsSince(t));
    }
    fmt::print("{{\"first_ms\": {:.4f}, \"warm_ms\": {:.4f}, \"select1_ms\": {:.4f}}}\n", firstMs, median(warm),
               median(selectOne));
    return 0;
#else
    throw std::runtime_error("built without PostgreSQL");
#endif
}

int probe(int argc, char** argv) {
    const std::string mode = argv[1];
    if (mode == "probe-floor" && argc >= 4) return probeFloor(argv[2], argv[3], argc > 4 ? std::atoi(argv[4]) : 30);
    if (argc < 5) {
        std::cerr << "usage: bench_migrate probe-boot|probe-apply <sqlite|postgresql> <db|url> <folder> [...]\n";
        return 2;
    }
    if (mode == "probe-boot")
        return probeBoot(argv[2], argv[3], argv[4], argc > 5 ? std::atoi(argv[5]) : 30,
                         argc > 6 && std::strcmp(argv[6], "--embedded") == 0);
    return probeApply(argv[2], argv[3], argv[4], argc > 5 && std::strcmp(argv[5], "--all-in-one") == 0);
}

}  // namespace
}  // namespace ob::migrate::bench

int main(int argc, char** argv) {
    using namespace ob::migrate::bench;
    if (argc > 1 && std::strncmp(argv[1], "probe-", 6) == 0) {
        try {
            return probe(argc, argv);
        } catch (const std::exception& e) {
            std::cerr << "bench_migrate: " << e.what() << '\n';
            return 1;
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    registerBenchmarks();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    bootDatabases().clear();
    return failed ? 1 : 0;
}
