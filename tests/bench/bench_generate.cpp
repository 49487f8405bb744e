// ob::migrate::generate on the schema workloads/gen_schema.py writes for drizzle-kit: N tables of 6
// columns (parent_id references the previous table) and an index each, written with the DSL.
//
//   bench_generate [google benchmark flags]
//   bench_generate probe-generate <sqlite|postgresql> <tables> <out folder> [--changed K]
//
// The probe is what `.ci/bench` times as a whole process, like a drizzle-kit process: build the
// DSL schema, generate into <out folder> (a new folder: the "from empty" migration; an existing one:
// the next migration). --changed K adds a nullable `note` column to K tables spread over the
// schema, like gen_schema.py --changed. Prints {"ms": ..., "written": true|false} (in-process time).
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <cstring>
#include <iostream>

#include "bench_support.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif

namespace ob::migrate::bench {
namespace {

bool failed = false;

std::string tableName(int i, int n) {
    const int width = std::max<int>(4, static_cast<int>(std::to_string(n - 1).size()));
    return fmt::format("t{:0{}}", i, width);
}

/// The DSL twin of gen_schema.py's schema.ts for `dialect`.
dsl::Definition syntheticSchema(const std::string& dialect, int n, int changed = 0) {
    using namespace dsl;
    const int step = changed ? std::max(1, n / changed) : 0;
    std::vector<TableBuilder> tables;
    tables.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const std::string t = tableName(i, n);
        std::vector<ColumnBuilder> columns;
        if (dialect == "sqlite") {
            columns = {integer("id").primaryKey(), text("name").notNull(), real("amount").notNull().defaultValue(0),
                       integer("created_at").notNull(), integer("active").notNull().defaultValue(true),
                       integer("parent_id")};
        } else {
            columns = {serial("id").primaryKey(), text("name").notNull(),
                       numeric("amount", 12, 2).notNull().defaultValue("0"),
                       timestamp("created_at").notNull().defaultNow(), boolean("active").notNull().defaultValue(true),
                       integer("parent_id")};
        }
        if (i > 0) columns.back().references(tableName(i - 1, n), "id");
        if (changed && i % step == 0 && i / step < changed) columns.push_back(text("note"));
        tables.push_back(table(t, std::move(columns)).index(t + "_name_idx", {"name"}));
    }
    return schema(std::move(tables));
}

std::unique_ptr<SqlRenderer> rendererFor(const std::string& dialect) {
    if (dialect == "sqlite") return std::make_unique<sqlite::Renderer>();
#ifdef OB_MIGRATE_HAVE_POSTGRES
    if (dialect == "postgresql") return std::make_unique<postgres::Renderer>();
#endif
    throw std::runtime_error("unsupported dialect " + dialect);
}

GenerateOptions options() {
    GenerateOptions o;
    o.name = "bench";
    return o;
}

void generateFromEmpty(benchmark::State& state, const std::string& dialect) {
    try {
        const int n = static_cast<int>(state.range(0));
        auto renderer = rendererFor(dialect);
        test::TempDir dir;
        int run = 0;
        for (auto _ : state) {
            const auto folder = dir.path() / std::to_string(run++);
            auto result = generate(syntheticSchema(dialect, n), folder, *renderer, options());
            if (!result.written) throw std::runtime_error("nothing was generated");
        }
    } catch (const std::exception& e) {
        failed = true;
        state.SkipWithError(e.what());
    }
}

void generateNothingChanged(benchmark::State& state, const std::string& dialect) {
    try {
        const int n = static_cast<int>(state.range(0));
        auto renderer = rendererFor(dialect);
        test::TempDir dir;
        generate(syntheticSchema(dialect, n), dir.path(), *renderer, options());
        for (auto _ : state) {
            auto result = generate(syntheticSchema(dialect, n), dir.path(), *renderer, options());
            if (result.written) throw std::runtime_error("an unchanged schema generated a migration");
        }
    } catch (const std::exception& e) {
        failed = true;
        state.SkipWithError(e.what());
    }
}

int probeGenerate(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: bench_generate probe-generate <sqlite|postgresql> <tables> <out folder> [--changed K]\n";
        return 2;
    }
    const std::string dialect = argv[2];
    const int n = std::atoi(argv[3]);
    const int changed = argc > 6 && std::strcmp(argv[5], "--changed") == 0 ? std::atoi(argv[6]) : 0;
    const auto t0 = Clock::now();
    auto renderer = rendererFor(dialect);
    auto result = generate(syntheticSchema(dialect, n, changed), argv[4], *renderer, options());
    const double ms = millisecondsSince(t0);
    fmt::print("{{\"ms\": {:.3f}, \"written\": {}}}\n", ms, result.written);
    return 0;
}

}  // namespace
}  // namespace ob::migrate::bench

int main(int argc, char** argv) {
    using namespace ob::migrate::bench;
    if (argc > 1 && std::strcmp(argv[1], "probe-generate") == 0) {
        try {
            return probeGenerate(argc, argv);
        } catch (const std::exception& e) {
            std::cerr << "bench_generate: " << e.what() << '\n';
            return 1;
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    std::vector<std::string> dialects{"sqlite"};
#ifdef OB_MIGRATE_HAVE_POSTGRES
    dialects.push_back("postgresql");
#endif
    for (const auto& d : dialects) {
        benchmark::RegisterBenchmark(("generate_from_empty/" + d).c_str(), generateFromEmpty, d)
            ->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
        benchmark::RegisterBenchmark(("generate_nothing_changed/" + d).c_str(), generateNothingChanged, d)
            ->Arg(1000)->Unit(benchmark::kMillisecond)->UseRealTime();
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return failed ? 1 : 0;
}
