// Canonical spellings for comparing schemas: expressions, types, defaults, element order.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "ob/migrate/compare.hpp"
#include "sql_lexer.hpp"

namespace ob::migrate {

namespace {

using detail::lowerAscii;
using detail::SqlToken;
using Kind = SqlToken::Kind;

/// Words before "(" that are not function calls: the parenthesis only groups.
bool isGroupingKeyword(const SqlToken& t) {
    static const std::set<std::string> words{"and",  "or",   "not",   "in",     "is",   "like",  "ilike", "between",
                                             "when", "then", "else",  "case",   "any",  "all",   "some",  "exists",
                                             "on",   "as",   "where", "select", "from", "using", "escape", "similar",
                                             "to",   "with", "over",  "filter", "null", "distinct"};
    return t.kind == Kind::Word && words.count(lowerAscii(t.text)) > 0;
}

bool namesTable(const SqlToken& t, std::string_view table) {
    if (table.empty()) return false;
    if (t.kind == Kind::QuotedName) return t.text == table;
    return t.kind == Kind::Word && lowerAscii(t.text) == lowerAscii(table);
}

/// Skips the type after "::" starting at `i`; returns the index after it.
std::size_t skipCastType(const std::vector<SqlToken>& t, std::size_t i) {
    if (i >= t.size() || !t[i].isName()) return i;
    ++i;
    while (i + 1 < t.size() && t[i].is(".") && t[i + 1].isName()) i += 2;  // schema-qualified
    static const std::set<std::string> continuation{"varying", "precision"};
    while (i < t.size() && t[i].kind == Kind::Word && continuation.count(lowerAscii(t[i].text))) ++i;
    if (i < t.size() && t[i].is("(")) i = std::min(detail::matchingParen(t, i) + 1, t.size());
    if (i + 2 < t.size() && (t[i].isWord("with") || t[i].isWord("without")) && t[i + 1].isWord("time") &&
        t[i + 2].isWord("zone"))
        i += 3;
    while (i + 1 < t.size() && t[i].is("[") && t[i + 1].is("]")) i += 2;
    return i;
}

bool noSpaceBefore(const SqlToken& t) { return t.is(")") || t.is(",") || t.is(".") || t.is("]") || t.is("[") || t.is("("); }
bool noSpaceAfter(const SqlToken& t) { return t.is("(") || t.is(".") || t.is("["); }

std::string collapseSpaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
        } else {
            if (space) out += ' ';
            space = false;
            out += c;
        }
    }
    return out;
}

std::string canonicalType(std::string_view text) {
    std::string s = collapseSpaces(text);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"' && s.find('"', 1) == s.size() - 1)
        return s.substr(1, s.size() - 2);  // a quoted (enum) type name keeps its case
    s = lowerAscii(s);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == ' ' && i + 1 < s.size() && (s[i + 1] == '(' || s[i + 1] == ')' || s[i + 1] == ',')) continue;
        if (c == ' ' && !out.empty() && out.back() == '(') continue;
        out += c;
        if (c == ',' && (i + 1 >= s.size() || s[i + 1] != ' ')) out += ' ';
    }
    auto replace = [&](std::string_view from, std::string_view to) {
        for (auto pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size()))
            out.replace(pos, from.size(), to);
    };
    replace("character varying", "varchar");
    replace(" without time zone", "");
    replace("timestamptz", "timestamp with time zone");
    if (out.rfind("character", 0) == 0) out.replace(0, 9, "char");
    // PostgreSQL keeps no array dimensions (integer[][] reads back as integer[]); char is char(1).
    for (auto pos = out.find("[][]"); pos != std::string::npos; pos = out.find("[][]")) out.erase(pos, 2);
    if (out == "char" || out.rfind("char[", 0) == 0) out.insert(4, "(1)");
    static const std::pair<std::string_view, std::string_view> synonyms[] = {
        {"int", "integer"}, {"int4", "integer"},  {"int8", "bigint"},           {"int2", "smallint"},
        {"bool", "boolean"}, {"float4", "real"}, {"float8", "double precision"}, {"decimal", "numeric"}};
    const auto base = out.find_first_of("([");
    const std::string head = out.substr(0, base);
    for (const auto& [from, to] : synonyms)
        if (head == from) return std::string(to) + (base == std::string::npos ? "" : out.substr(base));
    return out;
}

