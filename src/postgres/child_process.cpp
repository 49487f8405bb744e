#include "child_process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "ob/migrate/error.hpp"

extern char** environ;

namespace ob::migrate::postgres::detail {

namespace {
std::string systemError(const std::string& what, int error) {
    return fmt::format("{}: {}", what, std::strerror(error));
}

/// posix_spawn's file actions and attributes, destroyed on every path.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};
}  // namespace

void Fd::reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

Pipe::Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(systemError("cannot create a pipe", errno));
    read = Fd(fds[0]);
    write = Fd(fds[1]);
}

CaptureFile::CaptureFile() {
    std::string name = (std::filesystem::temp_directory_path() / "ob-migrate-XXXXXX").string();
    int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) throw Error(systemError("cannot create a temporary file in " + name, errno));
    fd_ = Fd(fd);
    ::unlink(name.c_str());
}

std::string CaptureFile::text() const {
    std::string out;
    char buffer[4096];
    for (off_t offset = 0;;) {
        ssize_t n = ::pread(fd_.get(), buffer, sizeof buffer, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buffer, static_cast<std::size_t>(n));
        offset += n;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\r')) out.pop_back();
    return out;
}

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::vector<std::string>& environment, const Io& io) {
    SpawnSetup setup;
    auto& actions = setup.actions;
    if (io.in >= 0)
        posix_spawn_file_actions_adddup2(&actions, io.in, STDIN_FILENO);
    else
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (io.out >= 0)
        posix_spawn_file_actions_adddup2(&actions, io.out, STDOUT_FILENO);
    else
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, stderr_.fd(), STDERR_FILENO);
    for (auto [fd, number] : io.extra) posix_spawn_file_actions_adddup2(&actions, fd, number);

    // A host that ignores or blocks SIGPIPE must not pass that on: a writer whose reader is gone dies.
    sigset_t none, pipeOnly;
    sigemptyset(&none);
    sigemptyset(&pipeOnly);
    sigaddset(&pipeOnly, SIGPIPE);
    posix_spawnattr_setsigmask(&setup.attributes, &none);
    posix_spawnattr_setsigdefault(&setup.attributes, &pipeOnly);
    posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);

    int rc = ::posix_spawn(&pid_, program.c_str(), &actions, &setup.attributes, argv.data(), envp.data());
    if (rc != 0) {
        pid_ = -1;
        throw Error(systemError("cannot run " + program, rc));
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && status_ < 0) {
        kill();
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

int ChildProcess::wait() {
    if (status_ >= 0 || pid_ <= 0) return status_;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
        if (errno != EINTR) throw Error(systemError(fmt::format("cannot wait for process {}", pid_), errno));
    }
    if (WIFSIGNALED(status)) {
        signal_ = WTERMSIG(status);
        status_ = 128 + signal_;
    } else {
        status_ = WEXITSTATUS(status);
    }
    return status_;
}

void ChildProcess::kill() noexcept {
    if (pid_ > 0 && status_ < 0) ::kill(pid_, SIGKILL);
}

std::pair<int, std::string> runForOutput(const std::string& program, const std::vector<std::string>& args,
                                         const std::vector<std::string>& environment) {
    CaptureFile out;
    ChildProcess child(program, args, environment, ChildProcess::Io{-1, out.fd(), {}});
    int rc = child.wait();
    return {rc, out.text()};
}

std::vector<std::string> environmentWith(const std::vector<std::string>& drop, const std::vector<std::string>& add) {
    std::vector<std::string> out;
    for (char** e = environ; e && *e; ++e) {
        std::string_view entry(*e);
        const std::string_view name = entry.substr(0, entry.find('='));
        bool dropped = false;
        for (const auto& d : drop) dropped = dropped || name == d;
        if (!dropped) out.emplace_back(entry);
    }
    out.insert(out.end(), add.begin(), add.end());
    return out;
}

}  // namespace ob::migrate::postgres::detail
