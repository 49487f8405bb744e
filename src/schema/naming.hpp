// Drizzle Kit's default constraint names.
#pragma once

#include <string>
#include <vector>

namespace ob::migrate::naming {

/// <table>_<cols>_<target>_<targetCols>_fk
std::string foreignKey(const std::string& table, const std::vector<std::string>& columns, const std::string& target,
                       const std::vector<std::string>& targetColumns);
/// <table>_<cols>_pk
std::string primaryKey(const std::string& table, const std::vector<std::string>& columns);
/// <table>_<cols>_unique
std::string unique(const std::string& table, const std::vector<std::string>& columns);

}  // namespace ob::migrate::naming
