// Migrator: moving to a given migration (down and up), adopting databases, backups.
#include <fmt/format.h>

#include <algorithm>

#include "migrator_analysis.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"

namespace ob::migrate {

using Clock = std::chrono::steady_clock;

const Migration& Migrator::require(const std::string& tag) const {
    const Migration* m = set_.findByTag(tag);
    if (!m) throw Error(fmt::format("no migration {} in {}", tag, set_.origin()));
    return *m;
}

void Migrator::backupIfAsked(Report& report) {
    if (!options_.backup) return;
    report.backupPath = dialect_.backup(*options_.backup);
    if (report.backupPath)
        emit(Event{Event::Kind::BackedUp, {}, *report.backupPath});
    else
        emit(Event{Event::Kind::Warning, {}, dialect_.describe() + " has nothing durable to back up"});
}

Report Migrator::migrateTo(const std::string& tag) {
    const auto start = Clock::now();
    const Migration& target = require(tag);
    Report report;
    auto lock = dialect_.lock(options_.lockTimeout);
    dialect_.ensureTrackingTable();
    Analysis a = analyse(dialect_.appliedMigrations());
    enforce(a, report);

    std::vector<const Migration*> down, up;
    for (const auto& s : a.statuses) {
        if (s.state == MigrationState::Missing) continue;
        const Migration* m = set_.findByWhen(s.when);
        if (m->idx > target.idx && s.state != MigrationState::Pending) down.push_back(m);
        if (m->idx <= target.idx && s.state == MigrationState::Pending) up.push_back(m);
    }
    std::reverse(down.begin(), down.end());
    for (const Migration* m : down)
        if (!m->reversible())
            throw Error(fmt::format("cannot roll back to {}: migration {} has {}", tag, m->tag,
                                    m->downSql ? "a down file marked irreversible" : "no down migration (.down.sql)"));
    if (!down.empty() || !up.empty()) backupIfAsked(report);
    for (const Migration* m : down) rollBack(*m, report);
    if (options_.transactionMode == TransactionMode::AllInOne)
        applyAllInOne(up, report);
    else
        applyOneByOne(up, report);
    report.duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    return report;
}

void Migrator::rollBack(const Migration& migration, Report& report) {
    Migration reverse = migration;
    reverse.tag = migration.tag + " (down)";
    reverse.statements = migration.downStatements;
    reverse.transactional = migration.downTransactional;
    const auto dot = migration.file.rfind(".sql");
    reverse.file = dot == std::string::npos ? migration.file + ".down" : migration.file.substr(0, dot) + ".down.sql";
    std::vector<PreparedMigration> batch{dialect_.prepare(reverse)};
    const PreparedMigration& p = batch.front();
    const auto t0 = Clock::now();
    auto run = [&] {
        for (const Statement& s : p.statements) {
            try {
                dialect_.execute(s.sql);
            } catch (const DatabaseError& e) {
                MigrationFailed::Details d{reverse.tag, reverse.file, s.index, s.line, s.firstLine(), e.what(),
                                           e.sqlState(), p.transactional};
                throw MigrationFailed(std::move(d));
            }
        }
    };
    if (!p.transactional) run();
    dialect_.beforeTransaction(batch);
    struct After {
        Dialect& d;
        const std::vector<PreparedMigration>& b;
        ~After() { d.afterTransaction(b); }
    } after{dialect_, batch};
    dialect_.begin(options_.lockTimeout);
    try {
        if (p.transactional) run();
        try {
            dialect_.verify(p);
        } catch (const DatabaseError& e) {
            throw MigrationFailed(MigrationFailed::Details{reverse.tag, reverse.file, 0, 0,
                                                           "(check after the last statement)", e.what(), e.sqlState(),
                                                           true});
        }
        dialect_.removeApplied(migration.when);
        dialect_.commit();
    } catch (...) {
        dialect_.rollback();
        throw;
    }
    AppliedMigration done{migration.tag, migration.when,
                          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0)};
    emit(Event{Event::Kind::RolledBack, migration.tag, {}, done.duration});
    report.rolledBack.push_back(done);
}

std::vector<std::string> Migrator::markApplied(const std::string& tag) {
    const Migration& target = require(tag);
    auto lock = dialect_.lock(options_.lockTimeout);
    dialect_.ensureTrackingTable();
    std::vector<std::string> recorded;
    dialect_.begin(options_.lockTimeout);
    try {
        for (const auto& m : set_.migrations()) {
            if (m.idx > target.idx || dialect_.isApplied(m.when)) continue;
            dialect_.recordApplied(m);
            recorded.push_back(m.tag);
        }
        dialect_.commit();
    } catch (...) {
        dialect_.rollback();
        throw;
    }
    return recorded;
}

}  // namespace ob::migrate
