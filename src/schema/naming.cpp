#include "naming.hpp"

#include <fmt/format.h>

namespace ob::migrate::naming {

std::string foreignKey(const std::string& table, const std::vector<std::string>& columns, const std::string& target,
                       const std::vector<std::string>& targetColumns) {
    return fmt::format("{}_{}_{}_{}_fk", table, fmt::join(columns, "_"), target, fmt::join(targetColumns, "_"));
}

std::string primaryKey(const std::string& table, const std::vector<std::string>& columns) {
    return fmt::format("{}_{}_pk", table, fmt::join(columns, "_"));
}

std::string unique(const std::string& table, const std::vector<std::string>& columns) {
    return fmt::format("{}_{}_unique", table, fmt::join(columns, "_"));
}

}  // namespace ob::migrate::naming
