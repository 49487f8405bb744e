// lint: the PostgreSQL rules, one statement at a time.
#include <fmt/format.h>

#include "lint_engine.hpp"

namespace ob::migrate::lintdetail {

namespace {

using K = Classified::Kind;
using A = AlterAction::Kind;

constexpr const char* kOwnMigration =
    "in a migration of its own whose first line is `-- ob-migrate: no-transaction`";

const char* constraintWord(ConstraintKind k) {
    switch (k) {
        case ConstraintKind::ForeignKey: return "foreign key";
        case ConstraintKind::Check: return "check";
        case ConstraintKind::Unique: return "unique constraint";
        case ConstraintKind::PrimaryKey: return "primary key";
        case ConstraintKind::Exclude: return "exclusion constraint";
        case ConstraintKind::None: break;
    }
    return "constraint";
}

/// True when a statement after the current one in this migration does DDL on `table`.
bool ddlOn(const MigrationContext& ctx, const std::string& table) {
    for (const auto& c : ctx.classified)
        if ((c.kind == K::AlterTable || c.kind == K::CreateIndex) && c.table == table) return true;
    return false;
}

bool validatedInThisMigration(const MigrationContext& ctx, const std::string& name) {
    for (std::size_t i = ctx.current + 1; i < ctx.classified.size(); ++i)
        for (const auto& a : ctx.classified[i].actions)
            if (a.kind == A::ValidateConstraint && a.name == name) return true;
    return false;
}

void addedConstraint(MigrationContext& ctx, const std::string& table, const AlterAction& a) {
    const bool tx = ctx.migration.up.transactional();
    const std::string what = fmt::format("{}{} on existing table {}", constraintWord(a.constraint),
                                         a.name.empty() ? "" : " " + a.name, table);
    if (a.constraint == ConstraintKind::Unique || a.constraint == ConstraintKind::PrimaryKey) {
        if (!a.usingIndex)
            ctx.add("unique-without-index", fmt::format("adds {} and builds its index under a lock", what),
                    fmt::format("CREATE UNIQUE INDEX CONCURRENTLY {}, then ADD CONSTRAINT ... {} USING INDEX",
                                kOwnMigration, a.constraint == ConstraintKind::Unique ? "UNIQUE" : "PRIMARY KEY"));
        return;
    }
    if (a.constraint != ConstraintKind::ForeignKey && a.constraint != ConstraintKind::Check) return;
    if (!a.notValid) {
        ctx.add("constraint-not-valid", fmt::format("adds {} without NOT VALID: every row is checked under a lock", what),
                "ADD CONSTRAINT ... NOT VALID, then ALTER TABLE ... VALIDATE CONSTRAINT in a later migration");
        return;
    }
    if (tx && validatedInThisMigration(ctx, a.name)) {
        ctx.add("constraint-not-valid",
                fmt::format("adds {} NOT VALID and validates it in the same transaction, which still holds the lock",
                            what),
                "move VALIDATE CONSTRAINT to a later migration");
        return;
    }
    if (!ctx.validatedLater(a.name) && !validatedInThisMigration(ctx, a.name))
        ctx.add("constraint-not-validated",
                fmt::format("{} is added NOT VALID and never validated: new rows are checked, old ones never",
                            what),
                fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {} in a later migration", table, a.name));
}

void addedColumn(MigrationContext& ctx, const std::string& table, const ColumnDef& col) {
    const std::string what = fmt::format("column {}.{}", table, col.name);
    std::string reason;
    if (col.volatileDefault) reason = fmt::format("with the volatile default {}", col.defaultSql);
    else if (col.serial) reason = fmt::format("as {} (a nextval() default)", col.type);
    else if (col.identity) reason = "as an identity column";
    else if (col.storedGenerated) reason = "as a stored generated column";
    if (!reason.empty())
        ctx.add("volatile-default", fmt::format("adds {} {}: the table is rewritten under an ACCESS EXCLUSIVE lock", what, reason),
                "add the column without a default (or with a constant one), then set the default and backfill in "
                "batches");
    if (col.inlineConstraint == ConstraintKind::ForeignKey || col.inlineConstraint == ConstraintKind::Check)
        ctx.add("constraint-not-valid",
                fmt::format("adds {} with an inline {}: every row is checked under a lock", what,
                            constraintWord(col.inlineConstraint)),
                "add the column alone, then ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT in a later migration");
    if (col.inlineConstraint == ConstraintKind::Unique || col.inlineConstraint == ConstraintKind::PrimaryKey)
        ctx.add("unique-without-index",
                fmt::format("adds {} with an inline {}: its index is built under a lock", what,
                            constraintWord(col.inlineConstraint)),
                fmt::format("add the column alone, CREATE UNIQUE INDEX CONCURRENTLY {}, then ADD CONSTRAINT ... "
                            "USING INDEX",
                            kOwnMigration));
}

void alterTable(MigrationContext& ctx, const Classified& c) {
    if (!ctx.existing(c.table)) return;
    const std::string& table = c.table;
    for (const auto& a : c.actions) {
        switch (a.kind) {
            case A::AddColumn: addedColumn(ctx, table, a.column); break;
            case A::AddConstraint: addedConstraint(ctx, table, a); break;
            case A::SetNotNull:
                if (ctx.existingColumn(table, a.name) && !ctx.state.validatedNotNull.count(table + "." + a.name))
                    ctx.add("set-not-null",
                            fmt::format("sets {}.{} NOT NULL: every row is scanned under an ACCESS EXCLUSIVE lock",
                                        table, a.name),
                            fmt::format("ADD CONSTRAINT ... CHECK ({} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a "
                                        "later migration, then SET NOT NULL and drop the check",
                                        a.name));
                break;
            case A::AlterType: {
                if (!ctx.existingColumn(table, a.name)) break;
                auto t = ctx.state.tables.find(table);
                std::string old;
                if (t != ctx.state.tables.end()) {
                    auto col = t->second.columns.find(a.name);
                    if (col != t->second.columns.end()) old = col->second;
                }
                if (!old.empty() && !a.usingClause && isBinaryCoercible(old, a.type)) break;
                ctx.add("type-rewrite",
                        old.empty() ? fmt::format("changes the type of {}.{} to {}: most type changes rewrite the "
                                                  "table under an ACCESS EXCLUSIVE lock",
                                                  table, a.name, a.type)
                                    : fmt::format("changes {}.{} from {} to {}{}: the table is rewritten under an "
                                                  "ACCESS EXCLUSIVE lock",
                                                  table, a.name, old, a.type, a.usingClause ? " with USING" : ""),
                        "add a new column of the new type, backfill it in batches, switch the code, then drop the old "
                        "one");
                break;
            }
            case A::RenameColumn:
                if (ctx.existingColumn(table, a.name))
                    ctx.add("rename-column", fmt::format("renames {}.{} to {}: replicas running the old code break", table,
                                                         a.name, a.to),
                            "expand and contract: add the new column, write both, deploy, then drop the old one");
                break;
            case A::RenameTable:
                ctx.add("rename-table", fmt::format("renames table {} to {}: replicas running the old code break", table,
                                                    a.name),
                        "expand and contract: create the new table (or a view), deploy, then drop the old one");
                break;
            case A::DropColumn:
                if (ctx.existingColumn(table, a.name))
                    ctx.add("drop-column", fmt::format("drops {}.{}, which the previous schema had", table, a.name),
                            "first deploy code that no longer uses it, then drop it in a later release");
                break;
            default: break;
        }
    }
}

}  // namespace

void postgresRules(MigrationContext& ctx) {
    const Classified& c = ctx.classified[ctx.current];
    const bool tx = ctx.migration.up.transactional();
    switch (c.kind) {
        case K::CreateIndex:
            if (c.concurrently && tx)
                ctx.add("concurrently-in-transaction",
                        fmt::format("CREATE INDEX CONCURRENTLY {} runs in the migration's transaction, where "
                                    "PostgreSQL refuses it",
                                    c.name),
                        fmt::format("put it {}", kOwnMigration));
            else if (!c.concurrently && ctx.existing(c.table))
                ctx.add("index-not-concurrent",
                        fmt::format("creates index {} on existing table {} without CONCURRENTLY: writes to {} wait "
                                    "until it is built",
                                    c.name, c.table, c.table),
                        fmt::format("CREATE INDEX CONCURRENTLY {}", kOwnMigration));
            break;
        case K::DropIndex:
        case K::Reindex:
            if (c.concurrently && tx)
                ctx.add("concurrently-in-transaction",
                        fmt::format("{} CONCURRENTLY runs in the migration's transaction, where PostgreSQL refuses it",
                                    c.kind == K::Reindex ? "REINDEX" : "DROP INDEX"),
                        fmt::format("put it {}", kOwnMigration));
            if (c.kind == K::Reindex && !c.concurrently)
                ctx.add("reindex-not-concurrent", "REINDEX without CONCURRENTLY blocks writes to the table",
                        fmt::format("REINDEX ... CONCURRENTLY {}", kOwnMigration));
            break;
        case K::AlterTable: alterTable(ctx, c); break;
        case K::DropTable:
            for (const auto& t : c.tables)
                if (ctx.existing(t))
                    ctx.add("drop-table", fmt::format("drops table {}, which the previous schema had", t),
                            "first deploy code that no longer uses it, then drop it in a later release");
            break;
        case K::AlterTypeAddValue:
            if (!tx) break;
            for (std::size_t i = ctx.current + 1; i < ctx.sql.size(); ++i)
                for (const auto& token : ctx.sql[i].tokens)
                    if (token.kind == SqlToken::Kind::String && token.text == c.value) {
                        ctx.add("enum-value-in-transaction",
                                fmt::format("adds {} to type {} and line {} uses it in the same transaction, which "
                                            "PostgreSQL refuses",
                                            c.value, c.name, ctx.sql[i].line),
                                "add the value in a migration of its own and use it in the next one");
                        return;
                    }
            break;
        case K::VacuumFull:
            ctx.add("vacuum-full", "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock",
                    "run it by hand in a maintenance window, or use pg_repack");
            break;
        case K::Cluster:
            ctx.add("cluster", "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock",
                    "run it by hand in a maintenance window, or use pg_repack");
            break;
        case K::LockTable:
            ctx.add("lock-table", fmt::format("LOCK TABLE {} holds the lock until the migration commits", c.table),
                    "let each statement take the lock it needs; the migrator's lock timeout keeps waits short");
            break;
        case K::Update:
            if (!c.hasWhere && ctx.existing(c.table) && ddlOn(ctx, c.table))
                ctx.add("backfill-with-ddl",
                        fmt::format("updates every row of {} in the migration that also changes its definition: the "
                                    "rows are rewritten while the DDL lock is held",
                                    c.table),
                        "backfill in batches (UPDATE ... WHERE id BETWEEN ...) in a later migration or job");
            break;
        default: break;
    }
}

}  // namespace ob::migrate::lintdetail
