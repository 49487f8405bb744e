// Child processes the reliability tests start, kill and wait for with a deadline (the shared
// runProcess/runConcurrently in tests/support wait forever, which a hang would turn into a hung test).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace ob::migrate::test {

/// How a child ended.
struct Outcome {
    bool exited = false;   ///< exited by itself (exitCode valid)
    int exitCode = -1;
    int signal = 0;        ///< the signal that killed it, when it did not exit
    std::string output;    ///< stdout and stderr together
};

/// One running child with stdout+stderr captured to a file. The destructor kills and reaps it.
class Child {
public:
    /// Starts argv (argv[0] a path). With `gateFd` >= 0 the child waits until that pipe's write end
    /// closes before exec (so several children can be released at once).
    explicit Child(const std::vector<std::string>& argv, int gateFd = -1, int gateWriteFd = -1);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const noexcept { return pid_; }
    void kill(int signal) noexcept;
    /// Waits until the child ends or `deadline`; returns false on timeout (the child keeps running).
    bool waitUntil(std::chrono::steady_clock::time_point deadline);
    /// After waitUntil() returned true.
    const Outcome& outcome() const noexcept { return outcome_; }

private:
    pid_t pid_ = -1;
    std::string logPath_;
    bool reaped_ = false;
    Outcome outcome_;
};

/// Starts `count` copies of argv released at the same moment, waits for all of them until
/// `timeout`. On timeout every child still running is killed (SIGKILL) and `timedOut` is set.
struct GroupResult {
    std::vector<Outcome> outcomes;
    bool timedOut = false;
    std::chrono::milliseconds elapsed{0};
};
GroupResult runTogether(const std::vector<std::vector<std::string>>& argvs, std::chrono::milliseconds timeout);

}  // namespace ob::migrate::test
