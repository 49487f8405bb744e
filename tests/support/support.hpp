// Helpers shared by the test executables: scratch folders, Drizzle-style migration folders,
// running the ob-migrate CLI as a child process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ob::migrate::test {

/// A fresh directory under the system temp dir, removed (recursively) by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct FolderEntry {
    std::string tag;
    std::string sql;
    std::int64_t when = 0;  ///< 0: 1700000000000 + idx * 1000
    bool breakpoints = true;
};

/// Writes a Drizzle Kit migrations folder (meta/_journal.json plus <tag>.sql files).
void writeFolder(const std::filesystem::path& dir, const std::string& dialect, const std::vector<FolderEntry>& entries);

std::string readText(const std::filesystem::path& file);
void writeText(const std::filesystem::path& file, const std::string& text);

/// Result of running a child process.
struct ProcessResult {
    int exitCode = -1;
    std::string out, err;
};

/// Runs `argv` (argv[0] is a path) with extra environment `env` ("NAME=value"), waits for it.
ProcessResult runProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

/// Starts `count` copies of `argv` at once (released together through a pipe) and waits for all.
std::vector<ProcessResult> runConcurrently(const std::vector<std::string>& argv, int count,
                                           const std::vector<std::string>& env = {});

/// A child process running in the background (a server), stopped (SIGTERM, then SIGKILL) by stop()
/// or the destructor. Its stdout and stderr go to files read by output().
class BackgroundProcess {
public:
    BackgroundProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                      const std::string& workingDirectory = {});
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    /// Whether it is still running (false once it exited).
    bool running();
    /// Stops it and returns its exit code (128 + signal when killed).
    int stop();
    /// What it printed so far, stdout then stderr.
    std::string output() const;

private:
    TempDir logs_;
    int pid_ = -1;
    int exitCode_ = -1;
};

/// A TCP port on 127.0.0.1 that was free a moment ago.
int freePort();

/// The ob-migrate binary built with the tests (OB_MIGRATE_CLI_PATH is set per test executable).
inline std::string cliPath() {
#ifdef OB_MIGRATE_CLI_PATH
    return OB_MIGRATE_CLI_PATH;
#else
    return "ob-migrate";
#endif
}

}  // namespace ob::migrate::test
