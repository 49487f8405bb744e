#include "advisory_lock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "ob/migrate/error.hpp"

namespace ob::migrate::postgres::detail {

namespace {
using Clock = std::chrono::steady_clock;

bool tryLock(pqxx::connection& connection, std::int64_t key) {
    pqxx::nontransaction tx(connection);
    return tx.exec_params1("SELECT pg_try_advisory_lock($1)", key)[0].as<bool>();
}

/// Who holds the lock, for the timeout message ("pid 123 (ob-migrate)"); empty when unknown.
std::string holder(pqxx::connection& connection, std::int64_t key) {
    const auto bits = static_cast<std::uint64_t>(key);
    pqxx::nontransaction tx(connection);
    pqxx::result r = tx.exec_params(
        "SELECT l.pid, coalesce(a.application_name, '') FROM pg_catalog.pg_locks l "
        "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
        "AND l.classid::bigint = $1 AND l.objid::bigint = $2",
        static_cast<std::int64_t>(bits >> 32), static_cast<std::int64_t>(bits & 0xffffffffu));
    if (r.empty()) return {};
    std::string app = r[0][1].as<std::string>();
    return fmt::format("pid {}{}", r[0][0].as<long>(), app.empty() ? "" : fmt::format(" ({})", app));
}
}  // namespace

std::unique_ptr<AdvisoryLock> AdvisoryLock::acquire(const ConnectionInfo& info, std::int64_t key,
                                                    std::chrono::milliseconds timeout, std::chrono::milliseconds poll) {
    auto session = std::make_unique<Session>(info);
    const auto deadline = Clock::now() + timeout;
    const auto longest = std::max(poll, std::chrono::milliseconds(1)) * 8;
    auto pause = std::max(poll, std::chrono::milliseconds(1));
    std::minstd_rand jitter(std::random_device{}());
    try {
        for (;;) {
            if (tryLock(session->connection(), key)) {
                const int pid = session->connection().backendpid();
                return std::unique_ptr<AdvisoryLock>(new AdvisoryLock(std::move(session), key, pid));
            }
            const auto now = Clock::now();
            if (now >= deadline) {
                std::string by = holder(session->connection(), key);
                throw LockTimeout(fmt::format(
                    "could not take the migration lock on {} within {} ms: another migration run holds it{} "
                    "(advisory lock {})",
                    info.describe(), timeout.count(), by.empty() ? "" : ", " + by, key));
            }
            auto sleep = pause + std::chrono::milliseconds(jitter() % (pause.count() / 2 + 1));
            std::this_thread::sleep_for(std::min<Clock::duration>(sleep, deadline - now));
            pause = std::min(pause * 2, longest);
        }
    } catch (const pqxx::broken_connection& e) {
        throw ConnectionError(fmt::format("lost the connection to {} while waiting for the migration lock (advisory "
                                          "lock {}); nothing was applied: {}",
                                          info.describe(), key, info.scrub(serverMessage(e.what()))),
                              "08006");
    } catch (...) {
        rethrowTranslated(info);
    }
}

AdvisoryLock::~AdvisoryLock() {
    try {
        pqxx::nontransaction tx(session_->connection());
        tx.exec_params("SELECT pg_advisory_unlock($1)", key_);
    } catch (...) {
        // Closing the session below releases the lock anyway.
    }
}

}  // namespace ob::migrate::postgres::detail
