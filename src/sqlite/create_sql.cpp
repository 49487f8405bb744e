#include "create_sql.hpp"

#include <cctype>

#include "core/sql_lexer.hpp"

namespace ob::migrate::sqlite::detail {

namespace {

using ob::migrate::detail::lexSql;
using ob::migrate::detail::matchingParen;
using ob::migrate::detail::SqlToken;
using Tokens = std::vector<SqlToken>;

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ';')) s.remove_suffix(1);
    return s;
}

/// The source text strictly between tokens `open` and `close`.
std::string between(std::string_view sql, const Tokens& t, std::size_t open, std::size_t close) {
    if (open + 1 >= close || close > t.size()) return {};
    const std::size_t end = close < t.size() ? t[close].begin : sql.size();
    return std::string(trim(sql.substr(t[open + 1].begin, end - t[open + 1].begin)));
}

/// Names in a parenthesised column list at `open`; stops at `)`.
std::vector<std::string> nameList(const Tokens& t, std::size_t open, std::size_t close) {
    std::vector<std::string> names;
    bool expectName = true;
    for (std::size_t i = open + 1; i < close; ++i) {
        if (t[i].is(",")) {
            expectName = true;
        } else if (expectName && t[i].isName()) {
            names.push_back(t[i].text);
            expectName = false;
        } else if (t[i].is("(")) {
            i = matchingParen(t, i);
        }
    }
    return names;
}

/// Items of the list between tokens `open` and `close`, split at top-level commas: [first, last).
std::vector<std::pair<std::size_t, std::size_t>> splitItems(const Tokens& t, std::size_t open, std::size_t close) {
    std::vector<std::pair<std::size_t, std::size_t>> items;
    std::size_t start = open + 1;
    for (std::size_t i = open + 1; i < close; ++i) {
        if (t[i].is("(")) {
            i = matchingParen(t, i);
        } else if (t[i].is(",")) {
            items.emplace_back(start, i);
            start = i + 1;
        }
    }
    if (start < close) items.emplace_back(start, close);
    return items;
}

/// Reads constraints from tokens [i, end) of one column or table item.
void readConstraints(std::string_view sql, const Tokens& t, std::size_t i, std::size_t end,
                     std::vector<TableConstraint>& out, ColumnDefinition* column) {
    std::string name;
    while (i < end) {
        const SqlToken& tok = t[i];
        if (tok.isWord("constraint") && i + 1 < end) {
            name = t[i + 1].text;
            i += 2;
            continue;
        }
        auto parenAfter = [&](std::size_t from) {
            while (from < end && !t[from].is("(")) ++from;
            return from;
        };
        TableConstraint c;
        c.name = name;
        if (tok.isWord("primary") || tok.isWord("unique")) {
            c.kind = tok.isWord("primary") ? TableConstraint::Kind::PrimaryKey : TableConstraint::Kind::Unique;
            if (column) {
                c.columns = {column->name};
                ++i;
            } else {
                std::size_t open = parenAfter(i);
                std::size_t close = matchingParen(t, open);
                c.columns = nameList(t, open, close);
                i = close + 1;
            }
            out.push_back(std::move(c));
            name.clear();
        } else if (tok.isWord("check")) {
            std::size_t open = parenAfter(i);
            std::size_t close = matchingParen(t, open);
            c.kind = TableConstraint::Kind::Check;
            c.expression = between(sql, t, open, close);
            if (column) c.columns = {column->name};
            out.push_back(std::move(c));
            name.clear();
            i = close + 1;
        } else if (tok.isWord("foreign") && !column) {
            std::size_t open = parenAfter(i);
            std::size_t close = matchingParen(t, open);
            c.kind = TableConstraint::Kind::ForeignKey;
            c.columns = nameList(t, open, close);
            out.push_back(std::move(c));
            name.clear();
            i = end;  // the REFERENCES clause comes from pragma_foreign_key_list
        } else if (column && tok.isWord("as") && i + 1 < end && t[i + 1].is("(")) {
            std::size_t close = matchingParen(t, i + 1);
            column->generatedAs = "(" + between(sql, t, i + 1, close) + ")";
            column->generatedType = "virtual";
            for (std::size_t k = close + 1; k < end; ++k)
                if (t[k].isWord("stored")) column->generatedType = "stored";
            i = close + 1;
        } else if (tok.is("(")) {
            i = matchingParen(t, i) + 1;
        } else {
            ++i;
        }
    }
}

}  // namespace

const ColumnDefinition* TableDefinition::findColumn(std::string_view name) const {
    for (const auto& c : columns)
        if (ob::migrate::detail::lowerAscii(c.name) == ob::migrate::detail::lowerAscii(name)) return &c;
    return nullptr;
}

TableDefinition parseCreateTable(std::string_view sql) {
    TableDefinition def;
    const Tokens t = lexSql(sql);
    std::size_t open = 0;
    while (open < t.size() && !t[open].is("(")) ++open;
    if (open >= t.size()) return def;
    const std::size_t close = matchingParen(t, open);
    for (const auto& tok : t)
        if (tok.isWord("autoincrement")) def.autoincrement = true;
    for (const auto& [first, last] : splitItems(t, open, close)) {
        const SqlToken& head = t[first];
        const bool tableConstraint = head.isWord("constraint") || head.isWord("primary") || head.isWord("unique") ||
                                     head.isWord("check") || head.isWord("foreign");
        if (tableConstraint) {
            readConstraints(sql, t, first, last, def.constraints, nullptr);
        } else if (head.isName()) {
            ColumnDefinition column;
            column.name = head.text;
            readConstraints(sql, t, first + 1, last, column.constraints, &column);
            def.columns.push_back(std::move(column));
        }
    }
    return def;
}

IndexDefinition parseCreateIndex(std::string_view sql) {
    IndexDefinition def;
    const Tokens t = lexSql(sql);
    std::size_t on = 0;
    while (on < t.size() && !t[on].isWord("on")) ++on;
    std::size_t open = on;
    while (open < t.size() && !t[open].is("(")) ++open;
    if (open >= t.size()) return def;
    const std::size_t close = matchingParen(t, open);
    for (const auto& [first, last] : splitItems(t, open, close)) {
        std::size_t end = last;
        // Drop a trailing ASC / DESC and COLLATE <name>.
        if (end > first + 1 && (t[end - 1].isWord("asc") || t[end - 1].isWord("desc"))) --end;
        if (end > first + 2 && t[end - 2].isWord("collate")) end -= 2;
        IndexTerm term;
        if (end == first + 1 && t[first].isName()) {
            term.text = t[first].text;
        } else {
            term.isExpression = true;
            const std::size_t stop = end < t.size() ? t[end].begin : sql.size();
            term.text = std::string(trim(sql.substr(t[first].begin, stop - t[first].begin)));
        }
        def.terms.push_back(std::move(term));
    }
    for (std::size_t i = close + 1; i < t.size(); ++i)
        if (t[i].isWord("where")) {
            def.where = std::string(trim(sql.substr(t[i].end)));
            break;
        }
    return def;
}

}  // namespace ob::migrate::sqlite::detail
