#include "pg_test_util.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ob::migrate::test {

namespace {
int boundSocket(int& port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        close(fd);
        throw std::runtime_error("bind() failed");
    }
    port = ntohs(addr.sin_port);
    return fd;
}
}  // namespace

int closedPort() {
    int port = 0;
    close(boundSocket(port));
    return port;
}

SilentListener::SilentListener() {
    fd_ = boundSocket(port_);
    if (listen(fd_, 16) != 0) {
        close(fd_);
        throw std::runtime_error("listen() failed");
    }
}

SilentListener::~SilentListener() { close(fd_); }

std::string findProgram(const std::string& name) {
    namespace fs = std::filesystem;
    std::vector<fs::path> dirs;
    if (const char* path = std::getenv("PATH")) {
        std::string p = path;
        for (std::size_t start = 0; start <= p.size();) {
            std::size_t end = p.find(':', start);
            if (end == std::string::npos) end = p.size();
            if (end > start) dirs.emplace_back(p.substr(start, end - start));
            start = end + 1;
        }
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec))
        dirs.push_back(entry.path() / "bin");
    for (const auto& dir : dirs) {
        fs::path candidate = dir / name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

}  // namespace ob::migrate::test
