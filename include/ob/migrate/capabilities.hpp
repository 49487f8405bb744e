// ob::migrate — what only some backends can do. A backend offers a capability by implementing its
// interface besides Driver; code asks with capability<...>(driver) or requireCapability<...>(driver, what).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "ob/migrate/driver.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/schema.hpp"

namespace ob::migrate {

/// Reading the live schema.
class Introspection {
public:
    virtual ~Introspection() = default;
    /// The live schema: tables, columns, keys, indexes, checks, enums, in the spelling snapshots
    /// use; the tracking table is left out.
    virtual Schema introspect() = 0;
    /// `schema` in the form this database compares schemas in: what it cannot store made uniform,
    /// expressions spelled as the server would store them. Drift checks normalise both sides.
    virtual Schema normalize(const Schema& schema) = 0;
};

struct BackupOptions {
    std::size_t keep = 5;  ///< backups of this database to keep, newest first; older ones are removed
    /// Where backups go (created when missing). Empty: the backend's default (SQLite: next to the
    /// database file; PostgreSQL: the current directory).
    std::string backupDirectory{};
};

/// Copies of the whole database (MigratorOptions::backup, `ob-migrate restore`).
class Backups {
public:
    virtual ~Backups() = default;
    /// Copies the whole database and returns where it went, or nullopt when there is nothing
    /// durable to copy (an in-memory database). Throws Error when it cannot.
    virtual std::optional<std::string> backup(const BackupOptions& options) = 0;
    /// Replaces the database's contents with a backup made by backup().
    virtual void restore(const std::string& backupPath) = 0;
};

/// How long one migration's statements may wait (the lock-wait guard). Zero disables a limit.
struct WaitLimits {
    std::chrono::milliseconds lockTimeout{0};       ///< longest wait for one lock
    std::chrono::milliseconds statementTimeout{0};  ///< longest run of one statement
};

/// Statements that give up waiting for a lock instead of queueing every other session behind
/// them, so the Migrator can roll back and retry. PostgreSQL offers it; SQLite's busy timeout
/// already bounds every wait and blocks no reader.
class LockWaitGuard {
public:
    virtual ~LockWaitGuard() = default;
    /// Applies `limits` to the migration about to run: inside its transaction (`inTransaction`), or
    /// to the session for a migration that runs outside one (undone by resetLimits()).
    virtual void applyLimits(const WaitLimits& limits, bool inTransaction) = 0;
    /// Restores the session's own limits after a migration that ran outside a transaction. Never throws.
    virtual void resetLimits() noexcept = 0;
    /// True when `error` says a statement gave up waiting for a lock (not a deadlock or other failure).
    virtual bool isLockWaitTimeout(const DatabaseError& error) const noexcept = 0;
    /// Who holds the locks `sql` needs, outside any transaction, for messages: e.g.
    /// `"assertions" held by pid 1234 (idle in transaction: 'SELECT ...')`. Empty when none is seen now.
    virtual std::string describeLockHolders(const std::string& sql) = 0;
    /// Before retrying `sql`, which ran outside a transaction and gave up waiting: removes what the
    /// failed attempt left behind (PostgreSQL: the INVALID index of a CREATE INDEX CONCURRENTLY).
    virtual void cleanUpFailedAttempt(const std::string& sql) = 0;
};

/// The capability `C` of `driver`, or nullptr when its backend does not offer it.
template <class C>
C* capability(Driver& driver) noexcept {
    return dynamic_cast<C*>(&driver);
}

/// The capability `C` of `driver`; throws Error naming the backend and `what` when it has none.
template <class C>
C& requireCapability(Driver& driver, const char* what) {
    if (C* c = capability<C>(driver)) return *c;
    throw Error(driver.describe() + ": this backend cannot " + what);
}

}  // namespace ob::migrate
