// push: the DSL schema applied to a database directly, in one transaction, no files.
#include "ob/migrate/push.hpp"

#include <fmt/format.h>

#include "ob/migrate/generate.hpp"
#include "ob/migrate/pull.hpp"
#include "run_support.hpp"

namespace ob::migrate {

namespace {

/// The live schema against `target`: spelled as `target` where the database cannot tell them apart.
Diff liveDiff(Dialect& dialect, const Schema& target, const RenameHints& hints) {
    return diff(keepSpelling(dialect, dialect.introspect(), target), target, hints);
}

}  // namespace

PushResult push(Dialect& dialect, const dsl::Definition& schema, const SqlRenderer& renderer, const PushOptions& options) {
    if (dialect.name() != renderer.dialect())
        throw ConfigError(fmt::format("cannot push a {} schema to {}", renderer.dialect(), dialect.describe()));
    const Schema target = schema.resolve(renderer);
    RenameHints hints = schema.renames();
    hints.merge(options.renames);
    auto session = dialect.prepareSession(options.lockTimeout);
    auto lock = dialect.lock(options.lockTimeout);

    PushResult result;
    const Diff d = liveDiff(dialect, target, hints);
    for (const auto& op : d.operations) result.operations.push_back(describe(op));
    if (d.empty()) return result;
    if (!d.dataLoss.empty() && !options.allowDataLoss) throw DataLossError(d.dataLoss, "push", "--allow-data-loss");
    result.dataLoss = d.dataLoss;
    result.statements = renderer.render(d);
    if (options.dryRun || result.statements.empty()) return result;

    // One migration that is never recorded: the Dialect prepares it (SQLite lifts the rebuilds'
    // foreign_keys pragmas out of the transaction) and it runs as a migration runs.
    const Migration migration =
        Migration::fromSql(0, "push", 0, joinStatements(result.statements), true, "push to " + dialect.describe());
    std::vector<PreparedMigration> batch{dialect.prepare(migration)};
    {
        detail::TransactionScope scope(dialect, batch);
        detail::Transaction transaction(dialect, options.lockTimeout);
        detail::runStatements(dialect, batch.front());
        detail::runStep(batch.front(), "(check after the last statement)", [&] { dialect.verify(batch.front()); });
        detail::runStep(batch.front(), "COMMIT", [&] { transaction.commit(); });
    }
    result.applied = true;
    for (const auto& op : liveDiff(dialect, target, hints).operations) result.remaining.push_back(describe(op));
    return result;
}

}  // namespace ob::migrate
