#include "foreign_keys.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "core/sql_lexer.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::sqlite {

namespace core = ob::migrate::detail;

namespace {
/// tokens[first, end) is `PRAGMA foreign_keys = <on|off|...>`, a `;` after it allowed.
bool foreignKeysPragma(const std::vector<core::SqlToken>& t, std::size_t first, std::size_t end, bool& on) {
    if (end > first && t[end - 1].is(";")) --end;
    if (end - first != 4 || !t[first].isWord("pragma") || !t[first + 1].isWord("foreign_keys") || !t[first + 2].is("="))
        return false;
    const core::SqlToken& v = t[first + 3];
    std::string value = core::lowerAscii(v.kind == core::SqlToken::Kind::String && v.text.size() >= 2
                                               ? v.text.substr(1, v.text.size() - 2)
                                               : v.text);
    if (v.kind == core::SqlToken::Kind::QuotedName) return false;
    if (value == "off" || value == "0" || value == "false" || value == "no") {
        on = false;
        return true;
    }
    if (value == "on" || value == "1" || value == "true" || value == "yes") {
        on = true;
        return true;
    }
    return false;
}

/// Calls `found(first byte, end byte, on)` for every whole foreign_keys pragma of `sql` (its `;` included).
template <class F>
void eachForeignKeysPragma(const std::string& sql, F&& found) {
    if (core::lowerAscii(sql).find("foreign_keys") == std::string::npos) return;  // the lexer only when needed
    const auto tokens = core::lexSql(sql);
    for (const core::SqlStatementRange& range : core::sqlStatements(tokens)) {
        bool on = false;
        std::size_t end = range.end;
        if (end < tokens.size() && tokens[end].is(";")) ++end;  // its `;` goes too
        if (foreignKeysPragma(tokens, range.first, end, on)) found(tokens[range.first].begin, tokens[end - 1].end, on);
    }
}
}  // namespace

bool isForeignKeysPragma(std::string_view sql, bool& on) {
    const auto tokens = core::lexSql(sql);
    return foreignKeysPragma(tokens, 0, tokens.size(), on);
}

namespace detail {

void liftForeignKeyPragmas(PlannedMigration& planned) {
    std::vector<Statement> kept;
    for (Statement& s : planned.statements) {
        eachForeignKeysPragma(s.sql, [&](std::size_t begin, std::size_t end, bool) {
            for (std::size_t i = begin; i < end; ++i)
                if (s.sql[i] != '\n') s.sql[i] = ' ';
        });
        if (!s.empty()) kept.push_back(std::move(s));
    }
    planned.statements = std::move(kept);
}

bool suspendsForeignKeys(const PlannedMigration& planned) {
    bool off = false;
    for (const Statement& s : planned.script().statements())
        eachForeignKeysPragma(s.sql, [&](std::size_t, std::size_t, bool on) { off = off || !on; });
    return off;
}

std::vector<std::string> foreignKeyViolations(SQLite::Database& db) {
    std::vector<std::string> rows;
    SQLite::Statement q(db, "PRAGMA foreign_key_check");
    while (q.executeStep())
        rows.push_back(q.getColumn(0).getString() + "|" + q.getColumn(1).getString() + "|" +
                       q.getColumn(2).getString() + "|" + q.getColumn(3).getString());
    std::sort(rows.begin(), rows.end());
    return rows;
}

}  // namespace detail

}  // namespace ob::migrate::sqlite
