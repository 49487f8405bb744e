#include "studio/sqlite_catalog.hpp"

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace ob::migrate::cli::studio {

namespace {
std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::optional<std::string> optionalText(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}

struct Token {
    enum class Kind { Word, Quoted, String, Punct } kind;
    std::size_t begin, end;  ///< [begin, end) in the statement
    std::string text;        ///< the word, the unquoted identifier, the punctuation
};

/// SQL tokens of a CREATE TABLE statement: enough to find CHECK ( ... ) and CONSTRAINT names.
std::vector<Token> tokenize(std::string_view sql) {
    std::vector<Token> out;
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
            const char close = c == '[' ? ']' : c;
            std::string text;
            std::size_t j = i + 1;
            for (; j < sql.size(); ++j) {
                if (sql[j] == close) {
                    if (close != ']' && j + 1 < sql.size() && sql[j + 1] == close) {
                        text += close;
                        ++j;
                        continue;
                    }
                    break;
                }
                text += sql[j];
            }
            const auto end = std::min(j + 1, sql.size());
            out.push_back({c == '\'' ? Token::Kind::String : Token::Kind::Quoted, i, end, std::move(text)});
            i = end;
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
            std::size_t j = i;
            while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_' || sql[j] == '$' ||
                                      static_cast<unsigned char>(sql[j]) >= 0x80))
                ++j;
            out.push_back({Token::Kind::Word, i, j, std::string(sql.substr(i, j - i))});
            i = j;
        } else {
            out.push_back({Token::Kind::Punct, i, i + 1, std::string(1, c)});
            ++i;
        }
    }
    return out;
}

bool isWord(const Token& t, const char* word) { return t.kind == Token::Kind::Word && lower(t.text) == word; }
bool isPunct(const Token& t, char c) { return t.kind == Token::Kind::Punct && t.text[0] == c; }

std::string referentialAction(const std::string& pragmaValue) {
    auto v = lower(pragmaValue);
    return v.empty() || v == "none" ? "no action" : v;
}
}  // namespace

std::vector<CheckInfo> parseChecks(std::string_view sql) {
    const auto tokens = tokenize(sql);
    std::vector<CheckInfo> out;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (!isWord(tokens[i], "check") || !isPunct(tokens[i + 1], '(')) continue;
        int depth = 0;
        std::size_t j = i + 1;
        for (; j < tokens.size(); ++j) {
            if (isPunct(tokens[j], '(')) ++depth;
            if (isPunct(tokens[j], ')') && --depth == 0) break;
        }
        if (j >= tokens.size()) break;  // unbalanced: SQLite would not have stored it
        CheckInfo check;
        check.expression = std::string(sql.substr(tokens[i + 1].begin + 1, tokens[j].begin - tokens[i + 1].begin - 1));
        if (i >= 2 && isWord(tokens[i - 2], "constraint") && tokens[i - 1].kind != Token::Kind::Punct)
            check.name = tokens[i - 1].text;
        out.push_back(std::move(check));
        i = j;
    }
    return out;
}

namespace {
TableInfo readTable(SQLite::Database& db, const std::string& name, const std::string& createSql) {
    TableInfo t;
    t.name = name;

    std::map<int, std::string> keyOrder;
    SQLite::Statement cols(db, R"(SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?1))");
    cols.bind(1, name);
    while (cols.executeStep()) {
        const int hidden = cols.getColumn(5).getInt();
        if (hidden == 1) continue;  // a virtual table's hidden column
        ColumnInfo c;
        c.name = cols.getColumn(0).getString();
        c.type = cols.getColumn(1).getString();
        c.notNull = cols.getColumn(2).getInt() != 0;
        c.defaultValue = optionalText(cols.getColumn(3));
        const int pk = cols.getColumn(4).getInt();
        c.primaryKey = pk > 0;
        if (pk > 0) keyOrder[pk] = c.name;
        if (hidden == 2) c.generated = "virtual";
        if (hidden == 3) c.generated = "stored";
        t.columns.push_back(std::move(c));
    }
    for (auto& [pos, column] : keyOrder) t.primaryKey.push_back(column);

    SQLite::Statement fks(db, R"(SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq)");
    fks.bind(1, name);
    int current = -1;
    while (fks.executeStep()) {
        const int id = fks.getColumn(0).getInt();
        if (id != current) {
            current = id;
            ForeignKeyInfo fk;
            fk.table = fks.getColumn(1).getString();
            fk.onUpdate = referentialAction(fks.getColumn(4).getString());
            fk.onDelete = referentialAction(fks.getColumn(5).getString());
            t.foreignKeys.push_back(std::move(fk));
        }
        t.foreignKeys.back().columns.push_back(fks.getColumn(2).getString());
        // `to` is NULL when the key references the parent's primary key implicitly.
        if (!fks.getColumn(3).isNull()) t.foreignKeys.back().referencedColumns.push_back(fks.getColumn(3).getString());
    }

    SQLite::Statement idx(db, R"(SELECT l.name, l."unique", m.sql FROM pragma_index_list(?1) AS l
                                 LEFT JOIN sqlite_master AS m ON m.type = 'index' AND m.name = l.name
                                 WHERE l.origin <> 'pk' ORDER BY l.name)");
    idx.bind(1, name);
    while (idx.executeStep()) {
        IndexInfo index;
        index.name = idx.getColumn(0).getString();
        index.unique = idx.getColumn(1).getInt() != 0;
        index.definition = idx.getColumn(2).isNull() ? std::string() : idx.getColumn(2).getString();
        SQLite::Statement parts(db, "SELECT name, cid FROM pragma_index_info(?1) ORDER BY seqno");
        parts.bind(1, index.name);
        while (parts.executeStep())
            index.columns.push_back(parts.getColumn(0).isNull() ? std::string("<expression>") : parts.getColumn(0).getString());
        t.indexes.push_back(std::move(index));
    }

    t.checks = parseChecks(createSql);
    return t;
}
}  // namespace

std::vector<TableInfo> readSqliteCatalog(SQLite::Database& db, const std::string& trackingTable) {
    std::vector<TableInfo> tables;
    SQLite::Statement list(db, R"(SELECT name, coalesce(sql, '') FROM sqlite_master
                                  WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name)");
    std::vector<std::pair<std::string, std::string>> names;
    while (list.executeStep()) {
        auto name = list.getColumn(0).getString();
        if (name != trackingTable) names.emplace_back(std::move(name), list.getColumn(1).getString());
    }
    for (const auto& [name, sql] : names) tables.push_back(readTable(db, name, sql));

    // An implicit reference means the parent's primary key.
    for (auto& t : tables)
        for (auto& fk : t.foreignKeys)
            if (fk.referencedColumns.empty())
                for (const auto& parent : tables)
                    if (parent.name == fk.table) fk.referencedColumns = parent.primaryKey;
    return tables;
}

}  // namespace ob::migrate::cli::studio
