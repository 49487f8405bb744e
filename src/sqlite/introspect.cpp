// SQLite introspection: sqlite_master plus the table_xinfo / foreign_key_list / index_list /
// index_xinfo pragmas, and the CREATE text for what the pragmas do not tell.
#include "ob/migrate/sqlite/introspect.hpp"

#include <fmt/format.h>

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "core/sql_lexer.hpp"
#include "create_sql.hpp"
#include "errors.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::sqlite {

namespace {

using ob::migrate::detail::lowerAscii;
using detail::TableConstraint;

std::string text(SQLite::Statement& q, int column) {
    return q.getColumn(column).isNull() ? std::string() : q.getColumn(column).getString();
}

std::string collapse(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

bool sameName(std::string_view a, std::string_view b) { return lowerAscii(a) == lowerAscii(b); }

bool sameColumns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!sameName(a[i], b[i])) return false;
    return true;
}

/// A default as Drizzle Kit writes it: literals as they are, other expressions in parentheses
/// (SQLite drops the parentheses it requires around them).
std::string defaultSql(const std::string& value) {
    const auto tokens = ob::migrate::detail::lexSql(value);
    using Kind = ob::migrate::detail::SqlToken::Kind;
    bool literal = false;
    if (tokens.size() == 1) {
        const auto& t = tokens[0];
        literal = t.kind == Kind::String || t.kind == Kind::Number ||
                  (t.kind == Kind::Word && (t.isWord("null") || t.isWord("true") || t.isWord("false") ||
                                            t.isWord("current_time") || t.isWord("current_date") ||
                                            t.isWord("current_timestamp")));
    } else if (tokens.size() == 2) {
        literal = (tokens[0].is("-") || tokens[0].is("+")) && tokens[1].kind == Kind::Number;
        literal = literal || (tokens[0].isWord("x") && tokens[1].kind == Kind::String && tokens[0].end == tokens[1].begin);
    }
    return literal ? value : "(" + value + ")";
}

std::string joinNames(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, "_")); }

/// The query of `CREATE [TEMP] VIEW [IF NOT EXISTS] name [(columns)] AS query[;]`: the text after
/// the first AS outside parentheses.
std::string viewDefinition(const std::string& sql) {
    const auto tokens = ob::migrate::detail::lexSql(sql);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].is("(")) {
            i = ob::migrate::detail::matchingParen(tokens, i);
        } else if (tokens[i].isWord("as") && i + 1 < tokens.size()) {
            std::string query = sql.substr(tokens[i + 1].begin);
            while (!query.empty() && (query.back() == ';' || std::isspace(static_cast<unsigned char>(query.back()))))
                query.pop_back();
            return query;
        }
    }
    return sql;
}

class Introspector {
public:
    Introspector(SQLite::Database& db, std::string_view tracking) : db_(db), tracking_(tracking) {}

    Schema run() {
        Schema schema;
        schema.dialect = "sqlite";
        SQLite::Statement q(db_,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name <> ? "
                            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\' "
                            "AND name NOT LIKE 'libsql\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' "
                            "ORDER BY name");
        q.bind(1, std::string(tracking_));
        std::vector<std::pair<std::string, std::string>> tables;
        while (q.executeStep()) tables.emplace_back(text(q, 0), text(q, 1));
        for (const auto& [name, sql] : tables) {
            if (lowerAscii(sql).rfind("create virtual table", 0) == 0) continue;
            schema.tables.push_back(table(name, sql));
        }
        SQLite::Statement views(db_, "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name");
        while (views.executeStep()) {
            View v;
            v.name = text(views, 0);
            v.definition = viewDefinition(text(views, 1));
            schema.views.push_back(std::move(v));
        }
        return schema;
    }

private:
    Table table(const std::string& name, const std::string& sql) {
        const detail::TableDefinition def = detail::parseCreateTable(sql);
        Table t;
        t.name = name;
        columns(t, def);
        foreignKeys(t);
        indexes(t, def);
        checks(t, def);
        return t;
    }

