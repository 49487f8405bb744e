// The text side of writeDslSource: C++ literals, variable names, and the layout of the file.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ob::migrate::source {

/// A C++ string literal holding `text` exactly ("a\"b", control bytes as octal escapes).
std::string literal(std::string_view text);
/// {"a", "b"}
std::string literals(const std::vector<std::string>& texts);

/// Variable names that cannot clash: no C++ keyword, no DSL builder (a variable `text` would hide
/// dsl::text), none given out before.
class Names {
public:
    explicit Names(std::string function);
    /// camelCase of `name` ("badge_classes" -> "badgeClasses"), with `suffix` (then 2, 3, ...) added
    /// when that is taken.
    std::string take(std::string_view name, std::string_view suffix);

private:
    std::set<std::string> taken_;
};

/// True for a C++ keyword or a name the DSL's `using namespace` brings in.
bool reserved(const std::string& name);

/// One table() declaration: `auto <variable> = table("<name>", {` + one line per column + `})`,
/// then one chained call per line.
struct TableText {
    std::string variable, name;
    std::string builder = "table";     ///< or "view", "materializedView"
    std::vector<std::string> notes;    ///< comment lines above it
    std::vector<std::string> columns;  ///< `text("id").primaryKey()`
    std::vector<std::string> calls;    ///< `.index("x_idx", {"x"})`
};

struct FileText {
    std::string origin, function;
    std::vector<std::string> enums;  ///< whole statements: `auto role = enumType("role", {...});`
    std::vector<TableText> tables;
    std::vector<TableText> views;    ///< view() / materializedView() declarations, after the tables
    std::vector<std::string> enumVariables;
};

std::string render(const FileText& file);

}  // namespace ob::migrate::source
