// The defaults of the backend seam: a session that changes nothing, every non-empty chunk as it
// is written, and the no-op boot's read as two calls.
#include "ob/migrate/driver.hpp"

#include "ob/migrate/error.hpp"
#include "sql_checks.hpp"

namespace ob::migrate {

std::unique_ptr<Scope> Driver::session(std::chrono::milliseconds) { return std::make_unique<Scope>(); }

PlannedMigration Driver::prepare(const Migration& migration, Direction direction) const {
    PlannedMigration planned;
    planned.migration = &migration;
    planned.direction = direction;
    const Script& script = planned.script();
    planned.transactional = script.transactional();
    for (const auto& statement : script.statements())
        if (!statement.empty()) planned.statements.push_back(statement);
    if (planned.transactional) detail::refuseTransactionControl(planned.statements, planned.file());
    return planned;
}

bool History::scan(const RowVisitor& row) {
    if (!exists()) return false;
    for (const AppliedRecord& r : read()) row(r.when, r.hash);
    return true;
}

void Transaction::verify(const PlannedMigration&) {}

const Script& PlannedMigration::script() const {
    if (direction == Direction::Up) return migration->up;
    if (!migration->down) throw Error("migration " + migration->tag + " has no down migration (.down.sql)");
    return *migration->down;
}

const std::string& PlannedMigration::file() const { return script().file(); }

std::string PlannedMigration::label() const {
    return direction == Direction::Up ? migration->tag : migration->tag + " (down)";
}

}  // namespace ob::migrate
