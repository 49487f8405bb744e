// ob::migrate — a throwaway PostgreSQL database, created on a server and dropped again.
#pragma once

#include <chrono>
#include <string>

#include "ob/migrate/postgres/connection_info.hpp"

namespace ob::migrate::postgres {

/// Creates `ob_migrate_scratch_<random>` on the server `serverUrl` points at (any database of
/// it; the role needs CREATEDB) and drops it, closing other sessions (WITH (FORCE) where the
/// server has it), when destroyed. Used by `ob-migrate test`.
class ScratchDatabase {
public:
    /// Throws ConfigError (malformed URL), ConnectionError, DatabaseError (e.g. no CREATEDB).
    explicit ScratchDatabase(const std::string& serverUrl,
                             std::chrono::milliseconds connectTimeout = std::chrono::seconds(10));
    /// Drops the database; never throws (a failure is printed to stderr).
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& name() const noexcept { return name_; }
    /// A libpq keyword string for the scratch database (it may hold the password).
    const std::string& connectionString() const noexcept { return conninfo_; }
    /// "postgresql://user@host:port/<name>", never the password.
    std::string describe() const;

private:
    ConnectionInfo server_;
    std::string name_;
    std::string conninfo_;
};

}  // namespace ob::migrate::postgres
