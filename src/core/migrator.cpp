#include "ob/migrate/migrator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "migrator_analysis.hpp"
#include "lock_retry.hpp"
#include "run_support.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate {

using Clock = std::chrono::steady_clock;

namespace {
std::chrono::microseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

/// A tracking row for messages: its tag (the set's, else the one it records) and its created_at.
std::string recordLabel(const MigrationSet& set, const AppliedRecord& r) {
    const Migration* m = set.findByWhen(r.when);
    if (m) return fmt::format("{} (created_at {})", m->tag, r.when);
    if (r.name) return fmt::format("{} (created_at {})", *r.name, r.when);
    return fmt::format("(no name recorded; created_at {})", r.when);
}

/// `lost` with what the run did: `outcome` for the migration it stopped at, and those before it.
LockLost lockLost(const LockLost& lost, const std::string& tag, const std::string& outcome,
                  const std::vector<AppliedMigration>& before) {
    std::string list;
    for (const auto& m : before) list += (list.empty() ? "" : ", ") + m.tag;
    return LockLost(fmt::format("{}\n  the run stopped at migration {}: {}\n  applied before it in this run: {}",
                                lost.what(), tag, outcome, list.empty() ? "none" : list));
}

}  // namespace

const char* toString(MigrationState state) noexcept {
    switch (state) {
        case MigrationState::Applied: return "applied";
        case MigrationState::Pending: return "pending";
        case MigrationState::Changed: return "changed";
        case MigrationState::Missing: return "missing";
    }
    return "unknown";
}


Migrator::Migrator(Dialect& dialect, MigrationSet migrations, MigratorOptions options)
    : dialect_(dialect), set_(std::move(migrations)), options_(std::move(options)) {
    if (!set_.dialect().empty() && set_.dialect() != dialect_.name())
        throw MigrationSetError(set_.origin(), fmt::format("the migrations were written for {}, the database is {}",
                                                           set_.dialect(), dialect_.name()));
}

void Migrator::emit(Event event) const {
    if (options_.onEvent) options_.onEvent(event);
}

std::vector<AppliedRecord> Migrator::readApplied() {
    if (!dialect_.trackingTableExists()) return {};
    return dialect_.appliedMigrations();
}

Migrator::Analysis Migrator::analyse(const std::vector<AppliedRecord>& applied, bool withStatuses) const {
    Analysis a;
    std::unordered_map<std::int64_t, const AppliedRecord*> byWhen;
    const AppliedRecord* newest = nullptr;
    for (const auto& r : applied) {
        if (!byWhen.emplace(r.when, &r).second) a.duplicated.push_back(recordLabel(set_, r));
        if (!newest || r.when > newest->when) newest = &r;
    }
    if (newest) {
        if (const Migration* m = set_.findByWhen(newest->when))
            a.newestTag = m->tag;
        else
            a.newestTag = newest->name.value_or(fmt::format("(created_at {})", newest->when));
    }
    for (const auto& m : set_.migrations()) {
        if (analyseSquash(m, byWhen, a, withStatuses)) continue;
        auto it = byWhen.find(m.when);
        MigrationState state = MigrationState::Pending;
        if (it != byWhen.end()) {
            const std::string& recorded = it->second->hash;
            const bool same = recorded == m.hash || (!m.drizzleHash.empty() && recorded == m.drizzleHash);
            state = same ? MigrationState::Applied : MigrationState::Changed;
            if (!same) a.changed.emplace_back(&m, recorded);
        } else {
            a.pending.push_back(&m);
            if (newest && m.when < newest->when) a.outOfOrder.push_back(&m);
        }
        if (withStatuses) {
            MigrationStatus s{m.tag, m.when, m.hash, {}, state, std::nullopt};
            if (it != byWhen.end()) {
                s.recordedHash = it->second->hash;
                s.appliedAt = it->second->appliedAt;
            }
            a.statuses.push_back(std::move(s));
        }
        if (it != byWhen.end()) byWhen.erase(it);
    }
    std::vector<const AppliedRecord*> missing;
    for (const auto& [when, r] : byWhen) missing.push_back(r);
    std::sort(missing.begin(), missing.end(), [](auto* x, auto* y) { return x->when < y->when; });
    for (const AppliedRecord* r : missing) {
        a.missing.push_back(recordLabel(set_, *r));
        if (withStatuses)
            a.statuses.push_back(
                MigrationStatus{r->name.value_or(""), r->when, r->hash, r->hash, MigrationState::Missing, r->appliedAt});
    }
    return a;
}

