// writeDslSource's candidates: types, defaults, actions, indexes.
#include "dsl_source_calls.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "dsl_source_text.hpp"

namespace ob::migrate::source {

namespace {

struct TypeCandidate {
    const char* function;
    std::size_t numbers;  ///< how many numbers of the type's parentheses it takes
    dsl::ColumnBuilder (*make)(const std::string& name, const std::vector<int>& n);
};

/// The DSL's column builders, in the order they are preferred when several give the same type.
const std::vector<TypeCandidate>& typeCandidates() {
    using B = dsl::ColumnBuilder;
    using N = std::vector<int>;
    static const std::vector<TypeCandidate> list{
        {"integer", 0, [](const std::string& c, const N&) -> B { return dsl::integer(c); }},
        {"text", 0, [](const std::string& c, const N&) -> B { return dsl::text(c); }},
        {"bigint", 0, [](const std::string& c, const N&) -> B { return dsl::bigint(c); }},
        {"smallint", 0, [](const std::string& c, const N&) -> B { return dsl::smallint(c); }},
        {"boolean", 0, [](const std::string& c, const N&) -> B { return dsl::boolean(c); }},
        {"real", 0, [](const std::string& c, const N&) -> B { return dsl::real(c); }},
        {"doublePrecision", 0, [](const std::string& c, const N&) -> B { return dsl::doublePrecision(c); }},
        {"numeric", 0, [](const std::string& c, const N&) -> B { return dsl::numeric(c); }},
        {"numeric", 1, [](const std::string& c, const N& n) -> B { return dsl::numeric(c, n[0]); }},
        {"numeric", 2, [](const std::string& c, const N& n) -> B { return dsl::numeric(c, n[0], n[1]); }},
        {"varchar", 0, [](const std::string& c, const N&) -> B { return dsl::varchar(c); }},
        {"varchar", 1, [](const std::string& c, const N& n) -> B { return dsl::varchar(c, n[0]); }},
        {"timestamp", 0, [](const std::string& c, const N&) -> B { return dsl::timestamp(c); }},
        {"timestamptz", 0, [](const std::string& c, const N&) -> B { return dsl::timestamptz(c); }},
        {"date", 0, [](const std::string& c, const N&) -> B { return dsl::date(c); }},
        {"json", 0, [](const std::string& c, const N&) -> B { return dsl::json(c); }},
        {"jsonb", 0, [](const std::string& c, const N&) -> B { return dsl::jsonb(c); }},
        {"uuid", 0, [](const std::string& c, const N&) -> B { return dsl::uuid(c); }},
        {"blob", 0, [](const std::string& c, const N&) -> B { return dsl::blob(c); }},
        {"serial", 0, [](const std::string& c, const N&) -> B { return dsl::serial(c); }},
        {"bigserial", 0, [](const std::string& c, const N&) -> B { return dsl::bigserial(c); }},
    };
    return list;
}

/// The numbers in a type's parentheses: "numeric(10, 2)" -> {10, 2}; none when it has none.
std::vector<int> typeNumbers(const std::string& type) {
    std::vector<int> out;
    const auto open = type.find('(');
    if (open == std::string::npos || type.back() != ')') return out;
    std::string digits;
    for (std::size_t i = open + 1; i < type.size(); ++i) {
        const char c = type[i];
        if (c >= '0' && c <= '9' && digits.size() < 9) {
            digits += c;
        } else if (c == ',' || c == ')') {
            if (digits.empty()) return {};
            out.push_back(std::stoi(digits));
            digits.clear();
        } else if (c != ' ') {
            return {};
        }
    }
    return out;
}

bool isInteger(const std::string& s) {
    std::size_t i = s.size() > 1 && s[0] == '-' ? 1 : 0;
    if (i >= s.size() || s.size() - i > 18) return false;
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A number with a fraction or an exponent, as C++ reads a double literal: "0.25", "-1.5e3".
bool isDecimal(const std::string& s) {
    if (s.empty() || s.size() > 24 || s.find_first_of(".eE") == std::string::npos) return false;
    if (!((s[0] >= '0' && s[0] <= '9') || (s[0] == '-' && s.size() > 1 && s[1] >= '0' && s[1] <= '9'))) return false;
    if (s.back() < '0' || s.back() > '9') return false;
    return s.find_first_not_of("0123456789.eE+-") == std::string::npos;
}

/// 'it''s' -> it's; false when `sql` is not one string literal.
bool unquote(const std::string& sql, std::string& out) {
    if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return false;
    out.clear();
    for (std::size_t i = 1; i + 1 < sql.size(); ++i) {
        if (sql[i] == '\'') {
            if (i + 2 >= sql.size() || sql[i + 1] != '\'') return false;
            ++i;
        }
        out += sql[i];
    }
    return true;
}

}  // namespace

std::optional<std::pair<std::string, dsl::ColumnBuilder>> typedColumn(const std::string& column, const std::string& type,
                                                                      const SqlRenderer& renderer) {
    const std::vector<int> numbers = typeNumbers(type);
    for (const auto& candidate : typeCandidates()) {
        if (candidate.numbers != numbers.size()) continue;
        dsl::ColumnBuilder b = candidate.make(column, numbers);
        if (renderer.columnType(b.spec().type) != type) continue;
        std::string args = literal(column);
        for (int n : numbers) args += fmt::format(", {}", n);
        return std::make_pair(fmt::format("{}({})", candidate.function, args), b);
    }
    return std::nullopt;
}

std::vector<ColumnCall> defaultCandidates(const std::string& sql, dsl::TypeKind kind) {
    std::vector<ColumnCall> candidates{
        {".defaultNow()", [](dsl::ColumnBuilder& b) { b.defaultNow(); }},
        {".defaultRandom()", [](dsl::ColumnBuilder& b) { b.defaultRandom(); }},
    };
    if (sql == "true" || sql == "false")
        candidates.push_back({fmt::format(".defaultValue({})", sql),
                              [flag = sql == "true"](dsl::ColumnBuilder& b) { b.defaultValue(flag); }});
    if (isInteger(sql)) {
        const long long n = std::stoll(sql);
        const bool small = n >= -2147483647 && n <= 2147483647;
        candidates.push_back({fmt::format(".defaultValue({}{})", n, small ? "" : "LL"),
                              [n](dsl::ColumnBuilder& b) { b.defaultValue(n); }});
    }
    if (isDecimal(sql))
        candidates.push_back({fmt::format(".defaultValue({})", sql),
                              [n = std::stod(sql)](dsl::ColumnBuilder& b) { b.defaultValue(n); }});
    std::string unquoted, json;
    const bool quoted = unquote(sql, unquoted);
    if (quoted) json = unquoted;
    const auto cast = sql.rfind("'::");  // '{"a":1}'::jsonb
    const bool castJson = cast != std::string::npos && unquote(sql.substr(0, cast + 1), json);
    const bool jsonFirst = kind == dsl::TypeKind::Json || kind == dsl::TypeKind::Jsonb;
    const ColumnCall asJson{fmt::format(".defaultJson({})", literal(json)),
                                              [json](dsl::ColumnBuilder& b) { b.defaultJson(json); }};
    if ((quoted || castJson) && jsonFirst) candidates.push_back(asJson);
    if (quoted)
        candidates.push_back({fmt::format(".defaultValue({})", literal(unquoted)),
                              [unquoted](dsl::ColumnBuilder& b) { b.defaultValue(unquoted); }});
    if ((quoted || castJson) && !jsonFirst) candidates.push_back(asJson);
    return candidates;
}

std::string actionText(const std::string& sql, dsl::Action& action) {
    static const std::vector<std::pair<dsl::Action, const char*>> names{
        {dsl::Action::NoAction, "Action::NoAction"}, {dsl::Action::Restrict, "Action::Restrict"},
        {dsl::Action::Cascade, "Action::Cascade"},   {dsl::Action::SetNull, "Action::SetNull"},
        {dsl::Action::SetDefault, "Action::SetDefault"}};
    for (const auto& [a, name] : names)
        if (sql == dsl::toSql(a)) {
            action = a;
            return name;
        }
    return {};
}

bool plainIndex(const Index& index, std::vector<std::string>& why) {
    for (const auto& c : index.columns) {
        if (c.isExpression) why.push_back(fmt::format("expression ({})", c.expression));
        if (!c.asc) why.push_back(fmt::format("{} descending", c.expression));
        if (!c.nulls.empty() && c.nulls != (c.asc ? "last" : "first"))
            why.push_back(fmt::format("{} nulls {}", c.expression, c.nulls));
        if (!c.opclass.empty()) why.push_back(fmt::format("{} operator class {}", c.expression, c.opclass));
    }
    if (!index.method.empty() && index.method != "btree") why.push_back("access method " + index.method);
    if (index.concurrently) why.push_back("built concurrently");
    if (!index.with.empty()) why.push_back("storage parameters (WITH ...)");
    return why.empty();
}

void viewOption(dsl::ViewBuilder& builder, const std::string& key, const nlohmann::json& value) {
    if (value.is_string())
        builder.with(key, value.get<std::string>());
    else if (value.is_boolean())
        builder.with(key, value.get<bool>());
    else if (value.is_number_integer())
        builder.with(key, value.get<long long>());
    else
        builder.with(key, value.get<double>());
}

}  // namespace ob::migrate::source
