#include "run_support.hpp"

#include <fmt/format.h>

#include "lock_retry.hpp"
#include "sql_checks.hpp"

namespace ob::migrate::detail {

MigrationFailed failure(const PlannedMigration& p, const Statement* statement, const DatabaseError& e,
                        const std::string& step, bool lockWait) {
    MigrationFailed::Details d;
    d.tag = p.label();
    d.file = p.file();
    d.statementIndex = statement ? statement->index : 0;
    d.line = 0;
    d.statement = step;
    if (statement) {
        // The statement of the chunk that failed, when the database says; else the chunk's first.
        const std::size_t at =
            statementStart(statement->sql, e.offset() == DatabaseError::kUnknownOffset ? 0 : e.offset());
        d.line = lineAt(*statement, at);
        d.statement = statementAt(statement->sql, at);
        if (d.statement.empty()) d.statement = statement->firstLine();
        const std::size_t count = statementCount(statement->sql);
        if (e.offset() == DatabaseError::kUnknownOffset && count > 1)
            d.statement += fmt::format(" (the first of the {} statements of this chunk; the database did not say "
                                       "which one failed)",
                                       count);
    }
    d.databaseMessage = e.what();
    d.sqlState = e.sqlState();
    d.transactional = p.transactional;
    d.lockWait = lockWait;
    return MigrationFailed(std::move(d));
}

void runStatement(Driver& driver, const PlannedMigration& p, const Statement& s, const LockRetry* retry) {
    try {
        driver.execute(s.sql);
    } catch (const DatabaseError& e) {
        throw failure(p, &s, e, {}, retry && retry->isLockWait(e));
    }
}

void runStatements(Driver& driver, const PlannedMigration& p, const LockRetry* retry) {
    for (const Statement& s : p.statements) runStatement(driver, p, s, retry);
}

void runInTransaction(Driver& driver, Transaction& tx, const PlannedMigration& p, const LockRetry* retry,
                      const std::function<void()>& record) {
    try {
        runStatements(driver, p, retry);
        runStep(p, "(check after the last statement)", [&] { tx.verify(p); });
        record();
        runStep(p, "(COMMIT)", [&] { tx.commit(); });
    } catch (const MigrationFailed& e) {
        MigrationFailed::Details d = e.details();
        d.rolledBack = tx.rollback() && d.sqlState != "08007";
        throw MigrationFailed(std::move(d));
    }
}

}  // namespace ob::migrate::detail
