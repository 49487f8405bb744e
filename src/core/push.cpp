// push: the DSL schema applied to a database directly, in one transaction, no files.
#include "ob/migrate/push.hpp"

#include <fmt/format.h>

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/pull.hpp"
#include "run_support.hpp"

namespace ob::migrate {

namespace {

/// The live schema against `target`: spelled as `target` where the database cannot tell them apart.
Diff liveDiff(Introspection& introspection, const Schema& target, const RenameHints& hints) {
    return diff(keepSpelling(introspection, introspection.introspect(), target), target, hints);
}

}  // namespace

PushResult push(Driver& driver, const dsl::Definition& schema, const SqlRenderer& renderer, const PushOptions& options) {
    if (driver.name() != renderer.dialect())
        throw ConfigError(fmt::format("cannot push a {} schema to {}", renderer.dialect(), driver.describe()));
    Introspection& introspection = requireCapability<Introspection>(driver, "introspect: push needs it");
    const Schema target = schema.resolve(renderer);
    RenameHints hints = schema.renames();
    hints.merge(options.renames);
    auto session = driver.session(options.lockTimeout);
    auto lock = driver.lock(options.lockTimeout);

    PushResult result;
    const Diff d = liveDiff(introspection, target, hints);
    for (const auto& op : d.operations) result.operations.push_back(describe(op));
    if (d.empty()) return result;
    if (!d.dataLoss.empty() && !options.allowDataLoss) throw DataLossError(d.dataLoss, "push", "--allow-data-loss");
    result.dataLoss = d.dataLoss;
    result.statements = renderer.render(d);
    if (options.dryRun || result.statements.empty()) return result;

    // One migration that is never recorded: the Driver plans it and opens its transaction as for
    // any migration (SQLite lifts the rebuilds' foreign_keys pragmas out of the transaction).
    const Migration migration =
        Migration::fromSql(0, "push", 0, joinStatements(result.statements), true, "push to " + driver.describe());
    const std::vector<PlannedMigration> batch{driver.prepare(migration)};
    auto tx = driver.begin(batch, TransactionOptions{options.lockTimeout, true});
    detail::runInTransaction(driver, *tx, batch.front(), nullptr, [] {});
    result.applied = true;
    for (const auto& op : liveDiff(introspection, target, hints).operations) result.remaining.push_back(describe(op));
    return result;
}

}  // namespace ob::migrate
