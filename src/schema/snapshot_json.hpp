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
