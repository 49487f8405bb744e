// Migrator: moving to a given migration (down and up), adopting databases, backups.
#include <fmt/format.h>

#include <algorithm>

#include "migrator_analysis.hpp"
#include "run_support.hpp"
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

Migrator::Moves Migrator::movesTo(const Migration& target, const Analysis& a) const {
    Moves moves;
    for (const auto& s : a.statuses) {
        if (s.state == MigrationState::Missing) continue;
        const Migration* m = set_.findByWhen(s.when);
        if (m->idx > target.idx && s.state != MigrationState::Pending) moves.down.push_back(m);
        if (m->idx <= target.idx && s.state == MigrationState::Pending) moves.up.push_back(m);
    }
    std::reverse(moves.down.begin(), moves.down.end());
    for (const Migration* m : moves.down)
        if (!m->reversible())
            throw Error(fmt::format("cannot roll back to {}: migration {} has {}", target.tag, m->tag,
                                    m->downSql ? "a down file marked irreversible" : "no down migration (.down.sql)"));
    return moves;
}

Report Migrator::migrateTo(const std::string& tag) {
    const auto start = Clock::now();
    const Migration& target = require(tag);
    Report report;
    auto session = dialect_.prepareSession(options_.lockTimeout);
    auto lock = dialect_.lock(options_.lockTimeout);
    dialect_.ensureTrackingTable();
    Analysis a = analyse(dialect_.appliedMigrations());
    enforce(a, report);
    const Moves moves = movesTo(target, a);
    // Every file is prepared (and so checked: transaction control...) before anything runs.
    std::vector<Migration> reverses;
    reverses.reserve(moves.down.size());
    std::vector<PreparedMigration> prepared;
    for (const Migration* m : moves.down) prepared.push_back(dialect_.prepare(reverses.emplace_back(reverseOf(*m))));
    for (const Migration* m : moves.up) dialect_.prepare(*m);
    if (!moves.down.empty() && moves.up.empty()) backupIfAsked(report);  // apply() backs up itself
    for (std::size_t i = 0; i < prepared.size(); ++i) runOne(prepared[i], Step::Down, i + 1, prepared.size(), report);
    apply(moves.up, report);
    report.duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    return report;
}

std::vector<PlannedMigration> Migrator::planTo(const std::string& tag) {
    const Migration& target = require(tag);
    auto session = dialect_.prepareSession(options_.lockTimeout);
    Analysis a = analyse(readApplied());
    Report ignored;
    enforce(a, ignored);  // a plan migrateTo() would refuse is no plan
    const Moves moves = movesTo(target, a);
    std::vector<PlannedMigration> out;
    for (const Migration* m : moves.down) {
        PreparedMigration p = dialect_.prepare(reverseOf(*m));
        out.push_back(PlannedMigration{m, std::move(p.statements), p.transactional, true});
    }
    for (const Migration* m : moves.up) {
        PreparedMigration p = dialect_.prepare(*m);
        out.push_back(PlannedMigration{m, std::move(p.statements), p.transactional});
    }
    return out;
}

Migration Migrator::reverseOf(const Migration& migration) {
    Migration reverse = migration;
    reverse.tag = migration.tag + std::string(detail::kDownSuffix);
    reverse.statements = migration.downStatements;
    reverse.transactional = migration.downTransactional;
    const auto dot = migration.file.rfind(".sql");
    reverse.file = dot == std::string::npos ? migration.file + ".down" : migration.file.substr(0, dot) + ".down.sql";
    return reverse;
}

std::vector<std::string> Migrator::markApplied(const std::string& tag) {
    const Migration& target = require(tag);
    auto session = dialect_.prepareSession(options_.lockTimeout);
    auto lock = dialect_.lock(options_.lockTimeout);
    dialect_.ensureTrackingTable();
    std::vector<std::string> recorded;
    detail::Transaction tx(dialect_, options_.lockTimeout);
    for (const auto& m : set_.migrations()) {
        if (m.idx > target.idx || dialect_.isApplied(m.when)) continue;
        dialect_.recordApplied(m);
        recorded.push_back(m.tag);
    }
    tx.commit();
    return recorded;
}

}  // namespace ob::migrate