bool isNumericType(const std::string& type) {
    static const char* prefixes[] = {"integer", "bigint", "smallint", "numeric", "real", "double", "serial",
                                     "bigserial", "smallserial", "tinyint", "mediumint"};
    for (const char* p : prefixes)
        if (type.rfind(p, 0) == 0) return true;
    return false;
}

bool looksNumeric(std::string_view s) {
    if (s.empty()) return false;
    std::size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
    bool digit = false;
    for (; i < s.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(s[i]))) {
            digit = true;
        } else if (s[i] != '.' && s[i] != 'e' && s[i] != 'E' && s[i] != '-' && s[i] != '+') {
            return false;
        }
    }
    return digit;
}

/// The text of a single-quoted literal (quotes removed, '' unescaped), when `sql` is exactly one
/// literal optionally followed by casts.
std::optional<std::string> literalText(std::string_view sql) {
    auto tokens = detail::lexSql(sql);
    if (tokens.empty() || tokens[0].kind != Kind::String) return std::nullopt;
    std::size_t i = 1;
    while (i < tokens.size() && tokens[i].is("::")) i = skipCastType(tokens, i + 1);
    if (i != tokens.size()) return std::nullopt;
    const std::string& q = tokens[0].text;
    std::string out;
    for (std::size_t k = 1; k + 1 < q.size(); ++k) {
        out += q[k];
        if (q[k] == '\'' && k + 2 < q.size() && q[k + 1] == '\'') ++k;
    }
    return out;
}

std::optional<std::string> canonicalDefault(const Column& c, const std::string& type, const std::string& table) {
    if (!c.defaultValue) return std::nullopt;
    std::string sql = *c.defaultValue;
    if (type == "json" || type == "jsonb") {
        if (auto text = literalText(sql)) {
            try {
                sql = quoteLiteral(nlohmann::json::parse(*text).dump());  // keys sorted, no spaces
            } catch (const nlohmann::json::exception&) {
            }
        }
    }
    std::string out = canonicalExpression(sql, table);
    if (out == "null") return std::nullopt;
    if (isNumericType(type) && out.size() > 2 && out.front() == '\'' && out.back() == '\'' &&
        looksNumeric(std::string_view(out).substr(1, out.size() - 2)))
        out = out.substr(1, out.size() - 2);
    return out;
}

template <class T>
void sortByName(std::vector<T>& items) {
    std::sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace

std::string canonicalExpression(std::string_view sql, std::string_view table) {
    const auto t = detail::lexSql(sql);
    std::vector<const SqlToken*> kept;
    std::vector<bool> parenKept;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const SqlToken& tok = t[i];
        if (i + 2 < t.size() && namesTable(tok, table) && t[i + 1].is(".") && t[i + 2].isName()) {
            ++i;  // drop "table." before a column
            continue;
        }
        if (tok.is("::")) {
            i = skipCastType(t, i + 1) - 1;
            continue;
        }
        if (tok.is("(")) {
            const bool call = !kept.empty() && (kept.back()->kind == Kind::QuotedName ||
                                                (kept.back()->kind == Kind::Word && !isGroupingKeyword(*kept.back())));
            parenKept.push_back(call);
            if (call) kept.push_back(&tok);
            continue;
        }
        if (tok.is(")")) {
            bool keep = true;
            if (!parenKept.empty()) {
                keep = parenKept.back();
                parenKept.pop_back();
            }
            if (keep) kept.push_back(&tok);
            continue;
        }
        if (tok.is(";") && i + 1 == t.size()) continue;
        kept.push_back(&tok);
    }
    std::string out;
    const SqlToken* previous = nullptr;
    for (const SqlToken* tok : kept) {
        if (previous && !noSpaceBefore(*tok) && !noSpaceAfter(*previous)) out += ' ';
        if (previous && previous->is(",")) {
            if (out.empty() || out.back() != ' ') out += ' ';
        }
        switch (tok->kind) {
            case Kind::Word: out += lowerAscii(tok->text); break;
            case Kind::QuotedName: out += tok->text; break;
            default: out += tok->text; break;
        }
        previous = tok;
    }
    return out;
}

