// The defaults of the backend seam: a session that changes nothing, every non-empty chunk as it
// is written, and the no-op boot's read as two calls.
#include "ob/migrate/driver.hpp"

#include "sql_checks.hpp"

namespace ob::migrate {

std::unique_ptr<Scope> Driver::session(std::chrono::milliseconds) { return std::make_unique<Scope>(); }

PlannedMigration Driver::prepare(const Migration& migration, Direction direction) const {
    PlannedMigration planned;
    planned.migration = &migration;
    planned.direction = direction;
    const bool up = direction == Direction::Up;
    planned.transactional = up ? migration.transactional : migration.downTransactional;
    for (const auto& statement : up ? migration.statements : migration.downStatements)
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

std::string PlannedMigration::file() const {
    if (direction == Direction::Up) return migration->file;
    const std::string& up = migration->file;
    const auto dot = up.rfind(".sql");
    return dot == std::string::npos ? up + ".down" : up.substr(0, dot) + ".down.sql";
}

std::string PlannedMigration::label() const {
    return direction == Direction::Up ? migration->tag : migration->tag + " (down)";
}

}  // namespace ob::migrate
