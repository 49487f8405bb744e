// Where the studio's picture of the schema and its drift findings come from: ob::migrate's own
// introspection (Dialect::introspect(), the schema model that drift checks compare) and check().
#pragma once

#include <string>
#include <vector>

#include "ob/migrate/schema.hpp"
#include "settings.hpp"
#include "studio/model.hpp"
#include "studio/source.hpp"

namespace ob::migrate::cli::studio {

/// The tables of the database ("public" first on PostgreSQL, then by schema and name).
std::vector<TableInfo> readCatalog(Source& source);

/// The schema model as the studio shows it; `defaultSchema` names the tables whose schema is empty
/// ("public" on PostgreSQL).
std::vector<TableInfo> tablesOf(const Schema& schema, const std::string& defaultSchema);

/// The table `schema`.`name` of `tables`, or nullptr. An empty schema means the default one
/// ("public" on PostgreSQL, none on SQLite).
const TableInfo* findTable(const std::vector<TableInfo>& tables, const std::string& schema, const std::string& name);

struct DriftFinding {
    std::string kind;     ///< "folder", "checksum", "history", "drift"
    std::string subject;  ///< the file, migration tag or table concerned
    std::string message;
};

struct DriftReport {
    std::vector<DriftFinding> findings;
    std::string comparedTag;  ///< the migration whose snapshot the live schema was compared with
    std::size_t pending = 0;
};

/// ob::migrate::check() of the database against the migrations folder.
DriftReport checkDrift(Source& source, const Settings& settings);

}  // namespace ob::migrate::cli::studio
