#include "lock_retry.hpp"

#include "run_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace ob::migrate::detail {

namespace {
const Statement* statementAt(const PlannedMigration& p, std::size_t index) {
    for (const Statement& s : p.statements)
        if (s.index == index) return &s;
    return nullptr;
}
}  // namespace

LockRetry::LockRetry(Driver& driver, const MigratorOptions& options, std::function<void(Event)> emit)
    : guard_(capability<LockWaitGuard>(driver)),
      limits_{options.ddlLockTimeout, options.statementTimeout},
      attempts_(std::max<std::size_t>(1, options.ddlAttempts)),
      base_(std::max(options.ddlRetryBackoff, std::chrono::milliseconds(1))),
      emit_(std::move(emit)),
      random_(std::random_device{}()) {
    if (limits_.lockTimeout.count() < 0 || limits_.statementTimeout.count() < 0)
        throw ConfigError("the DDL lock timeout and the statement timeout must not be negative");
}

void LockRetry::limitTransaction() {
    if (guard_) guard_->applyLimits(limits_, /*inTransaction=*/true);
}

bool LockRetry::isLockWait(const DatabaseError& e) const noexcept {
    return guard_ && limits_.lockTimeout.count() > 0 && guard_->isLockWaitTimeout(e);
}

std::chrono::milliseconds LockRetry::backoff(std::size_t attempt) {
    // Doubles from the base up to 5 s; a jitter of +-50% keeps several waiting instances apart.
    const auto capped = std::min<std::int64_t>(base_.count() << std::min<std::size_t>(attempt - 1, 20), 5000);
    std::uniform_real_distribution<double> jitter(0.5, 1.5);
    return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(capped) * jitter(random_)));
}

void LockRetry::run(const std::vector<PlannedMigration>& batch, std::size_t index, std::size_t total,
                    const std::function<void()>& attempt) {
    // Outside a transaction a failed statement can leave something behind (an INVALID index); it is
    // cleared just before the next attempt, and a clean-up that waits too long counts as an attempt.
    const PlannedMigration* leftBy = nullptr;
    const Statement* leftAt = nullptr;
    auto cleanUp = [&] {
        if (!leftAt) return;
        try {
            guard_->cleanUpFailedAttempt(leftAt->sql);
        } catch (const DatabaseError& e) {
            throw failure(*leftBy, leftAt, e, {}, isLockWait(e));
        }
        leftAt = nullptr;
    };
    for (std::size_t n = 1;; ++n) {
        try {
            cleanUp();
            attempt();
            return;
        } catch (const MigrationFailed& e) {
            if (!e.details().lockWait) throw;
            MigrationFailed::Details d = e.details();
            std::size_t at = 0;
            while (at + 1 < batch.size() && batch[at].label() != d.tag) ++at;
            const PlannedMigration& p = batch[at];
            if (batch.size() > 1) index = at + 1;
            const Statement* s = statementAt(p, d.statementIndex);
            if (!p.transactional && s) leftBy = &p, leftAt = s;
            try {
                d.lockHolders = guard_->describeLockHolders(s ? s->sql : std::string());
            } catch (const Error& lookup) {
                d.lockHolders = fmt::format("(could not look the holder up: {})", lookup.what());
            }
            d.attempts = n;
            if (n >= attempts_) {
                try {
                    cleanUp();  // best effort: what it cannot clear stays for the next run's retry
                } catch (const Error&) {
                }
                throw MigrationFailed(std::move(d));
            }
            Event event{Event::Kind::WaitingForLock, p.tag(), d.lockHolders, {}, index, total};
            event.attempt = n;
            event.attempts = attempts_;
            event.direction = p.direction;
            if (emit_) emit_(std::move(event));
            std::this_thread::sleep_for(backoff(n));
        }
    }
}

LockRetry::SessionLimits::SessionLimits(LockRetry& retry) : guard_(retry.guard_) {
    if (guard_) guard_->applyLimits(retry.limits_, /*inTransaction=*/false);
}

LockRetry::SessionLimits::~SessionLimits() {
    if (guard_) guard_->resetLimits();
}

}  // namespace ob::migrate::detail
