#include "ob/migrate/dialect.hpp"

#include "ob/migrate/error.hpp"
#include "ob/migrate/schema.hpp"
#include "sql_checks.hpp"

namespace ob::migrate {

std::unique_ptr<SessionLock> Dialect::prepareSession(std::chrono::milliseconds) {
    return std::make_unique<SessionLock>();
}

bool Dialect::scanApplied(const AppliedRowVisitor& row) {
    if (!trackingTableExists()) return false;
    for (const AppliedRecord& r : appliedMigrations()) row(r.when, r.hash);
    return true;
}

PreparedMigration Dialect::prepare(const Migration& migration) const {
    PreparedMigration prepared;
    prepared.migration = &migration;
    prepared.transactional = migration.transactional;
    for (const auto& statement : migration.statements)
        if (!statement.empty()) prepared.statements.push_back(statement);
    if (prepared.transactional) detail::refuseTransactionControl(prepared.statements, migration.file);
    return prepared;
}

void Dialect::checkLock() {}
bool Dialect::inTransaction() noexcept { return false; }
void Dialect::beforeTransaction(const std::vector<PreparedMigration>&) {}
void Dialect::verify(const PreparedMigration&) {}
void Dialect::afterTransaction(const std::vector<PreparedMigration>&) noexcept {}

LockWaitGuard* Dialect::lockWaitGuard() noexcept { return nullptr; }

std::optional<std::string> Dialect::backup(const BackupOptions&) {
    throw Error(describe() + ": this backend cannot make backups");
}

void Dialect::restore(const std::string&) { throw Error(describe() + ": this backend cannot restore backups"); }

Schema Dialect::introspect() { throw Error(describe() + ": introspection is not supported by this backend"); }

Schema Dialect::normalize(const Schema& schema) { return schema; }

}  // namespace ob::migrate
