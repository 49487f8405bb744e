// JSON helpers shared by the snapshot reader and writer.
#pragma once

#include <string>
#include <vector>

#include "ob/migrate/schema.hpp"

#include <nlohmann/json.hpp>

namespace ob::migrate::snapshot_json {

using Json = nlohmann::ordered_json;

/// A default's SQL text as Drizzle stores it: numbers and booleans as JSON values, the rest as strings.
Json defaultToJson(const std::string& sql);
/// Back to SQL text.
std::string defaultFromJson(const Json& value);
/// Columns keyed by name, each in Drizzle's key order for the dialect (tables and views alike).
Json columnsJson(const std::vector<Column>& columns, bool postgres);
/// The `views` section: PostgreSQL views keyed "<schema>.<name>", SQLite views by name.
Json viewsJson(const std::vector<View>& views, bool postgres);

}  // namespace ob::migrate::snapshot_json

namespace ob::migrate {
struct Snapshot;
namespace detail {
/// A Drizzle 1.0 snapshot (`ddl`: a list of entities) into the schema model.
Snapshot readDrizzle1Snapshot(const snapshot_json::Json& doc, const std::string& origin);
/// A snapshot in Drizzle 1.0's layout (drizzle-kit 1.0's key order, 2-space indented).
std::string writeDrizzle1Snapshot(const Snapshot& snapshot);
}  // namespace detail
}  // namespace ob::migrate
