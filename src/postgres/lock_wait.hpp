// Private to the PostgreSQL backend: the lock-wait guard (lock_timeout / statement_timeout per
// migration, who holds a lock, and the INVALID index a CREATE INDEX CONCURRENTLY leaves behind).
#pragma once

#include <pqxx/connection>
#include <string>

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/postgres/connection_info.hpp"

namespace ob::migrate::postgres::detail {

class LockWaitGuard final : public ob::migrate::LockWaitGuard {
public:
    LockWaitGuard(pqxx::connection& connection, const ConnectionInfo& info) : conn_(connection), info_(info) {}

    void applyLimits(const WaitLimits& limits, bool inTransaction) override;
    void resetLimits() noexcept override;
    bool isLockWaitTimeout(const DatabaseError& error) const noexcept override;
    std::string describeLockHolders(const std::string& sql) override;
    void cleanUpFailedAttempt(const std::string& sql) override;

private:
    pqxx::connection& conn_;
    const ConnectionInfo& info_;
    bool sessionLimits_ = false;
    std::string savedLockTimeout_, savedStatementTimeout_;
};

}  // namespace ob::migrate::postgres::detail
