#include "ob/migrate/migrator.hpp"

#include <fmt/format.h>

#include "lock_retry.hpp"
#include "run_support.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate {

using Clock = std::chrono::steady_clock;

namespace {
std::chrono::microseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

/// `lost` with what the run did: `outcome` for the migration it stopped at, and those before it.
LockLost lockLost(const LockLost& lost, const std::string& tag, const std::string& outcome,
                  const std::vector<AppliedMigration>& before) {
    std::string list;
    for (const auto& m : before) list += (list.empty() ? "" : ", ") + m.tag;
    return LockLost(fmt::format("{}\n  the run stopped at migration {}: {}\n  applied before it in this run: {}",
                                lost.what(), tag, outcome, list.empty() ? "none" : list));
}

const std::vector<PlannedMigration> kRecordOnly;

/// An event about script `p`.
Event scriptEvent(Event::Kind kind, const PlannedMigration& p, std::string message, std::size_t index,
                  std::size_t total, std::chrono::microseconds duration = {}) {
    Event e{kind, p.tag(), std::move(message), duration, index, total};
    e.direction = p.direction;
    return e;
}

}  // namespace

Migrator::Migrator(Driver& driver, MigrationSet migrations, MigratorOptions options)
    : driver_(driver), set_(std::move(migrations)), options_(std::move(options)) {
    if (!set_.dialect().empty() && set_.dialect() != driver_.name())
        throw MigrationSetError(set_.origin(), fmt::format("the migrations were written for {}, the database is {}",
                                                           set_.dialect(), driver_.name()));
}

void Migrator::emit(Event event) const {
    if (options_.onEvent) options_.onEvent(event);
}

std::vector<AppliedRecord> Migrator::readApplied() {
    History& history = driver_.history();
    if (!history.exists()) return {};
    return history.read();
}

HistoryAnalysis Migrator::analyse(const std::vector<AppliedRecord>& applied, bool withStatuses) const {
    return analyseHistory(set_, applied, withStatuses);
}

void Migrator::enforce(const HistoryAnalysis& a, Report& report) {
    auto warn = [&](const std::string& tag, std::string message) {
        report.warnings.push_back(message);
        emit(Event{Event::Kind::Warning, tag, std::move(message)});
    };
    for (const auto& part : a.partlySquashed) throw PartlySquashed(part.squash->tag, part.applied, part.missing);
    for (const auto& [m, recorded, squashed] : a.changed) {
        // A row of a migration a squash replaces is judged against the hash the squash records.
        const ChecksumMismatch mismatch = squashed ? ChecksumMismatch(squashed->tag, recorded, squashed->hash, m->up.file())
                                                   : ChecksumMismatch(m->tag, recorded, m->hash, m->up.file());
        if (options_.checksumPolicy == ChecksumPolicy::Fail) throw mismatch;
        warn(m->tag, mismatch.what());
    }
    if (!a.outOfOrder.empty() && !options_.allowOutOfOrder) throw OutOfOrder(a.outOfOrder.front()->tag, a.newestTag());
    for (const AppliedRecord& r : a.missing)
        warn({}, fmt::format("the database records migration {}, which {} does not contain", a.label(r), set_.origin()));
    for (const AppliedRecord& r : a.duplicated)
        warn({}, fmt::format("the tracking table records migration {} more than once", a.label(r)));
}

Report Migrator::upToDate() {
    const auto start = Clock::now();
    Report report;
    auto session = driver_.session(options_.lockTimeout);
    History& history = driver_.history();
    // Fast path: one read of the tracking table; every row the set's migration at the same
    // position, same when and hash, and nothing else, is the up-to-date database: no lock, no write.
    const auto& migrations = set_.migrations();
    std::size_t matched = 0;
    bool same = true;
    const bool exists = history.scan([&](std::int64_t when, std::string_view hash) {
        if (!same || matched == migrations.size()) {
            same = false;
            return;
        }
        const Migration& m = migrations[matched++];
        same = m.when == when && sameHash(m, hash);
    });
    if (exists && same && matched == migrations.size()) {
        report.duration = since(start);
        return report;
    }
    // Anything else (warnings, out-of-order, pending) takes the full analysis; still no lock when
    // nothing is pending.
    if (exists) {
        HistoryAnalysis a = analyse(history.read(), /*withStatuses=*/false);
        if (a.pending.empty()) {
            enforce(a, report);
            report.duration = since(start);
            return report;
        }
    }
    auto lock = driver_.lock(options_.lockTimeout);
    history.ensure();
    HistoryAnalysis a = analyse(history.read());
    enforce(a, report);
    apply(a.pending, report);
    report.duration = since(start);
    return report;
}

