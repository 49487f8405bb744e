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
