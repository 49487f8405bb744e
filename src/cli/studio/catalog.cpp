#include "studio/catalog.hpp"

#include <algorithm>

#include "backends.hpp"
#include "ob/migrate/check.hpp"

namespace ob::migrate::cli::studio {

namespace {
std::string identityKind(const Identity& identity) {
    return identity.type == "always" ? "identity always" : "identity by default";
}

TableInfo tableOf(const Table& t, const std::string& defaultSchema) {
    TableInfo out;
    out.schema = t.schema.empty() ? defaultSchema : t.schema;
    out.name = t.name;
    out.primaryKey = t.primaryKeyColumns();
    for (const auto& c : t.columns) {
        ColumnInfo column;
        column.name = c.name;
        column.type = c.type;
        column.notNull = c.notNull;
        column.primaryKey = std::find(out.primaryKey.begin(), out.primaryKey.end(), c.name) != out.primaryKey.end();
        column.defaultValue = c.defaultValue;
        if (c.identity) column.generated = identityKind(*c.identity);
        if (c.generated) column.generated = c.generated->type + " as " + c.generated->as;
        out.columns.push_back(std::move(column));
    }
    for (const auto& i : t.indexes) {
        IndexInfo index;
        index.name = i.name;
        index.unique = i.isUnique;
        index.where = i.where;
        for (const auto& c : i.columns)
            index.columns.push_back(c.asc ? c.expression : c.expression + " desc");
        out.indexes.push_back(std::move(index));
    }
    for (const auto& u : t.uniqueConstraints)
        out.indexes.push_back(IndexInfo{u.name, u.columns, true, "", "unique constraint"});
    std::sort(out.indexes.begin(), out.indexes.end(), [](const IndexInfo& a, const IndexInfo& b) { return a.name < b.name; });
    for (const auto& fk : t.foreignKeys)
        out.foreignKeys.push_back(ForeignKeyInfo{fk.name, fk.columnsFrom,
                                                 fk.schemaTo.empty() ? defaultSchema : fk.schemaTo, fk.tableTo,
                                                 fk.columnsTo, fk.onUpdate, fk.onDelete});
    for (const auto& c : t.checkConstraints) out.checks.push_back(CheckInfo{c.name, c.value});
    return out;
}
}  // namespace

std::vector<TableInfo> tablesOf(const Schema& schema, const std::string& defaultSchema) {
    std::vector<TableInfo> out;
    for (const auto& t : schema.tables) out.push_back(tableOf(t, defaultSchema));
    std::sort(out.begin(), out.end(), [&](const TableInfo& a, const TableInfo& b) {
        const bool aDefault = a.schema == defaultSchema, bDefault = b.schema == defaultSchema;
        if (aDefault != bDefault) return aDefault;
        return a.schema != b.schema ? a.schema < b.schema : a.name < b.name;
    });
    return out;
}

std::vector<TableInfo> readCatalog(Source& source) {
    Dialect& dialect = source.dialect();
    const Backend* backend = findBackend(dialect.name());
    return tablesOf(requireCapability<Introspection>(dialect, "introspect").introspect(),
                    backend ? std::string(backend->defaultSchema) : std::string());
}

const TableInfo* findTable(const std::vector<TableInfo>& tables, const std::string& schema, const std::string& name) {
    for (const auto& t : tables) {
        const bool sameSchema = t.schema == schema || (schema.empty() && t.schema == "public");
        if (sameSchema && t.name == name) return &t;
    }
    return nullptr;
}

DriftReport checkDrift(Source& source, const Settings& settings) {
    CheckReport report;
    source.unguarded([&] { report = check(source.dialect(), settings.dir); });
    DriftReport out;
    out.comparedTag = report.comparedTag;
    out.pending = report.pending;
    for (const auto& f : report.findings) out.findings.push_back(DriftFinding{toString(f.kind), f.subject, f.message});
    return out;
}

}  // namespace ob::migrate::cli::studio
