#include "sql_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "ob/migrate/error.hpp"
#include "sql_lexer.hpp"

namespace ob::migrate::detail {

namespace {
std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

/// The transaction-control words that open the statement tokens[first, end), or empty.
std::string controlWords(const std::vector<SqlToken>& t, std::size_t first, std::size_t end) {
    auto word = [&](std::size_t i, std::string_view w) { return i < end && t[i].isWord(w); };
    auto words = [&](std::size_t n) {
        std::string out;
        for (std::size_t i = first; i < first + n && i < end; ++i) out += (out.empty() ? "" : " ") + upper(t[i].text);
        return out;
    };
    if (word(first, "begin")) {
        const bool mode = word(first + 1, "immediate") || word(first + 1, "exclusive") ||
                          word(first + 1, "deferred") || word(first + 1, "transaction") || word(first + 1, "work");
        return words(mode ? 2 : 1);
    }
    if (word(first, "start") && word(first + 1, "transaction")) return words(2);
    if (word(first, "prepare") && word(first + 1, "transaction")) return words(2);
    if (word(first, "commit") || word(first, "end") || word(first, "abort")) return words(1);
    if (word(first, "rollback")) {
        std::size_t i = first + 1;
        if (word(i, "transaction") || word(i, "work")) ++i;
        if (word(i, "to")) return {};  // ROLLBACK TO SAVEPOINT stays inside the transaction
        return words(1);
    }
    return {};
}
}  // namespace

std::size_t lineAt(const Statement& statement, std::size_t offset) {
    const std::string& sql = statement.sql;
    offset = std::min(offset, sql.size());
    // statement.line is the line of the chunk's first non-blank character.
    std::size_t lead = 0;
    while (lead < sql.size() && std::isspace(static_cast<unsigned char>(sql[lead]))) ++lead;
    if (offset <= lead) return statement.line;
    return statement.line + static_cast<std::size_t>(std::count(sql.begin() + static_cast<std::ptrdiff_t>(lead),
                                                                sql.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::size_t statementCount(std::string_view sql) { return sqlStatements(lexSql(sql)).size(); }

std::string statementAt(std::string_view sql, std::size_t offset) {
    offset = std::min(offset, sql.size());
    std::vector<SqlToken> tokens = lexSql(sql.substr(offset));
    if (tokens.empty()) return {};
    Statement rest{0, 0, std::string(sql.substr(offset + tokens.front().begin))};
    return rest.firstLine();
}

std::size_t statementStart(std::string_view sql, std::size_t offset) {
    const std::vector<SqlToken> tokens = lexSql(sql);
    for (const SqlStatementRange& range : sqlStatements(tokens)) {
        const std::size_t last = range.end < tokens.size() ? range.end : range.end - 1;  // its `;`, if any
        if (offset < tokens[last].end) return tokens[range.first].begin;
    }
    return offset;
}

std::optional<TransactionControl> findTransactionControl(const Statement& statement) {
    const std::vector<SqlToken> tokens = lexSql(statement.sql);
    for (const SqlStatementRange& range : sqlStatements(tokens)) {
        std::string what = controlWords(tokens, range.first, range.end);
        if (!what.empty()) return TransactionControl{std::move(what), lineAt(statement, tokens[range.first].begin)};
    }
    return std::nullopt;
}

void refuseTransactionControl(const std::vector<Statement>& statements, const std::string& file) {
    for (const Statement& s : statements) {
        auto control = findTransactionControl(s);
        if (!control) continue;
        throw MigrationSetError(
            file, fmt::format("line {}: {} controls the transaction, but the migration runs inside one that "
                              "ob-migrate opens and commits (it would commit part of the migration and leave the "
                              "rest to fail); nothing was run. Remove it, or make `{}` the file's first line to run "
                              "the file outside a transaction",
                              control->line, control->what, kNoTransactionDirective));
    }
}

DatabaseError trackingTableShapeError(const std::string& table, const std::string& database,
                                      const DatabaseError& cause) {
    return DatabaseError(fmt::format("the tracking table {} of {} does not have the columns of Drizzle's tracking table "
                                     "(id, hash, created_at): {}. Is it another tool's table? Name another tracking "
                                     "table (--table) or rename that one",
                                     table, database, cause.what()),
                         cause.sqlState());
}

}  // namespace ob::migrate::detail