    void columns(Table& t, const detail::TableDefinition& def) {
        SQLite::Statement q(db_,
                            "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) "
                            "ORDER BY cid");
        q.bind(1, t.name);
        std::vector<std::pair<int, std::string>> pk;
        while (q.executeStep()) {
            const int hidden = q.getColumn(5).getInt();
            if (hidden == 1) continue;
            Column c;
            c.name = text(q, 0);
            c.type = lowerAscii(collapse(text(q, 1)));
            c.notNull = q.getColumn(2).getInt() != 0;
            if (!q.getColumn(3).isNull()) c.defaultValue = defaultSql(text(q, 3));
            if (int position = q.getColumn(4).getInt(); position > 0) pk.emplace_back(position, c.name);
            if (hidden == 2 || hidden == 3) {
                const detail::ColumnDefinition* cd = def.findColumn(c.name);
                c.generated = Generated{hidden == 3 ? "stored" : "virtual", cd ? cd->generatedAs : std::string()};
            }
            t.columns.push_back(std::move(c));
        }
        std::sort(pk.begin(), pk.end());
        if (pk.size() == 1) {
            Column* c = t.findColumn(pk[0].second);
            c->primaryKey = true;
            c->autoincrement = def.autoincrement;
            if (c->type == "integer") c->notNull = true;  // a rowid alias is never NULL
        } else if (pk.size() > 1) {
            PrimaryKey key;
            for (const auto& p : pk) key.columns.push_back(p.second);
            key.name = fmt::format("{}_{}_pk", t.name, joinNames(key.columns));
            for (const auto& c : def.constraints)
                if (c.kind == TableConstraint::Kind::PrimaryKey && !c.name.empty() && sameColumns(c.columns, key.columns))
                    key.name = c.name;
            t.compositePrimaryKeys.push_back(std::move(key));
        }
    }