void Migrator::apply(const std::vector<const Migration*>& pending, Report& report) {
    std::vector<PlannedMigration> planned;
    for (const Migration* m : pending) {
        planned.push_back(driver_.prepare(*m));
        if (options_.transactionMode == TransactionMode::AllInOne && !planned.back().transactional)
            throw ConfigError(fmt::format("migration {} must run outside a transaction ({}), which cannot be "
                                          "combined with running all migrations in one transaction",
                                          m->tag, kNoTransactionDirective));
    }
    if (planned.empty()) return;
    backupIfAsked(report);
    if (options_.transactionMode == TransactionMode::AllInOne) {
        runAllInOne(planned, report);
        return;
    }
    for (std::size_t i = 0; i < planned.size(); ++i) runOne(planned[i], i + 1, planned.size(), report);
}

void Migrator::runAllInOne(const std::vector<PlannedMigration>& batch, Report& report) {
    std::vector<AppliedMigration> done;
    History& history = driver_.history();
    detail::LockRetry retry(driver_, options_, [this](Event e) { emit(std::move(e)); });
    // A lock wait anywhere rolls the whole batch back; the retry runs it all again.
    auto attempt = [&] {
        done.clear();
        auto tx = driver_.begin(batch, TransactionOptions{options_.lockTimeout, true});
        retry.limitTransaction();
        std::size_t index = 0;
        try {
            for (const PlannedMigration& p : batch) {
                const Migration& m = *p.migration;
                ++index;
                if (history.contains(m.when)) {  // another tool got there first
                    emit(scriptEvent(Event::Kind::Skipped, p, "applied meanwhile by another process", index, batch.size()));
                    continue;
                }
                emit(scriptEvent(Event::Kind::Applying, p, {}, index, batch.size()));
                const auto t0 = Clock::now();
                detail::runStatements(driver_, p, &retry);
                detail::runStep(p, "(check after the last statement)", [&] { tx->verify(p); });
                detail::runStep(p, "(recording it in the tracking table)", [&] { history.add(m); });
                done.push_back(AppliedMigration{m.tag, m.when, since(t0)});
            }
            detail::runStep(batch.back(), "(COMMIT)", [&] { tx->commit(); });
        } catch (const LockLost& e) {
            const std::string at = index ? batch[index - 1].tag() : batch.front().tag();
            throw lockLost(e, at, "the whole all-in-one run was rolled back with it", {});
        } catch (const MigrationFailed& e) {
            MigrationFailed::Details d = e.details();
            d.rolledBack = tx->rollback() && d.sqlState != "08007";
            d.rolledBackWith = done.size() - (done.size() && done.back().tag == d.tag ? 1 : 0);
            throw MigrationFailed(std::move(d));
        }
    };
    retry.run(batch, 0, batch.size(), attempt);
    std::size_t index = 0;
    for (const auto& applied : done) {
        emit(Event{Event::Kind::Applied, applied.tag, {}, applied.duration, ++index, batch.size()});
        report.applied.push_back(applied);
    }
}

namespace {
/// Up: the migration is done once recorded; down: once its record is gone.
bool isDone(History& history, const PlannedMigration& p) {
    return history.contains(p.migration->when) == (p.direction == Direction::Up);
}

void record(History& history, const PlannedMigration& p) {
    detail::runStep(p, "(recording it in the tracking table)", [&] {
        if (p.direction == Direction::Up)
            history.add(*p.migration);
        else
            history.remove(p.migration->when);
    });
}
}  // namespace

