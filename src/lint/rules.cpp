// lint: the rule table, and which PostgreSQL type changes keep the stored bytes.
#include <cctype>
#include <cstdlib>

#include "lint_engine.hpp"

namespace ob::migrate {

const std::vector<LintRule>& lintRules() {
    using S = LintSeverity;
    static const std::vector<LintRule> rules = {
        {"index-not-concurrent", "postgresql", S::Error,
         "CREATE INDEX without CONCURRENTLY on a table the migration did not create (blocks writes while it builds)"},
        {"concurrently-in-transaction", "postgresql", S::Error,
         "CREATE/DROP INDEX CONCURRENTLY or REINDEX CONCURRENTLY in a migration that runs in a transaction (it "
         "cannot run there)"},
        {"constraint-not-valid", "postgresql", S::Error,
         "a FOREIGN KEY or CHECK added to an existing table without NOT VALID, or validated in the transaction that "
         "added it (scans the table under a lock that blocks writes)"},
        {"constraint-not-validated", "postgresql", S::Warning,
         "a NOT VALID constraint that no later statement of the folder validates"},
        {"set-not-null", "postgresql", S::Error,
         "SET NOT NULL on an existing column without a validated CHECK (column IS NOT NULL) (scans the table under "
         "an ACCESS EXCLUSIVE lock)"},
        {"type-rewrite", "postgresql", S::Error,
         "ALTER COLUMN ... TYPE that rewrites the table (anything but widening varchar / numeric, or to text)"},
        {"volatile-default", "postgresql", S::Error,
         "a column added to an existing table with a volatile default (random(), gen_random_uuid(), "
         "clock_timestamp()), serial, identity or stored generated (rewrites the table)"},
        {"unique-without-index", "postgresql", S::Error,
         "ADD ... UNIQUE or PRIMARY KEY on an existing table without USING INDEX (builds the index under a lock)"},
        {"rename-table", "postgresql", S::Error,
         "renaming a table the previous schema had (replicas running the old code break)"},
        {"rename-column", "postgresql", S::Error,
         "renaming a column the previous schema had (replicas running the old code break)"},
        {"drop-table", "postgresql", S::Warning,
         "dropping a table the previous schema had (replicas running the old code break unless they stopped using it)"},
        {"drop-column", "postgresql", S::Warning,
         "dropping a column the previous schema had (replicas running the old code break unless they stopped using "
         "it)"},
        {"enum-value-in-transaction", "postgresql", S::Error,
         "ALTER TYPE ... ADD VALUE whose new value a later statement of the same transaction uses (fails: unsafe "
         "use of new value)"},
        {"vacuum-full", "postgresql", S::Error, "VACUUM FULL (rewrites the table under an ACCESS EXCLUSIVE lock)"},
        {"cluster", "postgresql", S::Error, "CLUSTER (rewrites the table under an ACCESS EXCLUSIVE lock)"},
        {"reindex-not-concurrent", "postgresql", S::Error, "REINDEX without CONCURRENTLY (blocks writes)"},
        {"lock-table", "postgresql", S::Error, "LOCK TABLE (holds the lock for the whole migration)"},
        {"backfill-with-ddl", "postgresql", S::Error,
         "UPDATE without WHERE in the same migration as DDL on that table (every row rewritten under the DDL lock)"},
        {"sqlite-rebuild-cascade", "sqlite", S::Error,
         "a table rebuild (DROP TABLE + RENAME) of a table with ON DELETE CASCADE children in a migration without a "
         "PRAGMA foreign_keys=OFF line (the DROP deletes the children's rows)"},
        {"sqlite-pragma-in-transaction", "sqlite", S::Error,
         "PRAGMA foreign_keys after a BEGIN written into the file (SQLite ignores it inside a transaction)"},
    };
    return rules;
}

namespace lintdetail {

namespace {

/// "varchar(20)" -> base "varchar", args "20"; no parenthesis: args "".
void splitType(const std::string& type, std::string& base, std::string& args) {
    const auto open = type.find('(');
    base = type.substr(0, open);
    args = open == std::string::npos ? std::string() : type.substr(open + 1, type.rfind(')') - open - 1);
    if (base == "character varying") base = "varchar";
    if (base == "decimal") base = "numeric";
    if (base == "bit varying") base = "varbit";
}

}  // namespace

bool isBinaryCoercible(const std::string& fromType, const std::string& toType) {
    std::string from, fromArgs, to, toArgs;
    splitType(normalizeType(fromType), from, fromArgs);
    splitType(normalizeType(toType), to, toArgs);
    if (from == to && fromArgs == toArgs) return true;
    if (to == "text" && (from == "varchar" || from == "text")) return true;
    if (to == "varchar" && toArgs.empty() && (from == "varchar" || from == "text")) return true;
    if ((from == "varchar" || from == "varbit") && to == from && !fromArgs.empty() && !toArgs.empty())
        return std::atoi(toArgs.c_str()) >= std::atoi(fromArgs.c_str());
    if (from == "numeric" && to == "numeric") {
        if (toArgs.empty()) return true;
        if (fromArgs.empty()) return false;
        const auto fromComma = fromArgs.find(','), toComma = toArgs.find(',');
        const std::string fromScale = fromComma == std::string::npos ? "0" : fromArgs.substr(fromComma + 1);
        const std::string toScale = toComma == std::string::npos ? "0" : toArgs.substr(toComma + 1);
        return fromScale == toScale && std::atoi(toArgs.c_str()) >= std::atoi(fromArgs.c_str());
    }
    return from == "cidr" && to == "inet";
}

}  // namespace lintdetail

}  // namespace ob::migrate
