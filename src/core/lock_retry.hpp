// Internal: the lock-wait guard's rules — limits on each migration's waits, and retrying a
// migration (or, outside a transaction, a statement) that gave up waiting for a lock.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "ob/migrate/migrator.hpp"

namespace ob::migrate::detail {

class LockRetry {
public:
    LockRetry(Driver& driver, const MigratorOptions& options, std::function<void(Event)> emit);

    /// Applies the limits inside the transaction just begun (no-op without a guard).
    void limitTransaction();

    /// Runs `attempt` until it succeeds. When it throws MigrationFailed for a statement that gave up
    /// waiting for a lock, the attempt's effects are gone (its transaction rolled back, or, outside
    /// one, the statement undone by the guard), so it waits a backoff and runs `attempt` again; the
    /// last failure is rethrown naming the lock's holder. `batch` holds the migrations the attempt
    /// runs (one, or an all-in-one batch); `index`/`total` place a single one among pending ones.
    void run(const std::vector<PlannedMigration>& batch, std::size_t index, std::size_t total,
             const std::function<void()>& attempt);

    /// Applies the limits to the session for a migration outside a transaction; undone on destruction.
    class SessionLimits {
    public:
        explicit SessionLimits(LockRetry& retry);
        ~SessionLimits();
        SessionLimits(const SessionLimits&) = delete;
        SessionLimits& operator=(const SessionLimits&) = delete;

    private:
        LockWaitGuard* guard_;
    };

    /// True when `e` came from a statement that gave up waiting for a lock.
    bool isLockWait(const DatabaseError& e) const noexcept;

private:
    std::chrono::milliseconds backoff(std::size_t attempt);

    LockWaitGuard* guard_;
    WaitLimits limits_;
    std::size_t attempts_;
    std::chrono::milliseconds base_;
    std::function<void(Event)> emit_;
    std::minstd_rand random_;
};

}  // namespace ob::migrate::detail