void Migrator::runTransactional(const PlannedMigration& p, std::size_t index, std::size_t total, bool& skipped) {
    const std::vector<PlannedMigration> batch{p};
    detail::LockRetry retry(driver_, options_, [this](Event e) { emit(std::move(e)); });
    bool announced = false;
    retry.run(batch, index, total, [&] {
        auto tx = driver_.begin(batch, TransactionOptions{options_.lockTimeout, true});
        retry.limitTransaction();
        if (isDone(driver_.history(), p)) {
            skipped = true;
            return;
        }
        if (!announced) emit(scriptEvent(Event::Kind::Applying, p, {}, index, total));
        announced = true;
        detail::runInTransaction(driver_, *tx, p, &retry, [&] { record(driver_.history(), p); });
    });
}

void Migrator::runOutside(const PlannedMigration& p, std::size_t index, std::size_t total, bool& ran, bool& skipped) {
    const std::vector<PlannedMigration> batch{p};
    if (isDone(driver_.history(), p)) {
        skipped = true;
        return;
    }
    {
        // No transaction: the statements commit themselves; the scope proves the lock before them.
        auto scope = driver_.begin(batch, TransactionOptions{options_.lockTimeout, false});
        emit(scriptEvent(Event::Kind::Applying, p, {}, index, total));
        ran = true;
        detail::LockRetry retry(driver_, options_, [this](Event e) { emit(std::move(e)); });
        detail::LockRetry::SessionLimits limits(retry);
        for (const Statement& s : p.statements)  // retried one by one: those before it took effect
            retry.run(batch, index, total, [&] { detail::runStatement(driver_, p, s, &retry); });
        detail::runStep(p, "(check after the last statement)", [&] { scope->verify(p); });
        scope->commit();
    }
    auto tx = driver_.begin(kRecordOnly, TransactionOptions{options_.lockTimeout, true});
    if (!isDone(driver_.history(), p)) record(driver_.history(), p);
    detail::runStep(p, "(COMMIT)", [&] { tx->commit(); });
}

void Migrator::runOne(const PlannedMigration& p, std::size_t index, std::size_t total, Report& report) {
    const bool up = p.direction == Direction::Up;
    const auto t0 = Clock::now();
    bool ran = false, skipped = false;  // ran: a no-transaction migration's statements took effect
    try {
        if (p.transactional)
            runTransactional(p, index, total, skipped);
        else
            runOutside(p, index, total, ran, skipped);
    } catch (const LockLost& e) {
        throw lockLost(e, p.tag(),
                       ran ? "it ran outside a transaction: its statements took effect, but it was not recorded"
                       : p.transactional ? "it was rolled back; nothing of it was applied"
                                         : "none of its statements had run; nothing of it was applied",
                       up ? report.applied : report.rolledBack);
    }
    if (skipped) {
        emit(scriptEvent(Event::Kind::Skipped, p,
                         up ? "applied meanwhile by another process" : "rolled back meanwhile by another process",
                         index, total));
        return;
    }
    AppliedMigration result{p.tag(), p.migration->when, since(t0)};
    emit(scriptEvent(up ? Event::Kind::Applied : Event::Kind::RolledBack, p, {}, index, total, result.duration));
    (up ? report.applied : report.rolledBack).push_back(std::move(result));
}

std::vector<MigrationStatus> Migrator::status() {
    auto session = driver_.session(options_.lockTimeout);
    return analyse(readApplied()).statuses;
}

std::vector<const Migration*> Migrator::pending() {
    auto session = driver_.session(options_.lockTimeout);
    return analyse(readApplied()).pending;
}

std::vector<PlannedMigration> Migrator::plan() {
    auto session = driver_.session(options_.lockTimeout);
    HistoryAnalysis a = analyse(readApplied());
    Report ignored;
    enforce(a, ignored);  // a plan upToDate() would refuse is no plan
    std::vector<PlannedMigration> out;
    for (const Migration* m : a.pending) out.push_back(driver_.prepare(*m));
    return out;
}

void Migrator::acceptChecksum(const std::string& tag) {
    const Migration* m = &require(tag);
    auto session = driver_.session(options_.lockTimeout);
    auto lock = driver_.lock(options_.lockTimeout);
    History& history = driver_.history();
    if (!history.exists() || !history.contains(m->when))
        throw Error(fmt::format("migration {} is not applied to {}; there is no hash to accept", tag,
                                driver_.describe()));
    auto tx = driver_.begin(kRecordOnly, TransactionOptions{options_.lockTimeout, true});
    history.setHash(m->when, m->hash);
    tx->commit();
}

}  // namespace ob::migrate
