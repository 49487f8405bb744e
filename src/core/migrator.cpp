#include "ob/migrate/migrator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "migrator_analysis.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate {

using Clock = std::chrono::steady_clock;

namespace {
std::chrono::microseconds since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
}

MigrationFailed failure(const PreparedMigration& p, const Statement* statement, const DatabaseError& e) {
    MigrationFailed::Details d;
    d.tag = p.migration->tag;
    d.file = p.migration->file;
    d.statementIndex = statement ? statement->index : 0;
    d.line = statement ? statement->line : 0;
    d.statement = statement ? statement->firstLine() : std::string("(check after the last statement)");
    d.databaseMessage = e.what();
    d.sqlState = e.sqlState();
    d.transactional = p.transactional;
    return MigrationFailed(std::move(d));
}

/// Calls Dialect::afterTransaction on scope exit, whatever happened.
struct AfterTransaction {
    Dialect& dialect;
    const std::vector<PreparedMigration>& batch;
    ~AfterTransaction() { dialect.afterTransaction(batch); }
};
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

Migrator::Analysis Migrator::analyse(const std::vector<AppliedRecord>& applied) const {
    Analysis a;
    std::unordered_map<std::int64_t, const AppliedRecord*> byWhen;
    const AppliedRecord* newest = nullptr;
    for (const auto& r : applied) {
        if (!byWhen.emplace(r.when, &r).second) a.duplicated.push_back(r.when);
        if (!newest || r.when > newest->when) newest = &r;
    }
    if (newest) {
        if (const Migration* m = set_.findByWhen(newest->when))
            a.newestTag = m->tag;
        else
            a.newestTag = newest->name.value_or(fmt::format("(created_at {})", newest->when));
    }
    for (const auto& m : set_.migrations()) {
        MigrationStatus s{m.tag, m.when, m.hash, {}, MigrationState::Pending, std::nullopt};
        if (auto it = byWhen.find(m.when); it != byWhen.end()) {
            s.recordedHash = it->second->hash;
            s.appliedAt = it->second->appliedAt;
            s.state = s.recordedHash == m.hash ? MigrationState::Applied : MigrationState::Changed;
            if (s.state == MigrationState::Changed) a.changed.emplace_back(&m, s.recordedHash);
            byWhen.erase(it);
        } else {
            a.pending.push_back(&m);
            if (newest && m.when < newest->when) a.outOfOrder.push_back(&m);
        }
        a.statuses.push_back(std::move(s));
    }
    std::vector<const AppliedRecord*> missing;
    for (const auto& [when, r] : byWhen) missing.push_back(r);
    std::sort(missing.begin(), missing.end(), [](auto* x, auto* y) { return x->when < y->when; });
    for (const AppliedRecord* r : missing) {
        a.missing.push_back(r->when);
        a.statuses.push_back(
            MigrationStatus{r->name.value_or(""), r->when, r->hash, r->hash, MigrationState::Missing, r->appliedAt});
    }
    return a;
}

void Migrator::enforce(const Analysis& a, Report& report) {
    auto warn = [&](const std::string& tag, std::string message) {
        report.warnings.push_back(message);
        emit(Event{Event::Kind::Warning, tag, std::move(message)});
    };
    for (const auto& [m, recorded] : a.changed) {
        if (options_.checksumPolicy == ChecksumPolicy::Fail) throw ChecksumMismatch(m->tag, recorded, m->hash);
        warn(m->tag, ChecksumMismatch(m->tag, recorded, m->hash).what());
    }
    if (!a.outOfOrder.empty() && !options_.allowOutOfOrder) throw OutOfOrder(a.outOfOrder.front()->tag, a.newestTag);
    for (std::int64_t when : a.missing)
        warn({}, fmt::format("the database records a migration (created_at {}) that {} does not contain", when,
                             set_.origin()));
    for (std::int64_t when : a.duplicated)
        warn({}, fmt::format("the tracking table records created_at {} more than once", when));
}

