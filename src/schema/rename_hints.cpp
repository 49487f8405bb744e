// Rename hints: "old=new" for a table, "table.old=new" for a column.
#include <fmt/format.h>

#include "ob/migrate/diff.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate {

namespace {
std::string trim(std::string s) {
    auto first = s.find_first_not_of(" \t");
    auto last = s.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}
}  // namespace

RenameHints RenameHints::parse(const std::vector<std::string>& specs) {
    RenameHints hints;
    for (const auto& spec : specs) {
        auto eq = spec.find('=');
        if (eq == std::string::npos)
            throw ConfigError(fmt::format("rename hint {:?} must look like old=new or table.old=new", spec));
        std::string from = trim(spec.substr(0, eq)), to = trim(spec.substr(eq + 1));
        auto dot = from.find('.');
        if (dot == std::string::npos) {
            if (from.empty() || to.empty() || to.find('.') != std::string::npos)
                throw ConfigError(fmt::format("rename hint {:?}: a table rename is old=new", spec));
            hints.tables.push_back({from, to});
            continue;
        }
        std::string table = from.substr(0, dot), column = from.substr(dot + 1);
        if (auto toDot = to.find('.'); toDot != std::string::npos) {
            if (to.substr(0, toDot) != table)
                throw ConfigError(fmt::format("rename hint {:?}: a column rename stays in its table", spec));
            to = to.substr(toDot + 1);
        }
        if (table.empty() || column.empty() || to.empty() || column.find('.') != std::string::npos)
            throw ConfigError(fmt::format("rename hint {:?}: a column rename is table.old=new", spec));
        hints.columns.push_back({table, column, to});
    }
    return hints;
}

void RenameHints::merge(const RenameHints& other) {
    tables.insert(tables.end(), other.tables.begin(), other.tables.end());
    columns.insert(columns.end(), other.columns.begin(), other.columns.end());
}

}  // namespace ob::migrate
