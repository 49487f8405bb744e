// ob::migrate — views in the schema DSL, from an SQL definition, like Drizzle's pgView(),
// pgMaterializedView() and sqliteView() with .as(sql) or .existing().
//
//   using namespace ob::migrate::dsl;
//   auto active = view("active_users", {integer("id"), varchar("email", 320)})
//                     .with("checkOption", "cascaded").with("securityBarrier", true)
//                     .as("select id, email from users where status = 'active'");
//   auto stats = materializedView("user_stats", {bigint("total")})
//                    .with("fillfactor", 90).withNoData().as("select count(*) as total from users");
//   auto legacy = view("legacy_report", {integer("id")}).existing();
//   Definition d = schema({...tables}, {...enums}, {...sequences}, {active, stats, legacy});
//
// The columns are what the snapshot records (Drizzle's typing of the view); the SQL is the
// definition. PostgreSQL views and materialized views may live in a pgSchema (DbSchema::view()).
// SQLite has plain views only: no options, no materialized views.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ob::migrate::dsl {

class ColumnBuilder;
struct ColumnSpec;

/// Everything a view declares, as plain data.
struct ViewSpec {
    std::string name;
    std::string schema;  ///< PostgreSQL schema (pgSchema()); empty = public
    std::vector<ColumnSpec> columns;
    std::string definition;  ///< the query, as written
    bool existing = false, materialized = false, withNoData = false;
    /// Options in Drizzle's camelCase ("checkOption", "securityBarrier", "fillfactor"), values as
    /// JSON text ("\"cascaded\"", "true", "90"); the SQL writes them snake_cased.
    std::vector<std::pair<std::string, std::string>> with;
    std::string tablespace, using_;  ///< materialized views: TABLESPACE and access method
};

/// A view under construction. Every modifier returns the view itself.
class ViewBuilder {
public:
    ViewBuilder(std::string name, std::vector<ColumnBuilder> columns, bool materialized = false,
                std::string schema = {});

    /// The SQL definition (the query after AS).
    ViewBuilder& as(std::string sql);
    /// The view exists already: never created or dropped by a migration (Drizzle's .existing()).
    ViewBuilder& existing();
    /// A PostgreSQL view option in Drizzle's camelCase: checkOption ("local"/"cascaded"),
    /// securityBarrier, securityInvoker; for materialized views the storage parameters
    /// (fillfactor, autovacuumEnabled, toastTupleTarget, ...).
    ViewBuilder& with(std::string key, const char* value);
    ViewBuilder& with(std::string key, std::string value);
    ViewBuilder& with(std::string key, bool value);
    ViewBuilder& with(std::string key, int value);
    ViewBuilder& with(std::string key, long long value);
    ViewBuilder& with(std::string key, double value);
    /// Materialized views: CREATE ... WITH NO DATA (filled by the first REFRESH).
    ViewBuilder& withNoData();
    ViewBuilder& tablespace(std::string name);
    /// Materialized views: the table access method (USING x).
    ViewBuilder& using_(std::string method);

    const std::string& name() const noexcept;
    const ViewSpec& spec() const noexcept;

private:
    ViewSpec spec_;
};

ViewBuilder view(std::string name, std::vector<ColumnBuilder> columns = {});
/// A PostgreSQL materialized view.
ViewBuilder materializedView(std::string name, std::vector<ColumnBuilder> columns = {});

}  // namespace ob::migrate::dsl
