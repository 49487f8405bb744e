#include "support.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "ob/migrate/journal.hpp"

extern char** environ;

namespace ob::migrate::test {

TempDir::TempDir() {
    std::random_device rd;
    auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = base / fmt::format("ob-migrate-test-{:08x}", rd());
        if (std::filesystem::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeText(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

void writeFolder(const std::filesystem::path& dir, const std::string& dialect, const std::vector<FolderEntry>& entries) {
    Journal journal;
    journal.dialect = dialect;
    std::size_t idx = 0;
    for (const auto& e : entries) {
        JournalEntry j;
        j.idx = idx;
        j.version = Journal::entryVersionFor(dialect);
        j.when = e.when ? e.when : 1700000000000 + static_cast<std::int64_t>(idx) * 1000;
        j.tag = e.tag;
        j.breakpoints = e.breakpoints;
        journal.entries.push_back(j);
        writeText(dir / (e.tag + ".sql"), e.sql);
        ++idx;
    }
    writeText(dir / "meta" / "_journal.json", journal.toJson());
}

namespace {
struct Child {
    pid_t pid;
    int outFd, errFd;
};

/// In a forked child: adds `env` and replaces the process with `argv` (exit 127 when that fails).
[[noreturn]] void execChild(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    for (const auto& kv : env) putenv(const_cast<char*>(kv.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
}

Child spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env, int gateFd = -1,
            int gateWriteFd = -1) {
    int out[2], err[2];
    if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]);
        close(err[0]);
        if (gateWriteFd >= 0) close(gateWriteFd);
        if (gateFd >= 0) {  // wait until the parent releases every child at once
            char c;
            while (read(gateFd, &c, 1) < 0) {
            }
        }
        execChild(argv, env);
    }
    close(out[1]);
    close(err[1]);
    return Child{pid, out[0], err[0]};
}

ProcessResult collect(const Child& c) {
    ProcessResult r;
    // Read both pipes until closed, so a chatty child never blocks.
    pollfd fds[2] = {{c.outFd, POLLIN, 0}, {c.errFd, POLLIN, 0}};
    int open = 2;
    char buf[4096];
    while (open > 0) {
        if (poll(fds, 2, -1) < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                (i == 0 ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    int status = 0;
    waitpid(c.pid, &status, 0);
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}
}  // namespace

ProcessResult runProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    return collect(spawn(argv, env));
}

std::vector<ProcessResult> runConcurrently(const std::vector<std::string>& argv, int count,
                                           const std::vector<std::string>& env) {
    int gate[2];
    if (pipe(gate) != 0) throw std::runtime_error("pipe failed");
    std::vector<Child> children;
    for (int i = 0; i < count; ++i) children.push_back(spawn(argv, env, gate[0], gate[1]));
    close(gate[0]);
    close(gate[1]);  // EOF releases every child at the same moment
    std::vector<ProcessResult> results;
    for (const auto& c : children) results.push_back(collect(c));
    return results;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                                     const std::string& workingDirectory) {
    const std::string out = (logs_ / "stdout").string(), err = (logs_ / "stderr").string();
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1);
        dup2(e, 2);
        if (!workingDirectory.empty() && chdir(workingDirectory.c_str()) != 0) _exit(126);
        execChild(argv, env);
    }
    pid_ = pid;
}

BackgroundProcess::~BackgroundProcess() { stop(); }

bool BackgroundProcess::running() {
    if (pid_ < 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exitCode_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        pid_ = -1;
        return false;
    }
    return true;
}

int BackgroundProcess::stop() {
    if (!running()) return exitCode_;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 100 && running(); ++i) usleep(20000);
    if (running()) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        exitCode_ = 128 + SIGKILL;
        pid_ = -1;
    }
    return exitCode_;
}

std::string BackgroundProcess::output() const {
    auto read = [](const std::filesystem::path& f) {
        std::error_code ec;
        return std::filesystem::exists(f, ec) ? readText(f) : std::string();
    };
    return read(logs_ / "stdout") + read(logs_ / "stderr");
}

int freePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("cannot find a free port");
    int port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

}  // namespace ob::migrate::test
