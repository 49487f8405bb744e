// Private to the PostgreSQL backend: the migration lock, a session-level advisory lock held on a
// connection of its own for a whole Migrator run.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "ob/migrate/dialect.hpp"
#include "ob/migrate/postgres/connection_info.hpp"
#include "session.hpp"

namespace ob::migrate::postgres::detail {

class AdvisoryLock final : public SessionLock {
public:
    /// Opens a connection to `info` and polls pg_try_advisory_lock(key) in autocommit, never
    /// inside a transaction, pausing `poll` (growing to 8 x poll, with jitter) between attempts,
    /// until `timeout`. Throws LockTimeout naming the database and the holder's pid.
    static std::unique_ptr<AdvisoryLock> acquire(const ConnectionInfo& info, std::int64_t key,
                                                 std::chrono::milliseconds timeout, std::chrono::milliseconds poll);
    /// Unlocks and closes the connection; never throws.
    ~AdvisoryLock() override;

private:
    AdvisoryLock(std::unique_ptr<Session> session, std::int64_t key) : session_(std::move(session)), key_(key) {}

    std::unique_ptr<Session> session_;
    std::int64_t key_;
};

}  // namespace ob::migrate::postgres::detail
