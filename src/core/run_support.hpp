// Internal: the pieces every way of running migrations shares — turning database errors into
// MigrationFailed that names the script, its file, statement and line.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "ob/migrate/driver.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate::detail {

class LockRetry;

/// MigrationFailed for `p`: at `statement`, or at the step named `step` (a check, the record, COMMIT).
/// `lockWait`: the statement gave up waiting for a lock (the lock-wait guard may retry it).
MigrationFailed failure(const PlannedMigration& p, const Statement* statement, const DatabaseError& e,
                        const std::string& step = "(check after the last statement)", bool lockWait = false);

/// Runs one statement of `p`, turning a DatabaseError into MigrationFailed (marked as a lock wait
/// when `retry` says it is one).
void runStatement(Driver& driver, const PlannedMigration& p, const Statement& s, const LockRetry* retry = nullptr);
/// Runs every statement of `p`, likewise.
void runStatements(Driver& driver, const PlannedMigration& p, const LockRetry* retry = nullptr);

/// In `tx`: every statement of `p`, its check, `record()` (the tracking-table write, or nothing)
/// and COMMIT. On MigrationFailed it rolls `tx` back first, and the error says whether it was rolled
/// back (not when the ROLLBACK failed, nor when the connection was lost during COMMIT: 08007).
void runInTransaction(Driver& driver, Transaction& tx, const PlannedMigration& p, const LockRetry* retry,
                      const std::function<void()>& record);

/// Runs `step()`; a DatabaseError it throws becomes MigrationFailed for `p` at `name`.
template <class F>
void runStep(const PlannedMigration& p, const std::string& name, F&& step) {
    try {
        step();
    } catch (const DatabaseError& e) {
        throw failure(p, nullptr, e, name);
    } catch (const LockTimeout& e) {
        throw LockTimeout(std::string("migration ") + p.label() + " " + name + ": " + e.what());
    }
}

}  // namespace ob::migrate::detail
