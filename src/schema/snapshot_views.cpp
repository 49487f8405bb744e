// The `views` section of a Drizzle snapshot, in drizzle-kit 0.31's key order per dialect.
#include "snapshot_json.hpp"

namespace ob::migrate {

snapshot_json::Json snapshot_json::viewsJson(const std::vector<View>& views, bool postgres) {
    Json out = Json::object();
    for (const auto& v : views) {
        Json j = Json::object();
        j["columns"] = columnsJson(v.columns, postgres);
        if (!postgres) {
            j["name"] = v.name;
            j["isExisting"] = v.isExisting;
            if (!v.isExisting) j["definition"] = v.definition;
            out[v.name] = std::move(j);
            continue;
        }
        if (!v.isExisting) j["definition"] = v.definition;
        j["name"] = v.name;
        j["schema"] = v.schema;
        j["isExisting"] = v.isExisting;
        if (!v.with.empty()) {
            Json with = Json::object();
            for (const auto& [key, value] : v.with) with[key] = Json::parse(value);
            j["with"] = std::move(with);
        }
        if (v.withNoData) j["withNoData"] = true;
        j["materialized"] = v.materialized;
        if (!v.tablespace.empty()) j["tablespace"] = v.tablespace;
        if (!v.using_.empty()) j["using"] = v.using_;
        out[v.schema + "." + v.name] = std::move(j);
    }
    return out;
}

}  // namespace ob::migrate