Schema comparable(const Schema& schema) {
    Schema out = schema;
    for (auto& e : out.enums)
        if (e.schema.empty()) e.schema = "public";
    std::sort(out.enums.begin(), out.enums.end(),
              [](const Enum& a, const Enum& b) { return std::tie(a.schema, a.name) < std::tie(b.schema, b.name); });
    for (auto& t : out.tables) {
        if (t.schema == "public") t.schema.clear();
        for (auto& c : t.columns) {
            c.type = canonicalType(c.type);
            if (c.typeSchema.empty() && out.findEnum(c.type)) c.typeSchema = "public";
            c.defaultValue = canonicalDefault(c, c.type, t.name);
            if (c.generated) {
                c.generated->as = canonicalExpression(c.generated->as, t.name);
                c.generated->type = lowerAscii(c.generated->type);
            }
            if (c.identity && c.identity->schema.empty()) c.identity->schema = "public";
        }
        if (t.compositePrimaryKeys.size() == 1 && t.compositePrimaryKeys[0].columns.size() == 1) {
            if (Column* c = t.findColumn(t.compositePrimaryKeys[0].columns[0])) c->primaryKey = true;
            t.compositePrimaryKeys.clear();
        }
        for (auto& idx : t.indexes) {
            idx.where = canonicalExpression(idx.where, t.name);
            idx.concurrently = false;
            idx.method = lowerAscii(idx.method.empty() ? "btree" : idx.method);
            for (auto& ic : idx.columns) {
                if (ic.isExpression) ic.expression = canonicalExpression(ic.expression, t.name);
                ic.nulls = lowerAscii(ic.nulls.empty() ? "last" : ic.nulls);
                ic.opclass = lowerAscii(ic.opclass);
            }
            for (auto& [key, value] : idx.with) {
                key = lowerAscii(key);
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
            }
            std::sort(idx.with.begin(), idx.with.end());
        }
        for (auto& fk : t.foreignKeys) {
            if (fk.schemaTo == "public") fk.schemaTo.clear();
            fk.onDelete = lowerAscii(fk.onDelete.empty() ? "no action" : fk.onDelete);
            fk.onUpdate = lowerAscii(fk.onUpdate.empty() ? "no action" : fk.onUpdate);
        }
        for (auto& check : t.checkConstraints) check.value = canonicalExpression(check.value, t.name);
        sortByName(t.columns);
        sortByName(t.indexes);
        sortByName(t.foreignKeys);
        sortByName(t.compositePrimaryKeys);
        sortByName(t.uniqueConstraints);
        sortByName(t.checkConstraints);
    }
    std::sort(out.schemas.begin(), out.schemas.end());
    for (auto& q : out.sequences)
        if (q.schema.empty()) q.schema = "public";
    std::sort(out.sequences.begin(), out.sequences.end(),
              [](const Sequence& a, const Sequence& b) { return std::tie(a.schema, a.name) < std::tie(b.schema, b.name); });
    std::sort(out.tables.begin(), out.tables.end(),
              [](const Table& a, const Table& b) { return std::tie(a.schema, a.name) < std::tie(b.schema, b.name); });
    for (auto& v : out.views) {
        // The declared columns are typing only and WITH NO DATA says how the view began: neither is stored.
        v.columns.clear();
        v.withNoData = false;
        if (v.schema.empty()) v.schema = "public";
        std::string definition = v.definition;
        while (!definition.empty() && (definition.back() == ';' || std::isspace(static_cast<unsigned char>(definition.back()))))
            definition.pop_back();
        v.definition = v.isExisting ? std::string() : canonicalExpression(definition);
        std::sort(v.with.begin(), v.with.end());
    }
    std::sort(out.views.begin(), out.views.end(),
              [](const View& a, const View& b) { return std::tie(a.schema, a.name) < std::tie(b.schema, b.name); });
    return out;
}

}  // namespace ob::migrate