bool Migrator::analyseSquash(const Migration& m, std::unordered_map<std::int64_t, const AppliedRecord*>& byWhen,
                             Analysis& a, bool withStatuses) const {
    if (m.squashes.empty()) return false;
    if (auto own = byWhen.find(m.when); own != byWhen.end() && own->second->hash == m.hash) return false;  // ran itself
    std::vector<std::string> applied, missing;
    for (const auto& original : m.squashes) (byWhen.count(original.when) ? applied : missing).push_back(original.tag);
    if (applied.empty()) return false;  // a database from after the squash: the squash itself is pending or applied
    const AppliedRecord* newest = nullptr;
    for (const auto& original : m.squashes) {
        auto it = byWhen.find(original.when);
        if (it == byWhen.end()) continue;
        if (it->second->hash != original.hash) a.changed.emplace_back(&m, it->second->hash);
        if (!newest || it->second->when > newest->when) newest = it->second;
        byWhen.erase(it);
    }
    if (!missing.empty()) a.partlySquashed.push_back({&m, std::move(applied), std::move(missing)});
    if (withStatuses) {
        const MigrationState state = a.partlySquashed.empty() || a.partlySquashed.back().squash != &m
                                         ? MigrationState::Applied
                                         : MigrationState::Pending;
        a.statuses.push_back(MigrationStatus{m.tag, m.when, m.hash, newest->hash, state, newest->appliedAt});
    }
    return true;
}

void Migrator::enforce(const Analysis& a, Report& report) {
    for (const auto& part : a.partlySquashed) throw PartlySquashed(part.squash->tag, part.applied, part.missing);
    auto warn = [&](const std::string& tag, std::string message) {
        report.warnings.push_back(message);
        emit(Event{Event::Kind::Warning, tag, std::move(message)});
    };
    for (const auto& [m, recorded] : a.changed) {
        if (options_.checksumPolicy == ChecksumPolicy::Fail) throw ChecksumMismatch(m->tag, recorded, m->hash, m->file);
        warn(m->tag, ChecksumMismatch(m->tag, recorded, m->hash, m->file).what());
    }
    if (!a.outOfOrder.empty() && !options_.allowOutOfOrder) throw OutOfOrder(a.outOfOrder.front()->tag, a.newestTag);
    for (const std::string& label : a.missing)
        warn({}, fmt::format("the database records migration {}, which {} does not contain", label, set_.origin()));
    for (const std::string& label : a.duplicated)
        warn({}, fmt::format("the tracking table records migration {} more than once", label));
}

Report Migrator::upToDate() {
    const auto start = Clock::now();
    Report report;
    auto session = dialect_.prepareSession(options_.lockTimeout);
    // Fast path: one read of the tracking table; every row the set's migration at the same
    // position, same when and hash, and nothing else, is the up-to-date database: no lock, no write.
    const auto& migrations = set_.migrations();
    std::size_t matched = 0;
    bool same = true;
    const bool exists = dialect_.scanApplied([&](std::int64_t when, std::string_view hash) {
        if (!same || matched == migrations.size()) {
            same = false;
            return;
        }
        const Migration& m = migrations[matched++];
        same = m.when == when && (hash == m.hash || (!m.drizzleHash.empty() && hash == m.drizzleHash));
    });
    if (exists && same && matched == migrations.size()) {
        report.duration = since(start);
        return report;
    }
    // Anything else (warnings, out-of-order, pending) takes the full analysis; still no lock when
    // nothing is pending.
    if (exists) {
        Analysis a = analyse(dialect_.appliedMigrations(), /*withStatuses=*/false);
        if (a.pending.empty()) {
            enforce(a, report);
            report.duration = since(start);
            return report;
        }
    }
    auto lock = dialect_.lock(options_.lockTimeout);
    dialect_.ensureTrackingTable();
    Analysis a = analyse(dialect_.appliedMigrations());
    enforce(a, report);
    apply(a.pending, report);
    report.duration = since(start);
    return report;
}

