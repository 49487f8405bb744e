// Where the studio's picture of the schema and its drift findings come from. The one place to
// switch when ob::migrate's own introspection (Dialect::introspect()) and drift check land: for
// now the catalog is read by each Source's own catalog queries and drift is reported unavailable.
#pragma once

#include <string>
#include <vector>

#include "settings.hpp"
#include "studio/model.hpp"
#include "studio/source.hpp"

namespace ob::migrate::cli::studio {

/// The tables of the database, by schema and name.
std::vector<TableInfo> readCatalog(Source& source);
/// Which reader readCatalog() uses, for the page ("catalog queries" or "introspect").
const char* catalogOrigin() noexcept;

/// The table `schema`.`name` of `tables`, or nullptr. An empty schema means the default one
/// ("public" on PostgreSQL, none on SQLite).
const TableInfo* findTable(const std::vector<TableInfo>& tables, const std::string& schema, const std::string& name);

struct DriftFinding {
    std::string severity;  ///< "error", "warning" or "info"
    std::string object;    ///< what it is about, e.g. "table users"
    std::string message;
};

struct DriftReport {
    bool available = false;  ///< false: this build has no drift check (see note)
    std::string note;
    std::vector<DriftFinding> findings;
};

/// The drift check's findings for the database against the migrations folder.
DriftReport checkDrift(Source& source, const Settings& settings);

}  // namespace ob::migrate::cli::studio
