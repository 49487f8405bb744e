// writeDslSource's text: literals, names and layout.
#include "dsl_source_text.hpp"
#include "ob/migrate/dsl_source.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <cctype>

namespace ob::migrate::source {

namespace {

constexpr std::size_t kWidth = 110;  // wrap the return statement's lists here

const std::set<std::string>& reservedNames() {
    static const std::set<std::string> names{
        // C++ keywords and alternative tokens
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
        "char", "char16_t", "char32_t", "char8_t", "class", "compl", "concept", "const", "consteval", "constexpr",
        "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
        "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
        "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
        "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
        "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
        "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq", "main",
        // what `using namespace ob::migrate::dsl` brings in
        "table", "enumType", "schema", "integer", "bigint", "smallint", "real", "doublePrecision", "numeric", "text",
        "varchar", "boolean", "blob", "bytea", "timestamp", "timestamptz", "date", "json", "jsonb", "uuid", "serial",
        "bigserial", "enumeration", "toSql", "Action", "TypeKind", "ColumnType", "DefaultSpec", "IdentityKind",
        "Reference", "ColumnSpec", "ColumnBuilder", "IndexSpec", "ForeignKeySpec", "ConstraintSpec", "CheckSpec",
        "TableSpec", "TableBuilder", "EnumType", "Definition", "ob", "std"};
    return names;
}

std::string camelCase(std::string_view name) {
    std::string out;
    bool upper = false;
    for (unsigned char c : name) {
        if (!std::isalnum(c)) {
            upper = !out.empty();
            continue;
        }
        if (out.empty() && std::isdigit(c)) out += 't';
        out += static_cast<char>(upper ? std::toupper(c) : out.empty() ? std::tolower(c) : c);
        upper = false;
    }
    return out.empty() ? "t" : out;
}

/// `items` joined with ", ", wrapped at kWidth after `indent` + `prefix`.
std::string wrapped(const std::vector<std::string>& items, std::size_t indent, std::size_t prefix) {
    std::string out, pad(indent, ' ');
    std::size_t column = indent + prefix;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string piece = items[i] + (i + 1 < items.size() ? "," : "");
        if (i && column + 1 + piece.size() > kWidth) {
            out += "\n" + pad;
            column = indent;
        } else if (i) {
            out += ' ';
            ++column;
        }
        out += piece;
        column += piece.size();
    }
    return out;
}

}  // namespace

std::string literal(std::string_view text) {
    std::string out = "\"";
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7f)
                    out += fmt::format("\\{:03o}", c);  // octal: at most 3 digits, never eats what follows
                else
                    out += ch;
        }
    }
    return out + "\"";
}

std::string literals(const std::vector<std::string>& texts) {
    std::vector<std::string> quoted;
    for (const auto& t : texts) quoted.push_back(literal(t));
    return fmt::format("{{{}}}", fmt::join(quoted, ", "));
}

bool reserved(const std::string& name) { return reservedNames().count(name) > 0; }

Names::Names(std::string function) { taken_.insert(std::move(function)); }

std::string Names::take(std::string_view name, std::string_view suffix) {
    std::string base = camelCase(name);
    std::string candidate = base;
    if (reserved(candidate) || taken_.count(candidate)) candidate = base + std::string(suffix);
    for (int n = 2; reserved(candidate) || taken_.count(candidate); ++n)
        candidate = fmt::format("{}{}{}", base, suffix, n);
    taken_.insert(candidate);
    return candidate;
}

std::string render(const FileText& file) {
    std::string out;
    if (!file.origin.empty()) out += fmt::format("// The schema of {}, written by ob-migrate pull.\n", file.origin);
    out += "// It is the project's schema now: edit it, then generate the next migration from it.\n";
    out += "#include <ob/migrate/dsl.hpp>\n\nusing namespace ob::migrate::dsl;\n\n";
    out += fmt::format("Definition {}() {{\n", file.function);
    for (const auto& e : file.enums) out += "    " + e + "\n";
    if (!file.enums.empty() && !file.tables.empty()) out += "\n";
    for (const auto* list : {&file.tables, &file.views})
        for (const auto& t : *list) {
            for (const auto& n : t.notes) out += "    // " + n + "\n";
            out += fmt::format("    auto {} = {}({}, {{\n", t.variable, t.builder, literal(t.name));
            for (const auto& c : t.columns) out += "        " + c + ",\n";
            out += "    })";
            for (const auto& c : t.calls) out += "\n        " + c;
            out += ";\n";
        }
    std::vector<std::string> tables, views;
    for (const auto& t : file.tables) tables.push_back(t.variable);
    for (const auto& v : file.views) views.push_back(v.variable);
    const std::string head = "    return schema({";
    out += head + wrapped(tables, 8, head.size() - 8) + "}";
    if (!file.enumVariables.empty() || !views.empty()) out += ", {" + wrapped(file.enumVariables, 8, 0) + "}";
    if (!views.empty()) out += ", {}, {" + wrapped(views, 8, 0) + "}";
    return out + ");\n}\n";
}

}  // namespace ob::migrate::source

namespace ob::migrate {

bool isDslFunctionName(const std::string& name) {
    if (name.empty() || source::reserved(name) || (name[0] >= '0' && name[0] <= '9')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
}

}  // namespace ob::migrate
