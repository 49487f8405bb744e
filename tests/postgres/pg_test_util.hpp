// Helpers of the PostgreSQL tests: sockets that refuse or ignore connections, migration folders,
// finding the PostgreSQL client programs.
#pragma once

#include <string>
#include <vector>

#include "ob/migrate/migration_set.hpp"
#include "support.hpp"

namespace ob::migrate::test {

/// A 127.0.0.1 TCP port nothing listens on (bound, then closed).
int closedPort();

/// Listens on 127.0.0.1 and never answers: a connection attempt hangs until its timeout.
class SilentListener {
public:
    SilentListener();
    ~SilentListener();
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    int port() const noexcept { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

/// A postgresql migrations folder in a temp dir.
struct PgFolder {
    TempDir dir;
    std::vector<FolderEntry> entries;

    PgFolder& add(std::string tag, std::string sql) {
        entries.push_back(FolderEntry{std::move(tag), std::move(sql), 0, true});
        writeFolder(dir.path(), "postgresql", entries);
        return *this;
    }
    std::string path() const { return dir.path().string(); }
    MigrationSet load() const { return MigrationSet::fromDirectory(dir.path()); }
};

/// Full path of a program found on PATH or among the PostgreSQL binaries; empty when absent.
std::string findProgram(const std::string& name);

/// True when `haystack` contains `needle`.
inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace ob::migrate::test
