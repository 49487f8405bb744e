// Internal: the pieces every way of running migrations shares — a transaction that rolls back
// unless committed, the foreign-key scope around it, and turning database errors into
// MigrationFailed that names the migration.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "ob/migrate/dialect.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate::detail {

class LockRetry;

/// Appended to a migration's tag while its down file runs, so errors say which direction failed.
inline constexpr std::string_view kDownSuffix = " (down)";

/// Dialect::begin() now, Dialect::rollback() on destruction unless commit() succeeded.
class Transaction {
public:
    Transaction(Dialect& dialect, std::chrono::milliseconds lockTimeout) : dialect_(dialect) {
        dialect_.begin(lockTimeout);
    }
    ~Transaction() {
        if (open_) dialect_.rollback();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit() {
        dialect_.commit();
        open_ = false;
    }
    /// Rolls back now; false when the transaction is still open afterwards (the ROLLBACK failed).
    bool rollBack() {
        open_ = false;
        dialect_.rollback();
        return !dialect_.inTransaction();
    }

private:
    Dialect& dialect_;
    bool open_ = true;
};

/// Dialect::beforeTransaction() now, Dialect::afterTransaction() on destruction.
class TransactionScope {
public:
    TransactionScope(Dialect& dialect, const std::vector<PreparedMigration>& batch) : dialect_(dialect), batch_(batch) {
        dialect_.beforeTransaction(batch_);
    }
    ~TransactionScope() { dialect_.afterTransaction(batch_); }
    TransactionScope(const TransactionScope&) = delete;
    TransactionScope& operator=(const TransactionScope&) = delete;

private:
    Dialect& dialect_;
    const std::vector<PreparedMigration>& batch_;
};

/// MigrationFailed for `p`: at `statement`, or at the step named `step` (a check, the record, COMMIT).
/// `lockWait`: the statement gave up waiting for a lock (the lock-wait guard may retry it).
MigrationFailed failure(const PreparedMigration& p, const Statement* statement, const DatabaseError& e,
                        const std::string& step = "(check after the last statement)", bool lockWait = false);

/// Runs one statement of `p`, turning a DatabaseError into MigrationFailed (marked as a lock wait
/// when `retry` says it is one).
void runStatement(Dialect& dialect, const PreparedMigration& p, const Statement& s, const LockRetry* retry = nullptr);
/// Runs every statement of `p`, likewise.
void runStatements(Dialect& dialect, const PreparedMigration& p, const LockRetry* retry = nullptr);

/// Runs `step()`; a DatabaseError it throws becomes MigrationFailed for `p` at `name`.
template <class F>
void runStep(const PreparedMigration& p, const std::string& name, F&& step) {
    try {
        step();
    } catch (const DatabaseError& e) {
        throw failure(p, nullptr, e, name);
    } catch (const LockTimeout& e) {
        throw LockTimeout(std::string("migration ") + p.migration->tag + " " + name + ": " + e.what());
    }
}

}  // namespace ob::migrate::detail
