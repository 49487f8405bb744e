// The row endpoints of the studio's API: pages of rows, one whole cell, editing a cell and
// deleting a row by primary key.
#include <fmt/format.h>

#include <cctype>

#include "studio/api.hpp"
#include "studio/request_error.hpp"
#include "studio/values.hpp"

namespace ob::migrate::cli::studio {

using nlohmann::json;

namespace {
constexpr std::int64_t kMaxPage = 10'000'000;
/// Tables without a primary key cannot hand out row keys, so their values come whole up to this.
constexpr std::size_t kUnkeyedValueLimit = 64 * 1024;

std::string param(const ApiRequest& r, const std::string& name) {
    auto it = r.params.find(name);
    return it == r.params.end() ? std::string() : it->second;
}

std::int64_t pageNumber(const std::string& text) {
    if (text.empty()) return 1;
    if (text.size() > 8 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw badRequest("page must be a whole number from 1");
    const auto page = std::stoll(text);
    if (page < 1 || page > kMaxPage) throw badRequest("page must be a whole number from 1");
    return page;
}

std::string field(const json& body, const char* name, bool required = true) {
    auto it = body.find(name);
    if (it == body.end() || it->is_null()) {
        if (required) throw badRequest(fmt::format("the request body needs \"{}\"", name));
        return {};
    }
    if (!it->is_string()) throw badRequest(fmt::format("\"{}\" must be a string", name));
    return it->get<std::string>();
}

const TableInfo& keyedTable(const std::vector<TableInfo>& all, const std::string& schema, const std::string& name) {
    const TableInfo& t = requireTable(all, schema, name);
    if (t.primaryKey.empty())
        throw badRequest(fmt::format("table \"{}\" has no primary key: its rows cannot be addressed one by one", t.name));
    return t;
}

RowKey keyOf(const TableInfo& t, const Row& row) {
    RowKey key;
    for (const auto& k : t.primaryKey)
        for (std::size_t i = 0; i < t.columns.size(); ++i)
            if (t.columns[i].name == k) key.push_back(row.cells.at(i));
    return key;
}
}  // namespace

json Api::rows(const ApiRequest& request) {
    const auto page = pageNumber(param(request, "page"));
    const auto order = param(request, "order");
    if (!order.empty() && order != "asc" && order != "desc") throw badRequest("order must be asc or desc");
    return connection_.read([&](Source& source) {
        const auto all = readCatalog(source);
        const TableInfo& t = requireTable(all, param(request, "schema"), param(request, "name"));
        RowQuery q;
        q.limit = kPageSize;
        q.offset = (page - 1) * kPageSize;
        q.descending = order == "desc";
        if (auto sort = param(request, "sort"); !sort.empty()) q.sortColumn = requireColumn(t, sort).name;
        if (auto column = param(request, "filterColumn"); !column.empty()) {
            RowFilter filter{requireColumn(t, column).name, param(request, "filterValue")};
            if (param(request, "filterNull") == "1") filter.value.reset();
            q.filter = std::move(filter);
        }
        const auto total = source.count(t, q.filter);
        const bool keyed = !t.primaryKey.empty();
        json columns = json::array();
        for (const auto& c : t.columns)
            columns.push_back({{"name", c.name}, {"type", c.type}, {"kind", displayKind(c)}, {"primaryKey", c.primaryKey}});
        json rows = json::array();
        for (const auto& row : source.rows(t, q)) {
            json cells = json::array();
            for (const auto& c : row.cells) cells.push_back(cellJson(c, keyed ? kPreviewLength : kUnkeyedValueLimit));
            rows.push_back({{"key", keyed ? json(encodeKey(keyOf(t, row))) : json(nullptr)}, {"cells", cells}});
        }
        return json{{"schema", t.schema},
                    {"name", t.name},
                    {"columns", columns},
                    {"rows", rows},
                    {"page", page},
                    {"pageSize", kPageSize},
                    {"total", total},
                    {"pages", std::max<std::int64_t>(1, (total + kPageSize - 1) / kPageSize)},
                    {"keyed", keyed},
                    {"editable", keyed && allowWrite_}};
    });
}

json Api::cell(const ApiRequest& request) {
    return connection_.read([&](Source& source) {
        const auto all = readCatalog(source);
        const TableInfo& t = keyedTable(all, param(request, "schema"), param(request, "name"));
        const ColumnInfo& c = requireColumn(t, param(request, "column"));
        const auto value = source.cell(t, c, decodeKey(param(request, "key"), t.primaryKey.size()));
        if (!value) throw notFound("no row has that key (was it deleted?)");
        return fullCellJson(*value, c);
    });
}

json Api::update(const json& body) {
    const auto schema = field(body, "schema", false), name = field(body, "name"), column = field(body, "column"),
               key = field(body, "key");
    if (!body.contains("value")) throw badRequest("the request body needs \"value\" (null for NULL)");
    const Cell value = cellFromJson(body.at("value"));
    return connection_.write([&](Source& source) {
        const auto all = readCatalog(source);
        const TableInfo& t = keyedTable(all, schema, name);
        const ColumnInfo& c = requireColumn(t, column);
        if (!c.generated.empty() && c.generated.rfind("identity", 0) != 0)
            throw badRequest(fmt::format("column \"{}\" is generated: it cannot be set", c.name));
        const auto rowKey = decodeKey(key, t.primaryKey.size());
        const auto changed = source.update(t, c, rowKey, value);
        if (changed == 0) throw notFound("no row has that key (was it deleted?); nothing changed");
        json out = {{"changed", changed}};
        // The new key when a key column itself was edited, so the page can keep addressing the row.
        if (c.primaryKey) {
            RowKey newKey = rowKey;
            for (std::size_t i = 0; i < t.primaryKey.size(); ++i)
                if (t.primaryKey[i] == c.name) newKey[i] = value;
            out["key"] = encodeKey(newKey);
        }
        return out;
    });
}

json Api::remove(const json& body) {
    const auto schema = field(body, "schema", false), name = field(body, "name"), key = field(body, "key");
    return connection_.write([&](Source& source) {
        const auto all = readCatalog(source);
        const TableInfo& t = keyedTable(all, schema, name);
        const auto changed = source.remove(t, decodeKey(key, t.primaryKey.size()));
        if (changed == 0) throw notFound("no row has that key (was it deleted already?); nothing deleted");
        return json{{"changed", changed}};
    });
}

}  // namespace ob::migrate::cli::studio
