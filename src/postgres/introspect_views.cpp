// PostgreSQL views in the live schema, and the server's spelling of expected view definitions.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "introspect_detail.hpp"

namespace ob::migrate::postgres::detail {

namespace {

std::string str(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

/// pg_get_viewdef's text without its trailing semicolon and the white space around it.
std::string trimmed(std::string sql) {
    while (!sql.empty() && (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back())))) sql.pop_back();
    std::size_t start = 0;
    while (start < sql.size() && std::isspace(static_cast<unsigned char>(sql[start]))) ++start;
    return sql.substr(start);
}

/// A reloption's value as the snapshot holds it: booleans and numbers bare, the rest a JSON string.
std::string optionJson(const std::string& value) {
    if (value == "true" || value == "false") return value;
    const auto parsed = nlohmann::json::parse(value, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_number() && parsed.dump() == value) return value;
    return nlohmann::json(value).dump();
}

}  // namespace

std::vector<View> readViews(pqxx::transaction_base& tx, const IntrospectOptions& options) {
    const std::string where = fmt::format(
        "c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema', {}) "
        "AND n.nspname NOT LIKE 'pg\\_%' AND {}",
        tx.quote(options.trackingSchema), fmt::format(kNotExtension, "pg_catalog.pg_class", "c.oid"));
    std::vector<View> views;
    for (const auto& row : tx.exec(fmt::format(
             "SELECT n.nspname, c.relname, c.relkind = 'm', pg_catalog.pg_get_viewdef(c.oid), "
             "COALESCE(ts.spcname, ''), COALESCE(am.amname, '') FROM pg_catalog.pg_class c "
             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
             "LEFT JOIN pg_catalog.pg_tablespace ts ON ts.oid = c.reltablespace "
             "LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam WHERE {} ORDER BY 1, 2",
             where))) {
        View v;
        v.schema = str(row[0]);
        v.name = str(row[1]);
        v.materialized = row[2].as<bool>();
        v.definition = trimmed(str(row[3]));
        v.tablespace = str(row[4]);
        const std::string method = str(row[5]);
        if (v.materialized && method != "heap") v.using_ = method;
        views.push_back(std::move(v));
    }
    for (const auto& row : tx.exec(fmt::format(
             "SELECT n.nspname, c.relname, o.option_name, o.option_value FROM pg_catalog.pg_class c "
             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace, "
             "pg_catalog.pg_options_to_table(c.reloptions) o WHERE {} ORDER BY 1, 2, 3",
             where))) {
        for (auto& v : views)
            if (v.schema == str(row[0]) && v.name == str(row[1]))
                v.with.emplace_back(viewOptionModelName(str(row[2])), optionJson(str(row[3])));
    }
    return views;
}

void normalizeViews(pqxx::dbtransaction& tx, std::vector<View>& views) {
    for (auto& v : views) {
        if (v.isExisting || v.definition.empty()) continue;
        pqxx::subtransaction sub(tx, "ob_migrate_normalize_view");
        try {
            sub.exec0(fmt::format("CREATE TEMPORARY VIEW ob_migrate_normalized_view AS {}", v.definition));
            v.definition = trimmed(
                sub.exec1("SELECT pg_catalog.pg_get_viewdef('pg_temp.ob_migrate_normalized_view'::regclass)")[0]
                    .as<std::string>());
        } catch (const pqxx::sql_error&) {
            // the server cannot build it here (a table it reads is missing): compared as written
        }
        sub.abort();
    }
}

}  // namespace ob::migrate::postgres::detail
