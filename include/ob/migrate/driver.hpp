// ob::migrate — the seam between the Migrator's rules and a database. A backend implements Driver
// (and the History of its tracking table); core code never knows which database it talks to.
// What only some backends can do are capabilities (capabilities.hpp): introspection, backups, the
// lock-wait guard.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/history.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/planned_migration.hpp"
#include "ob/migrate/transaction.hpp"

namespace ob::migrate {

/// What a Driver holds or changes for its caller (a lock, a session setting) until destroyed; the
/// destructor undoes it and never throws.
class Scope {
public:
    virtual ~Scope() = default;
};

class Driver {
public:
    virtual ~Driver() = default;
    Driver() = default;
    Driver(const Driver&) = delete;
    Driver& operator=(const Driver&) = delete;

    /// The journal's dialect name this backend serves, e.g. "sqlite" or "postgresql".
    virtual std::string_view name() const noexcept = 0;
    /// Human-readable target for messages, e.g. "sqlite:app.db" (never a password).
    virtual std::string describe() const = 0;

    /// Called first by every Migrator call: the connection waits up to `lockTimeout` for other
    /// connections during the call, until the returned scope is destroyed. Default: nothing.
    virtual std::unique_ptr<Scope> session(std::chrono::milliseconds lockTimeout);
    /// The exclusive migration lock for a whole run, against every other ob::migrate process.
    /// Throws LockTimeout. Writes also re-check the tracking table inside their transaction, so
    /// tools that take no lock are safe too. A lock that can be lost is proven by begin().
    virtual std::unique_ptr<Scope> lock(std::chrono::milliseconds timeout) = 0;
    /// Opens a transaction for `batch`, the scripts that will run in it in order (empty: only
    /// tracking-table writes). Throws LockTimeout, and LockLost when the lock taken by lock() is
    /// no longer held.
    virtual std::unique_ptr<Transaction> begin(const std::vector<PlannedMigration>& batch,
                                               const TransactionOptions& options) = 0;
    /// Runs one chunk of SQL (it may hold several statements). Throws DatabaseError, whose
    /// offset() says where in `sql` the failing statement is, when the database tells.
    virtual void execute(const std::string& sql) = 0;
    /// Chooses the statements of one script and whether they share a transaction. The default
    /// keeps every non-empty chunk and refuses transaction control in a transactional script.
    /// Throws MigrationSetError when the script cannot run.
    virtual PlannedMigration prepare(const Migration& migration, Direction direction = Direction::Up) const;
    /// The tracking table.
    virtual History& history() = 0;
};

/// The name the backends' classes (sqlite::Dialect, postgres::Dialect) and earlier code use.
using Dialect = Driver;

}  // namespace ob::migrate
