// Private: what a migration's text is checked for before it runs, with the SQL lexer — never
// inside strings, quoted names or comments.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate::detail {

/// A statement that starts, ends or commits a transaction (BEGIN, START TRANSACTION, COMMIT, END,
/// ROLLBACK without TO, ABORT, PREPARE TRANSACTION), found in a chunk of a migration.
struct TransactionControl {
    std::string what;       ///< its first words, upper case: "COMMIT", "BEGIN IMMEDIATE"
    std::size_t line = 0;   ///< 1-based line in the file
};

/// The first transaction-control statement of `statement`, if any.
std::optional<TransactionControl> findTransactionControl(const Statement& statement);

/// Throws MigrationSetError naming `file`, the line and the no-transaction directive when a
/// chunk of a transactional migration controls the transaction itself: it would commit half of
/// the migration while the run reports the whole migration rolled back.
void refuseTransactionControl(const std::vector<Statement>& statements, const std::string& file);

/// The line in the file of byte `offset` of `statement.sql`.
std::size_t lineAt(const Statement& statement, std::size_t offset);

/// Where the statement of `sql` that byte `offset` falls in (or the next one, when `offset` is
/// between statements) starts; `offset` when there is none.
std::size_t statementStart(std::string_view sql, std::size_t offset);

/// How many statements `sql` holds (sqlStatements of its tokens).
std::size_t statementCount(std::string_view sql);

/// The first line of the SQL at or after byte `offset` of `sql`, comments and white space
/// skipped: the statement a database error at that offset is about.
std::string statementAt(std::string_view sql, std::size_t offset);

/// The error for a tracking table that exists but lacks Drizzle's columns (another tool's table
/// of the same name): names the table and the database.
DatabaseError trackingTableShapeError(const std::string& table, const std::string& database,
                                      const DatabaseError& cause);

}  // namespace ob::migrate::detail