    std::vector<std::string> primaryKeyOf(const std::string& table) {
        SQLite::Statement q(db_, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
        q.bind(1, table);
        std::vector<std::string> out;
        while (q.executeStep()) out.push_back(text(q, 0));
        return out;
    }

    void foreignKeys(Table& t) {
        SQLite::Statement q(db_,
                            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM "
                            "pragma_foreign_key_list(?) ORDER BY id, seq");
        q.bind(1, t.name);
        std::map<int, ForeignKey> byId;
        while (q.executeStep()) {
            ForeignKey& fk = byId[q.getColumn(0).getInt()];
            fk.tableFrom = t.name;
            fk.tableTo = text(q, 1);
            fk.columnsFrom.push_back(text(q, 2));
            if (!q.getColumn(3).isNull()) fk.columnsTo.push_back(text(q, 3));
            fk.onUpdate = lowerAscii(text(q, 4));
            fk.onDelete = lowerAscii(text(q, 5));
        }
        for (auto& [id, fk] : byId) {
            if (fk.columnsTo.empty()) fk.columnsTo = primaryKeyOf(fk.tableTo);  // REFERENCES parent
            fk.name = fmt::format("{}_{}_{}_{}_fk", fk.tableFrom, joinNames(fk.columnsFrom), fk.tableTo,
                                  joinNames(fk.columnsTo));
            t.foreignKeys.push_back(std::move(fk));
        }
    }

    std::string indexSql(const std::string& index) {
        SQLite::Statement q(db_, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?");
        q.bind(1, index);
        return q.executeStep() ? text(q, 0) : std::string();
    }

    std::string uniqueName(const Table& t, const detail::TableDefinition& def, const std::vector<std::string>& cols) {
        for (const auto& c : def.constraints)
            if (c.kind == TableConstraint::Kind::Unique && !c.name.empty() && sameColumns(c.columns, cols)) return c.name;
        if (cols.size() == 1)
            if (const auto* cd = def.findColumn(cols[0]))
                for (const auto& c : cd->constraints)
                    if (c.kind == TableConstraint::Kind::Unique && !c.name.empty()) return c.name;
        return fmt::format("{}_{}_unique", t.name, joinNames(cols));
    }

    void indexes(Table& t, const detail::TableDefinition& def) {
        struct Listed {
            std::string name, origin;
            bool unique = false, partial = false;
        };
        std::vector<Listed> listed;
        {
            SQLite::Statement q(db_, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)");
            q.bind(1, t.name);
            while (q.executeStep())
                listed.push_back({text(q, 0), text(q, 2), q.getColumn(1).getInt() != 0, q.getColumn(3).getInt() != 0});
        }
        for (const auto& l : listed) {
            if (l.origin == "pk") continue;
            SQLite::Statement q(db_,
                                "SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno");
            q.bind(1, l.name);
            const detail::IndexDefinition parsed =
                l.origin == "c" ? detail::parseCreateIndex(indexSql(l.name)) : detail::IndexDefinition{};
            Index idx;
            idx.name = l.name;
            idx.isUnique = l.unique;
            std::size_t position = 0;
            while (q.executeStep()) {
                IndexColumn ic;
                const int cid = q.getColumn(0).getInt();
                if (cid >= 0) {
                    ic.expression = text(q, 1);
                } else if (cid == -1) {
                    ic.expression = "rowid";
                } else {
                    ic.isExpression = true;
                    ic.expression = position < parsed.terms.size() ? parsed.terms[position].text : std::string();
                }
                ic.asc = q.getColumn(2).getInt() == 0;
                idx.columns.push_back(std::move(ic));
                ++position;
            }
            if (l.origin == "u") {
                UniqueConstraint u;
                u.columns = idx.columnNames();
                u.name = uniqueName(t, def, u.columns);
                t.uniqueConstraints.push_back(std::move(u));
                continue;
            }
            if (l.partial) idx.where = parsed.where;
            t.indexes.push_back(std::move(idx));
        }
    }

    void checks(Table& t, const detail::TableDefinition& def) {
        std::vector<const TableConstraint*> all;
        for (const auto& c : def.columns)
            for (const auto& k : c.constraints)
                if (k.kind == TableConstraint::Kind::Check) all.push_back(&k);
        for (const auto& k : def.constraints)
            if (k.kind == TableConstraint::Kind::Check) all.push_back(&k);
        int unnamed = 0;
        for (const auto* k : all)
            t.checkConstraints.push_back(
                CheckConstraint{k->name.empty() ? fmt::format("{}_check_{}", t.name, ++unnamed) : k->name, k->expression});
    }

    SQLite::Database& db_;
    std::string_view tracking_;
};

/// Drizzle Kit's SQLite type affinity mapping (sqliteSerializer's mapSqlToSqliteType).
std::string affinityType(const std::string& declared) {
    const std::string t = lowerAscii(declared);
    auto startsWith = [&](std::string_view p) { return t.rfind(p, 0) == 0; };
    for (std::string_view p : {"int", "integer", "tinyint", "smallint", "mediumint", "bigint", "unsigned big int"})
        if (startsWith(p)) return "integer";
    for (std::string_view p : {"character", "varchar", "varying character", "national varying character", "nchar",
                               "native character", "nvarchar", "text", "clob"})
        if (startsWith(p)) {
            auto digit = std::find_if(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
            if (digit == t.end()) return "text";
            auto end = std::find_if(digit, t.end(), [](char c) { return !std::isdigit(static_cast<unsigned char>(c)); });
            return "text(" + std::string(digit, end) + ")";
        }
    if (startsWith("blob") || t.empty()) return t.empty() ? "" : "blob";
    for (std::string_view p : {"real", "double", "float"})
        if (startsWith(p)) return "real";
    return "numeric";
}

}  // namespace

Schema introspect(SQLite::Database& database, std::string_view trackingTable) {
    try {
        return Introspector(database, trackingTable).run();
    } catch (const SQLite::Exception& e) {
        detail::rethrow(e, database.getFilename(), fmt::format("cannot read the schema of sqlite:{}", database.getFilename()));
    }
}

Schema normalize(const Schema& schema) {
    Schema out = schema;
    for (auto& t : out.tables) {
        for (auto& c : t.columns) {
            c.type = affinityType(c.type);
            // TRUE and FALSE are SQLite's spellings of 1 and 0.
            if (c.defaultValue && lowerAscii(*c.defaultValue) == "true") c.defaultValue = "1";
            if (c.defaultValue && lowerAscii(*c.defaultValue) == "false") c.defaultValue = "0";
        }
        for (auto& fk : t.foreignKeys)
            fk.name = fmt::format("{}_{}_{}_{}_fk", t.name, joinNames(fk.columnsFrom), fk.tableTo, joinNames(fk.columnsTo));
        for (auto& pk : t.compositePrimaryKeys) pk.name = fmt::format("{}_{}_pk", t.name, joinNames(pk.columns));
        for (auto& idx : t.indexes)
            for (auto& ic : idx.columns) {
                ic.asc = true;
                ic.nulls = "last";
            }
        for (const auto& u : t.uniqueConstraints) {
            Index idx;
            idx.name = u.name;
            idx.isUnique = true;
            for (const auto& c : u.columns) {
                IndexColumn ic;
                ic.expression = c;
                idx.columns.push_back(std::move(ic));
            }
            t.indexes.push_back(std::move(idx));
        }
        t.uniqueConstraints.clear();
    }
    return out;
}

Schema Dialect::introspect() { return sqlite::introspect(*db_, options_.trackingTable); }

Schema Dialect::normalize(const Schema& schema) { return sqlite::normalize(schema); }

}  // namespace ob::migrate::sqlite
