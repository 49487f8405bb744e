// lint: the SQLite rules. Drizzle Kit rebuilds a table as CREATE TABLE __new_x, INSERT ... SELECT,
// DROP TABLE x, ALTER TABLE __new_x RENAME TO x, between PRAGMA foreign_keys=OFF / ON lines (which
// ob::migrate lifts out of the transaction). Without them the DROP deletes the cascading children.
#include <fmt/format.h>

#include "lint_engine.hpp"

namespace ob::migrate::lintdetail {

namespace {

using K = Classified::Kind;

/// True when a later statement of the migration renames another table to `table` (a rebuild).
bool rebuilt(const MigrationContext& ctx, const std::string& table) {
    for (std::size_t i = ctx.current + 1; i < ctx.classified.size(); ++i)
        for (const auto& a : ctx.classified[i].actions)
            if (a.kind == AlterAction::Kind::RenameTable && a.name == table) return true;
    return false;
}

/// True when the migration has a `PRAGMA foreign_keys=OFF` line: ob::migrate then suspends
/// enforcement around the whole migration's transaction (src/sqlite/dialect.cpp), wherever it is.
bool suspendsForeignKeys(const MigrationContext& ctx) {
    for (const auto& c : ctx.classified)
        if (c.kind == K::PragmaForeignKeys && !c.on) return true;
    return false;
}

bool insideExplicitTransaction(const MigrationContext& ctx) {
    bool open = false;
    for (std::size_t i = 0; i < ctx.current; ++i) {
        if (ctx.classified[i].kind == K::Begin) open = true;
        if (ctx.classified[i].kind == K::Commit) open = false;
    }
    return open;
}

}  // namespace

void sqliteRules(MigrationContext& ctx) {
    const Classified& c = ctx.classified[ctx.current];
    if (c.kind == K::PragmaForeignKeys && insideExplicitTransaction(ctx)) {
        ctx.add("sqlite-pragma-in-transaction",
                "PRAGMA foreign_keys after the file's own BEGIN: SQLite ignores it inside a transaction, so "
                "foreign keys stay as they were",
                "remove the BEGIN/COMMIT lines (ob::migrate runs each migration in a transaction and lifts the "
                "pragma out of it)");
        return;
    }
    if (c.kind != K::DropTable) return;
    for (const auto& table : c.tables) {
        if (!ctx.existing(table) || !rebuilt(ctx, table) || suspendsForeignKeys(ctx)) continue;
        const auto children = ctx.state.cascadeChildren(table);
        if (children.empty()) continue;
        ctx.add("sqlite-rebuild-cascade",
                fmt::format("rebuilds {} in a migration without PRAGMA foreign_keys=OFF: the DROP deletes the rows of {} "
                            "(ON DELETE CASCADE)",
                            table, fmt::join(children, ", ")),
                "put `PRAGMA foreign_keys=OFF;` before the rebuild and `PRAGMA foreign_keys=ON;` after it, each "
                "between statement breakpoints (ob::migrate lifts them out of the transaction)");
    }
}

}  // namespace ob::migrate::lintdetail