void Migrator::apply(const std::vector<const Migration*>& pending, Report& report) {
    std::vector<PreparedMigration> prepared;
    for (const Migration* m : pending) {
        prepared.push_back(dialect_.prepare(*m));
        if (options_.transactionMode == TransactionMode::AllInOne && !prepared.back().transactional)
            throw ConfigError(fmt::format("migration {} must run outside a transaction ({}), which cannot be "
                                          "combined with running all migrations in one transaction",
                                          m->tag, kNoTransactionDirective));
    }
    if (prepared.empty()) return;
    backupIfAsked(report);
    if (options_.transactionMode == TransactionMode::AllInOne) {
        runAllInOne(prepared, report);
        return;
    }
    for (std::size_t i = 0; i < prepared.size(); ++i) runOne(prepared[i], Step::Up, i + 1, prepared.size(), report);
}

void Migrator::runAllInOne(const std::vector<PreparedMigration>& batch, Report& report) {
    std::vector<AppliedMigration> done;
    detail::LockRetry retry(dialect_, options_, [this](Event e) { emit(std::move(e)); });
    // A lock wait anywhere rolls the whole batch back; the retry runs it all again.
    auto attempt = [&] {
        done.clear();
        detail::TransactionScope scope(dialect_, batch);
        detail::Transaction tx(dialect_, options_.lockTimeout);
        retry.limitTransaction();
        std::size_t index = 0;
        try {
            for (const PreparedMigration& p : batch) {
                const Migration& m = *p.migration;
                ++index;
                if (dialect_.isApplied(m.when)) {  // another tool got there first
                    emit(Event{Event::Kind::Skipped, m.tag, "applied meanwhile by another process", {}, index,
                               batch.size()});
                    continue;
                }
                emit(Event{Event::Kind::Applying, m.tag, {}, {}, index, batch.size()});
                const auto t0 = Clock::now();
                detail::runStatements(dialect_, p, &retry);
                detail::runStep(p, "(check after the last statement)", [&] { dialect_.verify(p); });
                detail::runStep(p, "(recording it in the tracking table)", [&] { dialect_.recordApplied(m); });
                done.push_back(AppliedMigration{m.tag, m.when, since(t0)});
            }
            detail::runStep(batch.back(), "(COMMIT)", [&] { tx.commit(); });
        } catch (const LockLost& e) {
            const std::string at = index ? batch[index - 1].migration->tag : batch.front().migration->tag;
            throw lockLost(e, at, "the whole all-in-one run was rolled back with it", {});
        } catch (const MigrationFailed& e) {
            MigrationFailed::Details d = e.details();
            d.rolledBack = tx.rollBack() && d.sqlState != "08007";
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

void Migrator::runOne(const PreparedMigration& p, Step step, std::size_t index, std::size_t total, Report& report) {
    const Migration& m = *p.migration;
    const bool up = step == Step::Up;
    // Up: skip what is recorded; down: skip what is not (another process got there first).
    auto done = [&] { return dialect_.isApplied(m.when) == up; };
    auto skip = [&] {
        emit(Event{Event::Kind::Skipped, m.tag, up ? "applied meanwhile by another process"
                                                   : "rolled back meanwhile by another process",
                   {}, index, total});
    };
    auto record = [&] {
        detail::runStep(p, "(recording it in the tracking table)", [&] {
            if (up)
                dialect_.recordApplied(m);
            else
                dialect_.removeApplied(m.when);
        });
    };
    const std::vector<PreparedMigration> batch{p};
    detail::TransactionScope scope(dialect_, batch);
    detail::LockRetry retry(dialect_, options_, [this](Event e) { emit(std::move(e)); });
    std::chrono::microseconds duration{0};
    const auto t0 = Clock::now();
    bool ran = false;  // a no-transaction migration's statements took effect
    try {
        if (p.transactional) {
            bool skipped = false, announced = false;
            retry.run(batch, index, total, [&] {
                detail::Transaction tx(dialect_, options_.lockTimeout);
                retry.limitTransaction();
                if (done()) {
                    skipped = true;
                    return;
                }
                if (!announced) emit(Event{Event::Kind::Applying, m.tag, {}, {}, index, total});
                announced = true;
                try {
                    detail::runStatements(dialect_, p, &retry);
                    detail::runStep(p, "(check after the last statement)", [&] { dialect_.verify(p); });
                    record();
                    detail::runStep(p, "(COMMIT)", [&] { tx.commit(); });
                } catch (const MigrationFailed& e) {
                    MigrationFailed::Details d = e.details();
                    // The message says "rolled back" only when it is true: not when the ROLLBACK failed,
                    // nor when the connection was lost during COMMIT (08007: the outcome is unknown).
                    d.rolledBack = tx.rollBack() && d.sqlState != "08007";
                    throw MigrationFailed(std::move(d));
                }
            });
            if (skipped) return skip();
        } else {
            if (done()) return skip();
            dialect_.checkLock();  // nothing else proves the lock before statements that commit themselves
            emit(Event{Event::Kind::Applying, m.tag, {}, {}, index, total});
            ran = true;
            {
                detail::LockRetry::SessionLimits limits(retry);
                for (const Statement& s : p.statements)  // retried one by one: those before it took effect
                    retry.run(batch, index, total, [&] { detail::runStatement(dialect_, p, s, &retry); });
                detail::runStep(p, "(check after the last statement)", [&] { dialect_.verify(p); });
            }
            detail::Transaction tx(dialect_, options_.lockTimeout);
            if (!done()) record();
            detail::runStep(p, "(COMMIT)", [&] { tx.commit(); });
        }
        duration = since(t0);
    } catch (const LockLost& e) {
        throw lockLost(e, m.tag,
                       ran ? "it ran outside a transaction: its statements took effect, but it was not recorded"
                       : p.transactional ? "it was rolled back; nothing of it was applied"
                                         : "none of its statements had run; nothing of it was applied",
                       up ? report.applied : report.rolledBack);
    }
    const std::string tag = up ? m.tag : m.tag.substr(0, m.tag.size() - detail::kDownSuffix.size());
    AppliedMigration result{tag, m.when, duration};
    emit(Event{up ? Event::Kind::Applied : Event::Kind::RolledBack, tag, {}, duration, index, total});
    (up ? report.applied : report.rolledBack).push_back(std::move(result));
}

std::vector<MigrationStatus> Migrator::status() {
    auto session = dialect_.prepareSession(options_.lockTimeout);
    return analyse(readApplied()).statuses;
}

std::vector<const Migration*> Migrator::pending() {
    auto session = dialect_.prepareSession(options_.lockTimeout);
    return analyse(readApplied()).pending;
}

std::vector<PlannedMigration> Migrator::plan() {
    auto session = dialect_.prepareSession(options_.lockTimeout);
    Analysis a = analyse(readApplied());
    Report ignored;
    enforce(a, ignored);  // a plan upToDate() would refuse is no plan
    std::vector<PlannedMigration> out;
    for (const Migration* m : a.pending) {
        PreparedMigration p = dialect_.prepare(*m);
        out.push_back(PlannedMigration{m, std::move(p.statements), p.transactional});
    }
    return out;
}

void Migrator::acceptChecksum(const std::string& tag) {
    const Migration* m = &require(tag);
    auto session = dialect_.prepareSession(options_.lockTimeout);
    auto lock = dialect_.lock(options_.lockTimeout);
    if (!dialect_.trackingTableExists() || !dialect_.isApplied(m->when))
        throw Error(fmt::format("migration {} is not applied to {}; there is no hash to accept", tag,
                                dialect_.describe()));
    detail::Transaction tx(dialect_, options_.lockTimeout);
    dialect_.updateHash(m->when, m->hash);
    tx.commit();
}

}  // namespace ob::migrate
