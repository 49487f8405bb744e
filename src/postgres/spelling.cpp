#include "spelling.hpp"

#include <nlohmann/json.hpp>

#include <cctype>
#include <string_view>

#include "core/sql_lexer.hpp"
#include "ob/migrate/schema.hpp"

namespace ob::migrate::postgres::detail {

namespace {

using ob::migrate::detail::lexSql;
using ob::migrate::detail::matchingParen;
using ob::migrate::detail::SqlToken;

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
}

bool startsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

bool isNumber(std::string_view s) {
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
    if (s.empty()) return false;
    bool digit = false, dot = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (std::isdigit(static_cast<unsigned char>(c))) {
            digit = true;
        } else if (c == '.' && !dot) {
            dot = true;
        } else if ((c == 'e' || c == 'E') && digit && i + 1 < s.size()) {
            std::string_view rest = s.substr(i + 1);
            if (rest[0] == '-' || rest[0] == '+') rest.remove_prefix(1);
            return !rest.empty() && rest.find_first_not_of("0123456789") == std::string_view::npos;
        } else {
            return false;
        }
    }
    return digit;
}

/// The contents of a single-quoted literal token (quotes removed, '' unescaped).
std::string literalContents(const std::string& quoted) {
    std::string out;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        out += quoted[i];
        if (quoted[i] == '\'' && i + 2 < quoted.size() && quoted[i + 1] == '\'') ++i;
    }
    return out;
}

/// True when the tokens are one literal followed only by casts (`'x'::text`, `'a'::"Role"[]`).
bool literalWithCasts(const std::vector<SqlToken>& t) {
    if (t.empty() || t[0].kind != SqlToken::Kind::String) return false;
    std::size_t i = 1;
    while (i < t.size()) {
        if (!t[i].is("::")) return false;
        ++i;
        while (i < t.size() && !t[i].is("::")) {
            if (t[i].is("(")) {
                i = matchingParen(t, i) + 1;
                continue;
            }
            if (!(t[i].isName() || t[i].is(".") || t[i].is("[") || t[i].is("]"))) return false;
            ++i;
        }
    }
    return true;
}

bool integerOrFloat(const std::string& type) {
    for (std::string_view p : {"integer", "bigint", "smallint", "real", "double precision", "numeric", "serial",
                               "bigserial", "smallserial"})
        if (type == p || startsWith(type, std::string(p) + "(")) return true;
    return false;
}

}  // namespace

std::string snapshotType(const std::string& formatted) {
    std::string t = formatted;
    replaceAll(t, "character varying", "varchar");
    if (startsWith(t, "character")) t.replace(0, 9, "char");
    replaceAll(t, " without time zone", "");
    if (startsWith(t, "timestamp(")) t.insert(9, " ");  // Drizzle: "timestamp (3)", but "time(3)"
    if (startsWith(t, "numeric(")) replaceAll(t, ",", ", ");
    return t;
}

std::optional<std::string> snapshotDefault(const std::string& expression, const std::string& type) {
    const auto tokens = lexSql(expression);
    if (tokens.size() == 1 && tokens[0].isWord("null")) return std::nullopt;
    if (tokens.size() >= 2 && tokens[0].isWord("null") && tokens[1].is("::")) return std::nullopt;
    if (!literalWithCasts(tokens)) return expression;
    const std::string contents = literalContents(tokens[0].text);
    if (integerOrFloat(type) && isNumber(contents)) return contents;
    if (type == "json" || type == "jsonb") {
        try {
            return quoteLiteral(nlohmann::ordered_json::parse(contents).dump()) + "::" + type;
        } catch (const nlohmann::json::exception&) {
        }
    }
    if (type == "boolean" && (contents == "true" || contents == "false")) return contents;
    return tokens[0].text;
}

std::string checkExpression(const std::string& definition) {
    auto t = lexSql(definition);
    std::size_t begin = 0, end = t.size();
    if (begin < end && t[begin].isWord("check")) ++begin;
    // Drop NOT VALID / NO INHERIT after the expression.
    while (end > begin && !t[end - 1].is(")")) --end;
    auto strip = [&] {
        if (end - begin >= 2 && t[begin].is("(") && matchingParen(t, begin) == end - 1) {
            ++begin;
            --end;
            return true;
        }
        return false;
    };
    if (!strip()) return definition;
    strip();  // PostgreSQL wraps the expression once more
    if (begin >= end) return {};
    return definition.substr(t[begin].begin, t[end - 1].end - t[begin].begin);
}

}  // namespace ob::migrate::postgres::detail
