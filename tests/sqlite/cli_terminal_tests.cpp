// ob-migrate on a terminal: the `applying <tag> [i/n]` line is drawn before the migration runs, with
// the time elapsed, rewritten in place (\r) and cleared before the outcome is printed.
#include <catch2/catch.hpp>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <vector>

#include "support.hpp"

using namespace ob::migrate;

namespace {
/// Runs `argv` with its stdout and stderr on a new pseudo-terminal; returns what it wrote there.
std::string runOnTerminal(const std::vector<std::string>& argv, int& exitCode) {
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        setenv("TERM", "xterm", 1);
        execv(args[0], args.data());
        _exit(127);
    }
    std::string out;
    char buffer[4096];
    for (ssize_t n; (n = read(master, buffer, sizeof buffer)) > 0;) out.append(buffer, static_cast<std::size_t>(n));
    close(master);  // read() fails with EIO once the child closed its side
    int status = 0;
    waitpid(pid, &status, 0);
    exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}
}  // namespace

TEST_CASE("on a terminal, migrate shows the migration it is running with the time elapsed, then its outcome") {
    test::TempDir dir;
    test::writeFolder(dir.path(), "sqlite",
                      {{"0000_a", "CREATE TABLE a (x integer);"}, {"0001_b", "CREATE TABLE b (x integer);"}});
    int exitCode = -1;
    const std::string out = runOnTerminal({test::cliPath(), "--url", (dir / "app.db").string(), "--dir",
                                           dir.path().string(), "migrate"},
                                          exitCode);
    INFO(out);
    CHECK(exitCode == 0);
    // Drawn (and possibly redrawn) with the elapsed time, cleared with spaces, then the outcome.
    const std::regex drawn(R"(\rapplying 0000_a \[1/2\] \d+\.\d s(\rapplying 0000_a \[1/2\] \d+\.\d s)*\r +\r)"
                           R"(applied 0000_a in [^\n]+\[1/2\]\r?\n)");
    CHECK(std::regex_search(out, drawn));
    CHECK(std::regex_search(out, std::regex(R"(\rapplying 0001_b \[2/2\] \d+\.\d s)")));
    CHECK(out.find("applying 0000_a [1/2]\r\n") == std::string::npos);  // not the plain line of a pipe
}
