// ob::migrate — PostgreSQL backend on libpqxx.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/result>
#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/driver.hpp"
#include "ob/migrate/postgres/connection_info.hpp"

namespace ob::migrate::postgres {

namespace detail {
struct HeldLock;
class LockWaitGuard;
}
class PgTransaction;

struct Options {
    std::string trackingTable = "__drizzle_migrations";
    std::string trackingSchema = "drizzle";
    /// Gives up connecting after this long (libpq connect_timeout, whole seconds rounded up, at
    /// least 2; 0 waits forever). A connect_timeout in the URL wins.
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(10)};
    /// Pause between two attempts to take the migration lock (grows up to 8 times this).
    std::chrono::milliseconds lockPollInterval{50};
    /// Directories where backup() and restore() look for pg_dump, pg_restore and psql. Empty (the
    /// default): the directories of PATH, then Debian's /usr/lib/postgresql/<major>/bin.
    std::vector<std::string> clientSearchPath{};
};

/// Works on a caller's pqxx::connection, or on one it opens from a URL (`postgresql://`,
/// `postgres://` or a libpq keyword string; empty: kDefaultConnection).
///
/// Exclusivity: lock() takes a session-level advisory lock on a second connection of its own,
/// polled with pg_try_advisory_lock in autocommit (so a waiting instance never holds a snapshot a
/// running CREATE INDEX CONCURRENTLY would wait for). Transactions are plain BEGIN/COMMIT on the
/// main connection; execute() sends a chunk through the simple query protocol.
///
/// The lock's session can die under a run (idle timeout, failover, pg_terminate_backend). So
/// while it is held, every transaction takes pg_advisory_xact_lock on the same key in the two-int
/// lock space (never waiting for our own session lock) and checks pg_locks for the session lock
/// on the backend pid that took it, after BEGIN and again just before COMMIT; a lost lock throws
/// LockLost with the transaction rolled back. A run that took the lock over waits for our open
/// transaction on the transaction-level lock, then re-reads the tracking table. A no-transaction
/// migration's statements run with no transaction of ours open (so CREATE INDEX CONCURRENTLY
/// waits for none); begin() for them proves the lock just before, and the record's transaction again.
class Dialect final : public Driver, public History, public Introspection, public Backups, public LockWaitGuard {
public:
    /// Uses `connection` (which must outlive the Dialect); the lock connection is opened with
    /// `connection.options()`. Throws ConfigError for bad options.
    explicit Dialect(pqxx::connection& connection, Options options = {});
    /// Connects to `url`. Throws ConfigError (malformed URL) or ConnectionError (unreachable).
    explicit Dialect(const std::string& url, Options options = {});
    ~Dialect() override;

    pqxx::connection& connection() noexcept { return *conn_; }
    const ConnectionInfo& connectionInfo() const noexcept { return info_; }
    std::int64_t lockKey() const noexcept { return lockKey_; }
    /// The quoted, schema-qualified tracking table, e.g. "drizzle"."__drizzle_migrations".
    const std::string& trackingTableName() const noexcept { return qualifiedTable_; }

    /// While a lock() taken by this Dialect lives: throws LockLost unless pg_locks shows it granted
    /// to the backend that took it. begin() and commit() call it, so a migration commits only
    /// while the lock is proven held.
    void checkLock();

    // ---- Driver ----
    std::string_view name() const noexcept override { return "postgresql"; }
    std::string describe() const override;
    std::unique_ptr<Scope> lock(std::chrono::milliseconds timeout) override;
    /// BEGIN on the main connection; while lock() is held also a transaction-level advisory lock and
    /// checkLock(). Not atomic (a no-transaction migration): checkLock() only.
    std::unique_ptr<Transaction> begin(const std::vector<PlannedMigration>& batch,
                                       const TransactionOptions& options) override;
    void execute(const std::string& sql) override;
    History& history() override { return *this; }

    // ---- History ----
    bool exists() override;
    void ensure() override;
    std::vector<AppliedRecord> read() override;
    /// One round trip: the rows straight from the table, a missing table being the server's
    /// "undefined table" answer to that same query; fields read in place.
    bool scan(const RowVisitor& row) override;
    bool contains(std::int64_t when) override;
    void add(const Migration& migration) override;
    void setHash(std::int64_t when, const std::string& hash) override;
    void remove(std::int64_t when) override;

    // ---- Backups ----
    /// `pg_dump -Fc` of the whole database into `<database>.bak-<UTC time>.dump` in
    /// options.backupDirectory (default: the current directory), keeping the newest options.keep of
    /// this database. Uses the pg_dump of the server's major version when there is one (else the
    /// oldest newer one), found as Options::clientSearchPath says; the password travels in the
    /// environment, never on a command line. The dump is written as `<name>.partial`, synced and
    /// renamed when complete. Throws Error (leaving no file) when pg_dump is missing or fails.
    std::optional<std::string> backup(const BackupOptions& options) override;
    /// Replaces the database's contents with a dump made by backup(), in one transaction: every
    /// schema, extension and object of `public` is dropped, then `pg_restore --clean --if-exists
    /// --no-owner` of the dump runs through psql. A file that is not a custom-format dump, or any
    /// failure, throws Error and leaves the database as it was.
    void restore(const std::string& backupPath) override;
    /// Throws Error naming `path` and the reason unless it is a non-empty custom-format dump file
    /// (restore() then also has pg_restore read its table of contents before changing anything).
    static void checkBackupFile(const std::string& path);

    // ---- LockWaitGuard: lock_timeout / statement_timeout per migration (SET LOCAL, or for the
    // session around a no-transaction migration), lock holders named from pg_locks, INVALID
    // indexes dropped.
    void applyLimits(const WaitLimits& limits, bool inTransaction) override;
    void resetLimits() noexcept override;
    bool isLockWaitTimeout(const DatabaseError& error) const noexcept override;
    std::string describeLockHolders(const std::string& sql) override;
    void cleanUpFailedAttempt(const std::string& sql) override;

    // ---- Introspection ----
    /// postgres::introspect (include/ob/migrate/postgres/introspect.hpp) on this connection.
    Schema introspect() override;
    /// postgres::normalize on this connection.
    Schema normalize(const Schema& schema) override;

private:
    friend class PgTransaction;
    class Owned;
    void beginTransaction();
    void commitTransaction();
    void rollbackTransaction() noexcept;
    void checkOptions() const;
    void init();
    bool hasExtraColumns();
    void checkSession() const;
    int serverMajorVersion();
    template <class F>
    auto guarded(F&& f);
    template <class... Args>
    pqxx::result query(const std::string& sql, const Args&... args);

    std::unique_ptr<Owned> owned_;
    pqxx::connection* conn_ = nullptr;
    Options options_;
    ConnectionInfo info_;
    std::string qualifiedTable_;
    std::string scanSql_;  ///< scanApplied()'s query, built once
    std::int64_t lockKey_ = 0;
    std::optional<bool> extraColumns_;
    std::optional<bool> appliedAtTimestamp_;  ///< applied_at is drizzle-orm 1.0's timestamptz, not epoch ms
    bool appliedAtIsTimestamp();
    void readShape();  ///< fills extraColumns_ and appliedAtTimestamp_ once the table exists
    std::optional<int> transactionBackend_;  ///< backend pid at BEGIN, while a transaction is open
    std::unique_ptr<detail::LockWaitGuard> lockWaitGuard_;
    std::weak_ptr<const detail::HeldLock> heldLock_;  ///< the lock lock() took, while it lives
};

}  // namespace ob::migrate::postgres
