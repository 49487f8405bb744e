#include "processes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ob::migrate::test {

namespace {
std::string newLogPath() {
    char path[] = "/tmp/ob-migrate-child-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) throw std::runtime_error("mkstemp failed");
    close(fd);
    return path;
}
}  // namespace

Child::Child(const std::vector<std::string>& argv, int gateFd, int gateWriteFd) : logPath_(newLogPath()) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        int log = open(logPath_.c_str(), O_WRONLY | O_TRUNC);
        int null = open("/dev/null", O_RDONLY);
        if (log >= 0) {
            dup2(log, 1);
            dup2(log, 2);
        }
        if (null >= 0) dup2(null, 0);
        if (gateWriteFd >= 0) close(gateWriteFd);
        if (gateFd >= 0) {
            char c;
            while (read(gateFd, &c, 1) < 0 && errno == EINTR) {
            }
            close(gateFd);
        }
        execv(args[0], args.data());
        _exit(127);
    }
}

Child::~Child() {
    if (!reaped_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    std::error_code ec;
    std::filesystem::remove(logPath_, ec);
}

void Child::kill(int signal) noexcept {
    if (!reaped_ && pid_ > 0) ::kill(pid_, signal);
}

bool Child::waitUntil(std::chrono::steady_clock::time_point deadline) {
    if (reaped_) return true;
    auto pause = std::chrono::microseconds(200);
    while (true) {
        int status = 0;
        pid_t r = waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            reaped_ = true;
            outcome_.exited = WIFEXITED(status);
            outcome_.exitCode = outcome_.exited ? WEXITSTATUS(status) : -1;
            outcome_.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
            std::ifstream in(logPath_);
            std::ostringstream text;
            text << in.rdbuf();
            outcome_.output = text.str();
            return true;
        }
        if (r < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(20000));
    }
}

GroupResult runTogether(const std::vector<std::vector<std::string>>& argvs, std::chrono::milliseconds timeout) {
    int gate[2];
    if (pipe(gate) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::unique_ptr<Child>> children;
    for (const auto& argv : argvs) children.push_back(std::make_unique<Child>(argv, gate[0], gate[1]));
    close(gate[0]);
    const auto start = std::chrono::steady_clock::now();
    close(gate[1]);  // EOF releases every child at once
    const auto deadline = start + timeout;
    GroupResult result;
    for (auto& c : children) {
        if (!c->waitUntil(deadline)) {
            result.timedOut = true;
            for (auto& other : children) other->kill(SIGKILL);
            for (auto& other : children) other->waitUntil(std::chrono::steady_clock::now() + std::chrono::seconds(10));
            break;
        }
    }
    result.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    for (auto& c : children) result.outcomes.push_back(c->outcome());
    return result;
}

}  // namespace ob::migrate::test
