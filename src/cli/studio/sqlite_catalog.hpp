// SQLite's catalog read with its own pragmas (until Dialect::introspect() serves the studio).
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <string_view>
#include <vector>

#include "studio/model.hpp"

namespace ob::migrate::cli::studio {

/// Every table but SQLite's own and `trackingTable`, by name.
std::vector<TableInfo> readSqliteCatalog(SQLite::Database& db, const std::string& trackingTable);

/// The CHECK constraints of a CREATE TABLE statement (column and table constraints), in order.
std::vector<CheckInfo> parseChecks(std::string_view createTable);

}  // namespace ob::migrate::cli::studio
