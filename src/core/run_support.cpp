#include "run_support.hpp"

namespace ob::migrate::detail {

MigrationFailed failure(const PreparedMigration& p, const Statement* statement, const DatabaseError& e,
                        const std::string& step) {
    MigrationFailed::Details d;
    d.tag = p.migration->tag;
    d.file = p.migration->file;
    d.statementIndex = statement ? statement->index : 0;
    d.line = statement ? statement->line : 0;
    d.statement = statement ? statement->firstLine() : step;
    d.databaseMessage = e.what();
    d.sqlState = e.sqlState();
    d.transactional = p.transactional;
    return MigrationFailed(std::move(d));
}

void runStatements(Dialect& dialect, const PreparedMigration& p) {
    for (const Statement& s : p.statements) {
        try {
            dialect.execute(s.sql);
        } catch (const DatabaseError& e) {
            throw failure(p, &s, e);
        }
    }
}

}  // namespace ob::migrate::detail
