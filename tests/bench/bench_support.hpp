// Helpers of the benchmarks: the synthetic workloads (workloads/gen_folder.py) and a clock. Scratch
// folders and fresh SQLite / PostgreSQL databases come from the test harness's part without Catch2
// (tests/support/backends.hpp): benchmark executables have their own main.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "backends.hpp"
#include "ob/migrate/embedded.hpp"
#include "support.hpp"
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include "pg_scratch.hpp"
#endif

namespace ob::migrate::bench {

using Clock = std::chrono::steady_clock;

inline double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values);

#ifdef OB_MIGRATE_HAVE_POSTGRES
using test::pgServerUrl;
#endif

/// What gen_folder.py writes: `migrations` migrations of 10 statements (9 with `noAlter`).
struct Workload {
    std::string dialect;  ///< "sqlite" or "postgresql"
    int migrations = 0;
    bool noAlter = false;
    std::string name() const;  ///< e.g. "sqlite-1000-noalter": its folder name
};

/// The folder of `workload` under `root`, generated on first use (python3 workloads/gen_folder.py).
/// Throws std::runtime_error when the generator fails.
std::filesystem::path workloadFolder(const std::filesystem::path& root, const Workload& workload);

/// Runs argv (argv[0] looked up on PATH), waits; returns the exit code (128 + signal when killed).
int runCommand(const std::vector<std::string>& argv);

/// A folder as ob_migrate_embed() would compile it, built here from the files: bytes in memory.
class EmbeddedCopy {
public:
    explicit EmbeddedCopy(const std::filesystem::path& folder);
    EmbeddedCopy(const EmbeddedCopy&) = delete;
    EmbeddedCopy& operator=(const EmbeddedCopy&) = delete;
    const EmbeddedFolder& folder() const noexcept { return folder_; }

private:
    std::string journal_, journalHash_;
    std::vector<std::string> bytes_, names_, hashes_;
    std::vector<EmbeddedFile> files_;
    EmbeddedFolder folder_{};
};

}  // namespace ob::migrate::bench
