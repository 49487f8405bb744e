// Private to the PostgreSQL backend: the migration lock, a session-level advisory lock held on a
// connection of its own for a whole Migrator run.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "ob/migrate/driver.hpp"
#include "ob/migrate/postgres/connection_info.hpp"
#include "session.hpp"

namespace ob::migrate::postgres {

/// Advisory-lock key of a tracking table: the first 8 bytes of SHA-256(`ob-migrate:"<schema>"."<table>"`).
std::int64_t advisoryLockKey(std::string_view schema, std::string_view table);

}  // namespace ob::migrate::postgres

namespace ob::migrate::postgres::detail {

/// Who holds a taken lock: the key and the backend pid of the lock's connection, captured when
/// the lock was granted. Shared with the Dialect, which proves the lock still held at each commit.
struct HeldLock {
    std::int64_t key = 0;
    int backendPid = 0;
};

class AdvisoryLock final : public Scope {
public:
    /// Opens a connection to `info` and polls pg_try_advisory_lock(key) in autocommit, never
    /// inside a transaction, pausing `poll` (growing to 8 x poll, with jitter) between attempts,
    /// until `timeout`. Throws LockTimeout naming the database and the holder's pid, and
    /// ConnectionError when the server ends the connection while it waits.
    static std::unique_ptr<AdvisoryLock> acquire(const ConnectionInfo& info, std::int64_t key,
                                                 std::chrono::milliseconds timeout, std::chrono::milliseconds poll);
    /// Unlocks and closes the connection; never throws.
    ~AdvisoryLock() override;

    /// Valid while this lock lives (a weak_ptr to it expires when the lock is released).
    std::shared_ptr<const HeldLock> held() const noexcept { return held_; }

private:
    AdvisoryLock(std::unique_ptr<Session> session, std::int64_t key, int backendPid)
        : session_(std::move(session)), key_(key), held_(std::make_shared<HeldLock>(HeldLock{key, backendPid})) {}

    std::unique_ptr<Session> session_;
    std::int64_t key_;
    std::shared_ptr<const HeldLock> held_;
};

}  // namespace ob::migrate::postgres::detail
