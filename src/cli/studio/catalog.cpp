#include "studio/catalog.hpp"

namespace ob::migrate::cli::studio {

std::vector<TableInfo> readCatalog(Source& source) { return source.catalog(); }

const char* catalogOrigin() noexcept { return "catalog queries"; }

const TableInfo* findTable(const std::vector<TableInfo>& tables, const std::string& schema, const std::string& name) {
    for (const auto& t : tables) {
        const bool sameSchema = t.schema == schema || (schema.empty() && t.schema == "public");
        if (sameSchema && t.name == name) return &t;
    }
    return nullptr;
}

DriftReport checkDrift(Source&, const Settings&) {
    DriftReport report;
    report.available = false;
    report.note = "this build of ob-migrate has no drift check yet";
    return report;
}

}  // namespace ob::migrate::cli::studio