Report Migrator::upToDate() {
    const auto start = Clock::now();
    Report report;
    // Fast path: nothing pending needs no lock and no write.
    if (dialect_.trackingTableExists()) {
        Analysis a = analyse(dialect_.appliedMigrations());
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
    if (!a.pending.empty()) backupIfAsked(report);
    if (options_.transactionMode == TransactionMode::AllInOne)
        applyAllInOne(a.pending, report);
    else
        applyOneByOne(a.pending, report);
    report.duration = since(start);
    return report;
}

void Migrator::applyOneByOne(const std::vector<const Migration*>& pending, Report& report) {
    const std::size_t total = pending.size();
    for (std::size_t i = 0; i < total; ++i) {
        std::vector<PreparedMigration> batch{dialect_.prepare(*pending[i])};
        if (batch.front().transactional)
            runBatch(batch, i + 1, total, report);
        else
            runOutsideTransaction(batch.front(), i + 1, total, report);
    }
}

void Migrator::applyAllInOne(const std::vector<const Migration*>& pending, Report& report) {
    std::vector<PreparedMigration> batch;
    for (const Migration* m : pending) {
        batch.push_back(dialect_.prepare(*m));
        if (!batch.back().transactional)
            throw Error(fmt::format("migration {} must run outside a transaction ({}), which cannot be combined "
                                    "with running all migrations in one transaction",
                                    m->tag, kNoTransactionDirective));
    }
    if (!batch.empty()) runBatch(batch, 1, batch.size(), report);
}

bool Migrator::runBatch(const std::vector<PreparedMigration>& batch, std::size_t first, std::size_t total,
                        Report& report) {
    std::vector<AppliedMigration> done;
    {
        dialect_.beforeTransaction(batch);
        AfterTransaction after{dialect_, batch};
        dialect_.begin(options_.lockTimeout);
        try {
            std::size_t index = first;
            for (const PreparedMigration& p : batch) {
                const Migration& m = *p.migration;
                if (dialect_.isApplied(m.when)) {  // another process got there first
                    emit(Event{Event::Kind::Skipped, m.tag, "applied meanwhile by another process", {}, index++, total});
                    continue;
                }
                emit(Event{Event::Kind::Applying, m.tag, {}, {}, index, total});
                const auto t0 = Clock::now();
                for (const Statement& s : p.statements) {
                    try {
                        dialect_.execute(s.sql);
                    } catch (const DatabaseError& e) {
                        throw failure(p, &s, e);
                    }
                }
                try {
                    dialect_.verify(p);
                } catch (const DatabaseError& e) {
                    throw failure(p, nullptr, e);
                }
                dialect_.recordApplied(m);
                done.push_back(AppliedMigration{m.tag, m.when, since(t0)});
                ++index;
            }
            dialect_.commit();
        } catch (...) {
            dialect_.rollback();
            throw;
        }
    }
    std::size_t index = first;
    for (const auto& applied : done) {
        emit(Event{Event::Kind::Applied, applied.tag, {}, applied.duration, index++, total});
        report.applied.push_back(applied);
    }
    return !done.empty();
}

void Migrator::runOutsideTransaction(const PreparedMigration& p, std::size_t index, std::size_t total,
                                     Report& report) {
    const Migration& m = *p.migration;
    if (dialect_.isApplied(m.when)) {
        emit(Event{Event::Kind::Skipped, m.tag, "applied meanwhile by another process", {}, index, total});
        return;
    }
    emit(Event{Event::Kind::Applying, m.tag, {}, {}, index, total});
    const auto t0 = Clock::now();
    for (const Statement& s : p.statements) {
        try {
            dialect_.execute(s.sql);
        } catch (const DatabaseError& e) {
            throw failure(p, &s, e);
        }
    }
    const auto duration = since(t0);
    dialect_.begin(options_.lockTimeout);
    try {
        if (!dialect_.isApplied(m.when)) dialect_.recordApplied(m);
        dialect_.commit();
    } catch (...) {
        dialect_.rollback();
        throw;
    }
    emit(Event{Event::Kind::Applied, m.tag, {}, duration, index, total});
    report.applied.push_back(AppliedMigration{m.tag, m.when, duration});
}

std::vector<MigrationStatus> Migrator::status() { return analyse(readApplied()).statuses; }

std::vector<const Migration*> Migrator::pending() { return analyse(readApplied()).pending; }

std::vector<PlannedMigration> Migrator::plan() {
    std::vector<PlannedMigration> out;
    for (const Migration* m : pending()) {
        PreparedMigration p = dialect_.prepare(*m);
        out.push_back(PlannedMigration{m, std::move(p.statements), p.transactional});
    }
    return out;
}

void Migrator::acceptChecksum(const std::string& tag) {
    const Migration* m = &require(tag);
    auto lock = dialect_.lock(options_.lockTimeout);
    if (!dialect_.trackingTableExists() || !dialect_.isApplied(m->when))
        throw Error(fmt::format("migration {} is not applied to {}; there is no hash to accept", tag,
                                dialect_.describe()));
    dialect_.begin(options_.lockTimeout);
    try {
        dialect_.updateHash(m->when, m->hash);
        dialect_.commit();
    } catch (...) {
        dialect_.rollback();
        throw;
    }
}

}  // namespace ob::migrate
