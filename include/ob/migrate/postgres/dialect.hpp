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

#include "ob/migrate/dialect.hpp"
#include "ob/migrate/postgres/connection_info.hpp"

namespace ob::migrate::postgres {

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

/// Advisory-lock key of a tracking table: the first 8 bytes of SHA-256(`ob-migrate:"<schema>"."<table>"`).
std::int64_t advisoryLockKey(std::string_view schema, std::string_view table);

/// Works on a caller's pqxx::connection, or on one it opens from a URL (`postgresql://`,
/// `postgres://` or a libpq keyword string; empty: kDefaultConnection).
///
/// Exclusivity: lock() takes a session-level advisory lock on a second connection of its own,
/// polled with pg_try_advisory_lock in autocommit (so a waiting instance never holds a snapshot a
/// running CREATE INDEX CONCURRENTLY would wait for). Transactions are plain BEGIN/COMMIT on the
/// main connection; execute() sends a chunk through the simple query protocol.
class Dialect final : public ob::migrate::Dialect {
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

    std::string_view name() const noexcept override { return "postgresql"; }
    std::string describe() const override;
    std::unique_ptr<SessionLock> lock(std::chrono::milliseconds timeout) override;

    bool trackingTableExists() override;
    void ensureTrackingTable() override;
    std::vector<AppliedRecord> appliedMigrations() override;
    /// One round trip: the rows straight from the table, a missing table being the server's
    /// "undefined table" answer to that same query; fields read in place.
    bool scanApplied(const AppliedRowVisitor& row) override;
    bool isApplied(std::int64_t when) override;
    void recordApplied(const Migration& migration) override;
    void updateHash(std::int64_t when, const std::string& hash) override;
    void removeApplied(std::int64_t when) override;

    void begin(std::chrono::milliseconds lockTimeout) override;
    void commit() override;
    void rollback() noexcept override;
    void execute(const std::string& sql) override;

    /// `pg_dump -Fc` of the whole database into `<database>.bak-<UTC time>.dump` in
    /// options.backupDirectory (default: the current directory), keeping the newest options.keep of
    /// this database. Uses the pg_dump of the server's major version when there is one (else the
    /// oldest newer one), found as Options::clientSearchPath says; the password travels in the
    /// environment, never on a command line. Throws Error when pg_dump is missing or fails.
    std::optional<std::string> backup(const BackupOptions& options) override;
    /// Replaces the database's contents with a dump made by backup(), in one transaction: every
    /// schema, extension and object of `public` is dropped, then `pg_restore --clean --if-exists
    /// --no-owner` of the dump runs through psql. A file that is not a custom-format dump, or any
    /// failure, throws Error and leaves the database as it was.
    void restore(const std::string& backupPath) override;

    /// postgres::introspect (include/ob/migrate/postgres/introspect.hpp) on this connection.
    Schema introspect() override;
    /// postgres::normalize on this connection.
    Schema normalize(const Schema& schema) override;

private:
    class Owned;
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
    std::optional<int> transactionBackend_;  ///< backend pid at BEGIN, while a transaction is open
};

}  // namespace ob::migrate::postgres
