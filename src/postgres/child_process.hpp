// Running the PostgreSQL client programs (pg_dump, pg_restore, psql) without a shell.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace ob::migrate::postgres::detail {

/// An owned file descriptor, closed by the destructor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) noexcept : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const noexcept { return fd_; }
    void reset() noexcept;

private:
    int fd_ = -1;
};

/// A pipe whose two ends are closed on exec (a child gets one only through ChildProcess::Io).
struct Pipe {
    Pipe();
    Fd read, write;
};

/// An unlinked temporary file, for what a child prints.
class CaptureFile {
public:
    CaptureFile();
    int fd() const noexcept { return fd_.get(); }
    /// Everything written so far, trailing whitespace removed.
    std::string text() const;

private:
    Fd fd_;
};

/// A program started with posix_spawn. Its stderr goes to a CaptureFile; the destructor kills and
/// reaps a child that is still running and never throws.
class ChildProcess {
public:
    struct Io {
        int in = -1;                             ///< stdin; -1: /dev/null
        int out = -1;                            ///< stdout; -1: /dev/null
        std::vector<std::pair<int, int>> extra;  ///< {descriptor, number it gets in the child}
    };

    /// Runs `program` with `args` (argv[0] is `program`) and exactly `environment` ("NAME=value").
    /// Throws Error when it cannot be started.
    ChildProcess(const std::string& program, const std::vector<std::string>& args,
                 const std::vector<std::string>& environment, const Io& io);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// Waits for the end: the exit code, or 128 + the signal that ended it.
    int wait();
    /// SIGKILL, when still running.
    void kill() noexcept;
    /// Whether it was ended by `signal`; only after wait().
    bool killedBy(int signal) const noexcept { return signal_ == signal; }
    /// What it printed on stderr.
    std::string errorText() const { return stderr_.text(); }

private:
    CaptureFile stderr_;
    pid_t pid_ = -1;
    int status_ = -1;
    int signal_ = 0;
};

/// Runs `program args...` to its end with stdout captured: {exit code, stdout}.
std::pair<int, std::string> runForOutput(const std::string& program, const std::vector<std::string>& args,
                                         const std::vector<std::string>& environment);

/// This process's environment without the variables named in `drop`, plus `add`.
std::vector<std::string> environmentWith(const std::vector<std::string>& drop, const std::vector<std::string>& add);

}  // namespace ob::migrate::postgres::detail
