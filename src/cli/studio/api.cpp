#include "studio/api.hpp"

#include <fmt/format.h>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/version.hpp"
#include "studio/request_error.hpp"

namespace ob::migrate::cli::studio {

using nlohmann::json;

namespace {
std::string param(const ApiRequest& r, const std::string& name) {
    auto it = r.params.find(name);
    return it == r.params.end() ? std::string() : it->second;
}

json nameList(const std::vector<std::string>& names) { return json(names); }
}  // namespace

const TableInfo& requireTable(const std::vector<TableInfo>& tables, const std::string& schema, const std::string& name) {
    if (name.empty()) throw badRequest("name the table: ?name=<table>");
    if (const TableInfo* t = findTable(tables, schema, name)) return *t;
    throw notFound(schema.empty() ? fmt::format("no table named \"{}\"", name)
                                  : fmt::format("no table named \"{}\" in schema \"{}\"", name, schema));
}

const ColumnInfo& requireColumn(const TableInfo& table, const std::string& name) {
    if (const ColumnInfo* c = table.findColumn(name)) return *c;
    throw badRequest(fmt::format("table \"{}\" has no column named \"{}\"", table.name, name));
}

json tableJson(const TableInfo& t, const std::vector<TableInfo>& all) {
    json columns = json::array();
    for (const auto& c : t.columns)
        columns.push_back({{"name", c.name},
                           {"type", c.type},
                           {"notNull", c.notNull},
                           {"primaryKey", c.primaryKey},
                           {"default", c.defaultValue ? json(*c.defaultValue) : json(nullptr)},
                           {"generated", c.generated}});
    json indexes = json::array();
    for (const auto& i : t.indexes)
        indexes.push_back({{"name", i.name},
                           {"columns", nameList(i.columns)},
                           {"unique", i.unique},
                           {"where", i.where},
                           {"definition", i.definition}});
    json foreignKeys = json::array();
    for (const auto& fk : t.foreignKeys)
        foreignKeys.push_back({{"name", fk.name},
                               {"columns", nameList(fk.columns)},
                               {"schema", fk.tableSchema},
                               {"table", fk.table},
                               {"referencedColumns", nameList(fk.referencedColumns)},
                               {"onUpdate", fk.onUpdate},
                               {"onDelete", fk.onDelete},
                               {"known", findTable(all, fk.tableSchema, fk.table) != nullptr}});
    json checks = json::array();
    for (const auto& c : t.checks) checks.push_back({{"name", c.name}, {"expression", c.expression}});
    json referencedBy = json::array();
    for (const auto& other : all)
        for (const auto& fk : other.foreignKeys)
            if (fk.table == t.name && (fk.tableSchema == t.schema || (fk.tableSchema.empty() && t.schema.empty())))
                referencedBy.push_back({{"schema", other.schema},
                                        {"table", other.name},
                                        {"columns", nameList(fk.columns)},
                                        {"name", fk.name}});
    return json{{"schema", t.schema},         {"name", t.name},           {"columns", columns},
                {"primaryKey", t.primaryKey}, {"indexes", indexes},       {"foreignKeys", foreignKeys},
                {"checks", checks},           {"referencedBy", referencedBy}};
}

ApiResponse Api::handle(const ApiRequest& request) {
    try {
        const auto& p = request.path;
        if (request.method == "GET") {
            if (p == "/overview") return {200, overview()};
            if (p == "/table") return {200, table(request)};
            if (p == "/rows") return {200, rows(request)};
            if (p == "/cell") return {200, cell(request)};
            if (p == "/migrations") return {200, migrations()};
            if (p == "/drift") return {200, drift()};
        } else if (request.method == "POST" && (p == "/update" || p == "/delete")) {
            if (!allowWrite_)
                throw RequestError(403, "the studio is read-only: start it with `ob-migrate studio --allow-write` to "
                                        "edit cells and delete rows");
            const json body = json::parse(request.body, nullptr, false);
            if (!body.is_object()) throw badRequest("the request body must be a JSON object");
            return {200, p == "/update" ? update(body) : remove(body)};
        }
        return {404, {{"error", fmt::format("no API endpoint {} /api{}", request.method, p)}}};
    } catch (const RequestError& e) {
        return {e.status(), {{"error", e.what()}}};
    } catch (const Unavailable& e) {
        return {503, {{"error", e.what()}, {"unavailable", true}}};
    } catch (const ConfigError& e) {
        return {422, {{"error", e.what()}}};
    } catch (const MigrationSetError& e) {
        return {422, {{"error", e.what()}}};
    } catch (const DatabaseError& e) {
        return {400, {{"error", e.what()}}};
    } catch (const std::exception& e) {
        return {500, {{"error", e.what()}}};
    }
}

json Api::overview() {
    return connection_.read([&](Source& source) {
        json tables = json::array();
        for (const auto& t : readCatalog(source))
            tables.push_back({{"schema", t.schema},
                              {"name", t.name},
                              {"rows", source.count(t, std::nullopt)},
                              {"columns", t.columns.size()}});
        return json{{"database", source.dialect().describe()},
                    {"dialect", std::string(source.dialect().name())},
                    {"readOnly", !allowWrite_},
                    {"migrationsDir", connection_.settings().dir},
                    {"version", version()},
                    {"pageSize", kPageSize},
                    {"tables", tables}};
    });
}

json Api::table(const ApiRequest& request) {
    return connection_.read([&](Source& source) {
        const auto all = readCatalog(source);
        return tableJson(requireTable(all, param(request, "schema"), param(request, "name")), all);
    });
}

json Api::migrations() {
    const auto& settings = connection_.settings();
    auto set = MigrationSet::fromDirectory(settings.dir);
    return connection_.read([&](Source& source) {
        Migrator migrator(source.dialect(), set);
        json list = json::array();
        json counts = {{"applied", 0}, {"pending", 0}, {"changed", 0}, {"missing", 0}};
        for (const auto& s : migrator.status()) {
            const std::string state = toString(s.state);
            counts[state] = counts.value(state, 0) + 1;
            list.push_back({{"tag", s.tag},
                            {"when", s.when},
                            {"hash", s.hash},
                            {"recordedHash", s.recordedHash},
                            {"state", state},
                            {"appliedAt", s.appliedAt ? json(*s.appliedAt) : json(nullptr)}});
        }
        return json{{"dir", settings.dir}, {"migrations", list}, {"counts", counts}};
    });
}

json Api::drift() {
    return connection_.read([&](Source& source) {
        const auto report = checkDrift(source, connection_.settings());
        json findings = json::array();
        for (const auto& f : report.findings)
            findings.push_back({{"kind", f.kind}, {"subject", f.subject}, {"message", f.message}});
        return json{{"findings", findings}, {"comparedTag", report.comparedTag}, {"pending", report.pending}};
    });
}

}  // namespace ob::migrate::cli::studio
