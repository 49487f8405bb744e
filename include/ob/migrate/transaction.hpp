// ob::migrate — one transaction a Driver opened for the migrations that run in it.
#pragma once

#include <chrono>

#include "ob/migrate/planned_migration.hpp"

namespace ob::migrate {

/// How Driver::begin() opens a transaction.
struct TransactionOptions {
    /// Longest wait for the write lock (LockTimeout after it).
    std::chrono::milliseconds lockTimeout{std::chrono::seconds(60)};
    /// False for a migration that runs outside a transaction (-- ob-migrate: no-transaction): no
    /// transaction is opened, its statements commit one by one, but the object still proves the
    /// lock before them, verify()s them and undoes on destruction what the backend set up for them.
    bool atomic = true;
};

/// Open from Driver::begin() until commit(); the destructor rolls back what is not committed and
/// restores what the backend changed around the transaction. It never throws.
class Transaction {
public:
    virtual ~Transaction() = default;
    Transaction() = default;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// After a migration's last statement, before it is recorded; throws DatabaseError to fail it
    /// (SQLite: PRAGMA foreign_key_check found violations the migration made). Default: nothing.
    virtual void verify(const PlannedMigration& migration);
    virtual void commit() = 0;
    /// Rolls back now. False when the transaction may still be open afterwards (the ROLLBACK failed).
    virtual bool rollback() noexcept = 0;
};

}  // namespace ob::migrate
