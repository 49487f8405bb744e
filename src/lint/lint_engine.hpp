// Private to lint: the schema a migration starts from, and what the rules of one dialect see.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "classify.hpp"
#include "ob/migrate/lint.hpp"
#include "ob/migrate/schema.hpp"

namespace ob::migrate::lintdetail {

struct TableState {
    std::map<std::string, std::string> columns;  ///< name -> normalised type ("" when not known)
    std::vector<ForeignKeyRef> foreignKeys;
};

/// What the folder built before a migration: from the statements, and the snapshots.
struct FolderState {
    std::map<std::string, TableState> tables;
    std::map<std::string, std::pair<std::string, std::string>> notNullChecks;  ///< constraint -> (table, column)
    std::set<std::string> validatedNotNull;  ///< "table.column" with a validated CHECK (column IS NOT NULL)

    /// Updates the state with what `c` does.
    void apply(const Classified& c);
    /// Adds what `schema` knows (a snapshot after a migration); statement-made tables it lacks stay.
    void merge(const Schema& schema);
    /// Tables with a foreign key to `table` that has ON DELETE CASCADE.
    std::vector<std::string> cascadeChildren(const std::string& table) const;
};

/// One migration under the rules.
struct MigrationContext {
    const Migration& migration;
    std::vector<SqlStatement> sql;
    std::vector<Classified> classified;
    FolderState state;                      ///< before the statement being judged
    std::set<std::string> created;          ///< tables created so far in this migration
    std::set<std::string> addedColumns;     ///< "table.column" added so far in this migration
    std::size_t index = 0;                  ///< of the migration in its set
    const std::map<std::string, std::size_t>* lastValidated = nullptr;  ///< constraint -> last migration validating it
    std::size_t current = 0;                ///< index of the statement being judged
    std::vector<LintFinding> findings;

    /// Records a finding of `rule` for the statement being judged, unless a lint-ignore comment
    /// right above it names the rule (with a reason).
    void add(std::string_view rule, std::string message, std::string fix);
    /// True when a later migration of the folder validates constraint `name`.
    bool validatedLater(const std::string& name) const {
        auto it = lastValidated ? lastValidated->find(name) : std::map<std::string, std::size_t>::const_iterator();
        return lastValidated && it != lastValidated->end() && it->second > index;
    }
    bool existing(const std::string& table) const { return !created.count(table); }
    bool existingColumn(const std::string& table, const std::string& column) const {
        return existing(table) && !addedColumns.count(table + "." + column);
    }
};

/// The rules of each dialect, for the statement ctx.current.
void postgresRules(MigrationContext& ctx);
void sqliteRules(MigrationContext& ctx);

/// True when changing a PostgreSQL column from `from` to `to` keeps the stored bytes, so no rewrite
/// (varchar(n) -> varchar(m >= n) or text, numeric(p,s) -> numeric(q >= p,s), ...).
bool isBinaryCoercible(const std::string& from, const std::string& to);

}  // namespace ob::migrate::lintdetail
