// JSON helpers shared by the snapshot reader and writer.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ob::migrate::snapshot_json {

using Json = nlohmann::ordered_json;

/// A default's SQL text as Drizzle stores it: numbers and booleans as JSON values, the rest as strings.
Json defaultToJson(const std::string& sql);
/// Back to SQL text.
std::string defaultFromJson(const Json& value);

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
