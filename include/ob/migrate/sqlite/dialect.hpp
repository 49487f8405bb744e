// ob::migrate — SQLite backend on SQLiteCpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/driver.hpp"

namespace ob::migrate::sqlite {

struct Options {
    std::string trackingTable = "__drizzle_migrations";
    /// Whether opening a path creates a missing database file (false: a missing file is a
    /// ConnectionError and nothing is created).
    bool create = true;
};

/// Works on a caller's SQLite::Database, or on one it opens (a path or ":memory:"; opened with
/// PRAGMA foreign_keys=ON). A migration commits only without new foreign key violations, whatever
/// the connection's setting: with enforcement on SQLite refuses them itself; with it off (a rebuild's
/// suspension, or a caller's connection that never turned it on) PRAGMA foreign_key_check runs
/// before the commit, and only violations the migration made fail it.
/// Exclusivity: lock() takes an exclusive flock(2) on the database file for the whole run (SQLite
/// itself only uses fcntl locks, which flock does not touch), and every migration runs in
/// `BEGIN IMMEDIATE`, re-checking the tracking table inside it, so concurrent processes (and tools
/// that take no lock, such as Drizzle's migrator) apply each migration once.
class Dialect final : public Driver, public History, public Introspection, public Backups {
public:
    explicit Dialect(SQLite::Database& database, Options options = {});
    /// Opens the database at `path`, creating it when missing unless `options.create` is false.
    explicit Dialect(const std::string& path, Options options = {});
    ~Dialect() override;

    SQLite::Database& database() noexcept { return *db_; }

    // ---- Driver ----
    std::string_view name() const noexcept override { return "sqlite"; }
    std::string describe() const override;
    /// Sets the connection's busy timeout to `lockTimeout` (restored by the scope).
    std::unique_ptr<Scope> session(std::chrono::milliseconds lockTimeout) override;
    std::unique_ptr<Scope> lock(std::chrono::milliseconds timeout) override;
    /// `BEGIN IMMEDIATE`. Around it, foreign keys as a migration needs them: a script's `PRAGMA
    /// foreign_keys=OFF` (a rebuild) suspends enforcement from before BEGIN until after the
    /// transaction ends; verify() runs PRAGMA foreign_key_check whenever enforcement is off.
    std::unique_ptr<Transaction> begin(const std::vector<PlannedMigration>& batch,
                                       const TransactionOptions& options) override;
    void execute(const std::string& sql) override;
    /// The default, less every whole `PRAGMA foreign_keys=...` statement: SQLite ignores them
    /// inside a transaction, so begin() applies them around it.
    PlannedMigration prepare(const Migration& migration, Direction direction = Direction::Up) const override;
    History& history() override { return *this; }

    // ---- History ----
    bool exists() override;
    void ensure() override;
    std::vector<AppliedRecord> read() override;
    /// One prepared SELECT (kept), read through SQLite's own column API.
    bool scan(const RowVisitor& row) override;
    bool contains(std::int64_t when) override;
    void add(const Migration& migration) override;
    void setHash(std::int64_t when, const std::string& hash) override;
    void remove(std::int64_t when) override;

    // ---- Backups ----
    /// SQLite's online backup API into `<file>.bak-<UTC timestamp>` (next to the file, or in
    /// options.backupDirectory), keeping the newest `options.keep`; nullopt for an in-memory database.
    /// The copy is written as `<name>.partial`, synced and renamed when complete: a failed backup
    /// leaves no file of a backup's name.
    std::optional<std::string> backup(const BackupOptions& options) override;
    /// Copies `backupPath` over this database with the online backup API, after checkBackupFile.
    void restore(const std::string& backupPath) override;
    /// Throws Error naming `path` and the reason unless it is a complete SQLite database file (not
    /// empty, a SQLite header, as many pages as the header says, PRAGMA quick_check ok).
    static void checkBackupFile(const std::string& path);

    // ---- Introspection ----
    /// The database's schema (sqlite::introspect, include/ob/migrate/sqlite/introspect.hpp).
    Schema introspect() override;
    /// sqlite::normalize.
    Schema normalize(const Schema& schema) override;

private:
    friend class SqliteTransaction;
    bool hasExtraColumns();
    SQLite::Statement& cached(std::unique_ptr<SQLite::Statement>& slot, const std::string& sql);
    [[noreturn]] void rethrow(const SQLite::Exception& e) const;

    std::unique_ptr<SQLite::Database> owned_;
    SQLite::Database* db_;
    Options options_;
    std::string quotedTable_;
    std::optional<bool> extraColumns_;
    /// foreign_key_check rows as of the last checked commit of this Migrator call (unknown: not read yet).
    std::optional<std::vector<std::string>> violationsCommitted_;
    // Statements of the no-op path, prepared once (declared after owned_: finalized before it closes).
    std::unique_ptr<SQLite::Statement> existsQuery_, appliedQuery_;
    struct Finalize {
        void operator()(sqlite3_stmt* statement) const noexcept;
    };
    std::unique_ptr<sqlite3_stmt, Finalize> scanQuery_, busyTimeoutQuery_;
};

/// True when the whole chunk is `PRAGMA foreign_keys = OFF|ON` (any case, optional semicolon);
/// sets `on` accordingly.
bool isForeignKeysPragma(std::string_view sql, bool& on);

}  // namespace ob::migrate::sqlite
