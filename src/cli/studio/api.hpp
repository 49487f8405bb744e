// The studio's JSON API under /api/: what the page shows, served from the database through a
// Connection. Knows nothing of HTTP beyond a path, parameters and a status code.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "studio/catalog.hpp"
#include "studio/connection.hpp"

namespace ob::migrate::cli::studio {

struct ApiRequest {
    std::string method;  ///< "GET" or "POST"
    std::string path;    ///< after /api, e.g. "/rows"
    std::map<std::string, std::string> params;  ///< query parameters
    std::string body;    ///< JSON for POST
};

struct ApiResponse {
    int status = 200;
    nlohmann::json body;
};

/// The endpoints (every one answers JSON; errors are {"error": message} with a 4xx/5xx status):
///   GET  /overview    database, mode, tables with row counts
///   GET  /table       ?schema&name: columns, primary key, indexes, foreign keys, checks, references
///   GET  /rows        ?schema&name&page&sort&order&filterColumn&filterValue|filterNull: 50 a page
///   GET  /cell        ?schema&name&column&key: one whole value
///   GET  /migrations  Migrator::status() over the migrations folder
///   GET  /drift       the drift check's findings
///   POST /update      {schema,name,key,column,value} (only with --allow-write)
///   POST /delete      {schema,name,key}              (only with --allow-write)
class Api {
public:
    static constexpr int kPageSize = 50;

    Api(Connection& connection, bool allowWrite) : connection_(connection), allowWrite_(allowWrite) {}

    ApiResponse handle(const ApiRequest& request);

private:
    nlohmann::json overview();
    nlohmann::json table(const ApiRequest& request);
    nlohmann::json rows(const ApiRequest& request);
    nlohmann::json cell(const ApiRequest& request);
    nlohmann::json migrations();
    nlohmann::json drift();
    nlohmann::json update(const nlohmann::json& body);
    nlohmann::json remove(const nlohmann::json& body);

    Connection& connection_;
    bool allowWrite_;
};

/// The table the request names (parameters or body fields "schema", "name"), checked against the
/// catalog: RequestError 404 when there is none.
const TableInfo& requireTable(const std::vector<TableInfo>& tables, const std::string& schema, const std::string& name);
/// The column `name` of `table`: RequestError 400 when there is none.
const ColumnInfo& requireColumn(const TableInfo& table, const std::string& name);

nlohmann::json tableJson(const TableInfo& table, const std::vector<TableInfo>& all);

}  // namespace ob::migrate::cli::studio
