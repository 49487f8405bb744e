// ob::migrate — the seam between the Migrator's rules and a database. Backends implement Dialect;
// core code never knows which database it talks to.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/schema.hpp"

namespace ob::migrate {

/// One row of the tracking table.
struct AppliedRecord {
    std::int64_t when = 0;                 ///< created_at: the journal `when`
    std::string hash;                      ///< hash recorded when it was applied
    std::optional<std::string> name;       ///< tag, when the row was written by ob::migrate
    std::optional<std::int64_t> appliedAt; ///< epoch ms, when the row was written by ob::migrate
};

/// What a Dialect makes of a migration before it runs.
struct PreparedMigration {
    const Migration* migration = nullptr;
    std::vector<Statement> statements;  ///< the chunks to run, in order (empty ones left out)
    bool transactional = true;
    /// Referential checks are suspended around the transaction and verified before commit
    /// (SQLite: the file carried `PRAGMA foreign_keys=OFF`, needed by table rebuilds).
    bool suspendForeignKeys = false;
};

struct BackupOptions {
    std::size_t keep = 5;  ///< backups of this database to keep, newest first; older ones are removed
    /// Where backups go (created when missing). Empty: the backend's default (SQLite: next to the
    /// database file; PostgreSQL: the current directory).
    std::string backupDirectory{};
};

/// How long one migration's statements may wait (the lock-wait guard). Zero disables a limit.
struct WaitLimits {
    std::chrono::milliseconds lockTimeout{0};       ///< longest wait for one lock
    std::chrono::milliseconds statementTimeout{0};  ///< longest run of one statement
};

/// A capability a backend may offer (Dialect::lockWaitGuard()): statements that give up waiting for
/// a lock instead of queueing every other session behind them, so the Migrator can roll back and
/// retry. PostgreSQL offers it; SQLite's busy timeout already bounds every wait and blocks no reader.
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

/// Held for a whole Migrator run; released by its destructor, which never throws.
class SessionLock {
public:
    virtual ~SessionLock() = default;
};

class Dialect {
public:
    virtual ~Dialect() = default;
    Dialect() = default;
    Dialect(const Dialect&) = delete;
    Dialect& operator=(const Dialect&) = delete;

    /// The journal's dialect name this backend serves: "sqlite" or "postgresql".
    virtual std::string_view name() const noexcept = 0;
    /// Human-readable target for messages, e.g. "sqlite:app.db" (never a password).
    virtual std::string describe() const = 0;

    /// Called first by every Migrator call: makes the connection wait up to `lockTimeout` for other
    /// connections (SQLite: its busy timeout), until the returned guard is destroyed. Default: nothing.
    virtual std::unique_ptr<SessionLock> prepareSession(std::chrono::milliseconds lockTimeout);

    /// Exclusive migration lock for a whole run, against every other ob::migrate process (PostgreSQL:
    /// an advisory lock; SQLite: flock on the database file). Throws LockTimeout. Writes also
    /// re-check the tracking table inside their transaction, so tools that take no lock are safe too.
    virtual std::unique_ptr<SessionLock> lock(std::chrono::milliseconds timeout) = 0;
    /// Throws LockLost when the lock taken by lock() is no longer held (PostgreSQL: the server
    /// ended the lock's session). The Migrator calls it before a no-transaction migration runs;
    /// transactions prove it themselves before they commit. Default: nothing (a flock cannot be lost).
    virtual void checkLock();

    // ---- tracking table ----
    virtual bool trackingTableExists() = 0;
    virtual void ensureTrackingTable() = 0;
    virtual std::vector<AppliedRecord> appliedMigrations() = 0;
    /// Receives one tracking-table row: its created_at (0 when NULL) and hash, valid during the call only.
    using AppliedRowVisitor = std::function<void(std::int64_t when, std::string_view hash)>;
    /// The no-op boot's read: every row's created_at and hash, in appliedMigrations()' order, in one
    /// query, without copying a field. Returns false (no row visited) when the tracking table does not
    /// exist. The default asks trackingTableExists() and then appliedMigrations().
    virtual bool scanApplied(const AppliedRowVisitor& row);
    virtual bool isApplied(std::int64_t when) = 0;
    virtual void recordApplied(const Migration& migration) = 0;
    virtual void updateHash(std::int64_t when, const std::string& hash) = 0;
    virtual void removeApplied(std::int64_t when) = 0;

    // ---- running migrations ----
    /// Chooses the statements to run and the flags. The default keeps every non-empty chunk.
    virtual PreparedMigration prepare(const Migration& migration) const;

    /// Called outside any transaction before begin() (e.g. SQLite: foreign_keys=OFF).
    virtual void beforeTransaction(const std::vector<PreparedMigration>& batch);
    /// Starts a write transaction, waiting for the write lock until `lockTimeout` (LockTimeout).
    virtual void begin(std::chrono::milliseconds lockTimeout) = 0;
    /// Called inside the transaction after a migration's last statement; throws DatabaseError to
    /// fail it (e.g. SQLite: PRAGMA foreign_key_check found violations the migration made).
    virtual void verify(const PreparedMigration& migration);
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
    /// True while a transaction begin() opened is still open (after a failed rollback(), too).
    /// Default: false.
    virtual bool inTransaction() noexcept;
    /// Called outside any transaction after commit or rollback; restores what beforeTransaction changed.
    virtual void afterTransaction(const std::vector<PreparedMigration>& batch) noexcept;

    /// Runs one chunk of SQL (it may hold several statements). Throws DatabaseError.
    virtual void execute(const std::string& sql) = 0;

    // ---- capabilities ----
    /// The lock-wait guard, or nullptr when the backend has none (the default).
    virtual LockWaitGuard* lockWaitGuard() noexcept;

    // ---- backups ----
    /// Copies the whole database before migrating and returns where it went, or nullopt when there
    /// is nothing durable to copy (an in-memory database). Throws Error when it cannot.
    virtual std::optional<std::string> backup(const BackupOptions& options);
    /// Replaces the database's contents with a backup made by backup().
    virtual void restore(const std::string& backupPath);

    // ---- introspection ----
    /// The live schema: tables, columns, keys, indexes, checks, enums, in the spelling snapshots
    /// use; the tracking table is left out. Throws Error when the backend cannot introspect.
    virtual Schema introspect();
    /// `schema` in the form this database compares schemas in: what it cannot store (SQLite:
    /// foreign key names) made uniform, expressions spelled as the server would store them. Drift
    /// checks normalise both sides before comparing. The default returns `schema` unchanged.
    virtual Schema normalize(const Schema& schema);
};

}  // namespace ob::migrate
