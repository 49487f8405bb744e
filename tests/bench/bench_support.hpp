// Helpers of the benchmarks: the synthetic workloads (workloads/gen_folder.py), scratch SQLite files
// and PostgreSQL databases, and a clock. No Catch2 here: benchmark executables have their own main.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ob/migrate/embedded.hpp"

namespace ob::migrate::bench {

using Clock = std::chrono::steady_clock;

inline double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values);

/// A directory under the system temp dir, removed with everything in it by the destructor.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

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

/// OB_MIGRATE_TEST_PG_URL, or nullopt when unset or empty.
std::optional<std::string> pgServerUrl();

/// `url` (postgresql:// URL or libpq keyword string) pointing at `database` instead.
std::string withDatabase(const std::string& url, const std::string& database);

/// An empty database `ob_bench_<random>` on the server, dropped WITH (FORCE) by the destructor.
class ScratchPgDatabase {
public:
    explicit ScratchPgDatabase(std::string serverUrl);
    ~ScratchPgDatabase();
    ScratchPgDatabase(const ScratchPgDatabase&) = delete;
    ScratchPgDatabase& operator=(const ScratchPgDatabase&) = delete;
    const std::string& url() const noexcept { return url_; }

private:
    std::string serverUrl_, name_, url_;
};

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
