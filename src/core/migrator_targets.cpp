// Migrator: moving to a given migration (down and up), adopting databases, backups.
#include <fmt/format.h>

#include <algorithm>

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
    report.backupPath = requireCapability<Backups>(driver_, "make backups").backup(*options_.backup);
    if (report.backupPath)
        emit(Event{Event::Kind::BackedUp, {}, *report.backupPath});
    else
        emit(Event{Event::Kind::Warning, {}, driver_.describe() + " has nothing durable to back up"});
}

Migrator::Moves Migrator::movesTo(const Migration* target, const HistoryAnalysis& a) const {
    Moves moves;
    for (const auto& s : a.statuses) {
        if (s.state == MigrationState::Missing) continue;
        const Migration* m = set_.findByWhen(s.when);
        const bool after = !target || m->idx > target->idx;
        if (after && s.state != MigrationState::Pending) moves.down.push_back(m);
        if (!after && s.state == MigrationState::Pending) moves.up.push_back(m);
    }
    std::reverse(moves.down.begin(), moves.down.end());
    const std::string to = target ? target->tag : "before the first migration";
    for (const Migration* m : moves.down)
        if (!m->reversible())
            throw Error(fmt::format("cannot roll back to {}: migration {} has {}", to, m->tag,
                                    m->down ? "a down file marked irreversible" : "no down migration (.down.sql)"));
    return moves;
}

Report Migrator::move(const Migration* target) {
    const auto start = Clock::now();
    Report report;
    auto session = driver_.session(options_.lockTimeout);
    auto lock = driver_.lock(options_.lockTimeout);
    driver_.history().ensure();
    HistoryAnalysis a = analyse(driver_.history().read());
    enforce(a, report);
    const Moves moves = movesTo(target, a);
    // Every script is prepared (and so checked: transaction control...) before anything runs.
    std::vector<PlannedMigration> planned;
    for (const Migration* m : moves.down) planned.push_back(driver_.prepare(*m, Direction::Down));
    for (const Migration* m : moves.up) driver_.prepare(*m);
    if (!moves.down.empty() && moves.up.empty()) backupIfAsked(report);  // apply() backs up itself
    for (std::size_t i = 0; i < planned.size(); ++i) runOne(planned[i], i + 1, planned.size(), report);
    apply(moves.up, report);
    report.duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
    return report;
}

Report Migrator::migrateTo(const std::string& tag) { return move(&require(tag)); }

Report Migrator::rollBackAll() { return move(nullptr); }

std::vector<PlannedMigration> Migrator::planTo(const std::string& tag) {
    const Migration& target = require(tag);
    auto session = driver_.session(options_.lockTimeout);
    HistoryAnalysis a = analyse(readApplied());
    Report ignored;
    enforce(a, ignored);  // a plan migrateTo() would refuse is no plan
    const Moves moves = movesTo(&target, a);
    std::vector<PlannedMigration> out;
    for (const Migration* m : moves.down) out.push_back(driver_.prepare(*m, Direction::Down));
    for (const Migration* m : moves.up) out.push_back(driver_.prepare(*m));
    return out;
}

std::vector<std::string> Migrator::markApplied(const std::string& tag) {
    const Migration& target = require(tag);
    auto session = driver_.session(options_.lockTimeout);
    auto lock = driver_.lock(options_.lockTimeout);
    History& history = driver_.history();
    history.ensure();
    std::vector<std::string> recorded;
    auto tx = driver_.begin({}, TransactionOptions{options_.lockTimeout, true});
    for (const auto& m : set_.migrations()) {
        if (m.idx > target.idx || history.contains(m.when)) continue;
        history.add(m);
        recorded.push_back(m.tag);
    }
    tx->commit();
    return recorded;
}

}  // namespace ob::migrate
