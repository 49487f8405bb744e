#include "studio/postgres_catalog.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/result>

namespace ob::migrate::cli::studio {

namespace {
// The tables shown, as a CTE every query starts from; $1, $2: the tracking table's schema and name.
constexpr const char* kTables = R"(WITH t AS (
  SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
    AND NOT (n.nspname = $1 AND c.relname = $2)) )";

std::vector<std::string> names(const pqxx::field& f) {
    std::vector<std::string> out;
    if (f.is_null()) return out;
    for (const auto& v : nlohmann::json::parse(f.c_str())) out.push_back(v.get<std::string>());
    return out;
}

std::string action(const std::string& code) {
    if (code == "r") return "restrict";
    if (code == "c") return "cascade";
    if (code == "n") return "set null";
    if (code == "d") return "set default";
    return "no action";
}

std::string withoutPrefix(std::string text, const std::string& prefix) {
    if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
    return text;
}
}  // namespace

std::vector<TableInfo> readPostgresCatalog(pqxx::transaction_base& tx, const std::string& trackingSchema,
                                           const std::string& trackingTable) {
    std::vector<TableInfo> tables;
    std::map<long long, std::size_t> byOid;
    for (const auto& r : tx.exec_params(std::string(kTables) +
                                            "SELECT oid::bigint, nspname, relname FROM t "
                                            "ORDER BY nspname <> 'public', nspname, relname",
                                        trackingSchema, trackingTable)) {
        TableInfo t;
        t.schema = r[1].as<std::string>();
        t.name = r[2].as<std::string>();
        byOid[r[0].as<long long>()] = tables.size();
        tables.push_back(std::move(t));
    }

    for (const auto& r : tx.exec_params(std::string(kTables) + R"(
        SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text
        FROM pg_attribute a JOIN t ON t.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum)",
                                        trackingSchema, trackingTable)) {
        ColumnInfo c;
        c.name = r[1].as<std::string>();
        c.type = r[2].as<std::string>();
        c.notNull = r[3].as<bool>();
        if (!r[4].is_null()) c.defaultValue = r[4].as<std::string>();
        const auto identity = r[5].as<std::string>(), generated = r[6].as<std::string>();
        if (identity == "a") c.generated = "identity always";
        if (identity == "d") c.generated = "identity by default";
        if (generated == "s") {
            c.generated = "stored";
            c.defaultValue.reset();  // the default holds the generation expression
        }
        tables[byOid.at(r[0].as<long long>())].columns.push_back(std::move(c));
    }

    for (const auto& r : tx.exec_params(std::string(kTables) + R"(
        SELECT con.conrelid::bigint, con.conname, con.contype::text, pg_get_constraintdef(con.oid, true),
          array_to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord))::text,
          fn.nspname, fc.relname,
          array_to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord))::text,
          con.confupdtype::text, con.confdeltype::text
        FROM pg_constraint con JOIN t ON t.oid = con.conrelid
        LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
        WHERE con.contype IN ('p', 'f', 'c') ORDER BY con.conrelid, con.conname)",
                                        trackingSchema, trackingTable)) {
        TableInfo& t = tables[byOid.at(r[0].as<long long>())];
        const auto type = r[2].as<std::string>();
        if (type == "p") {
            t.primaryKey = names(r[4]);
            for (auto& c : t.columns)
                for (const auto& k : t.primaryKey)
                    if (c.name == k) c.primaryKey = true;
        } else if (type == "f") {
            ForeignKeyInfo fk;
            fk.name = r[1].as<std::string>();
            fk.columns = names(r[4]);
            fk.tableSchema = r[5].as<std::string>();
            fk.table = r[6].as<std::string>();
            fk.referencedColumns = names(r[7]);
            fk.onUpdate = action(r[8].as<std::string>());
            fk.onDelete = action(r[9].as<std::string>());
            t.foreignKeys.push_back(std::move(fk));
        } else {
            t.checks.push_back(CheckInfo{r[1].as<std::string>(), withoutPrefix(r[3].as<std::string>(), "CHECK ")});
        }
    }

    for (const auto& r : tx.exec_params(std::string(kTables) + R"(
        SELECT ix.indrelid::bigint, i.relname, ix.indisunique, pg_get_indexdef(ix.indexrelid),
               coalesce(pg_get_expr(ix.indpred, ix.indrelid), ''),
               array_to_json(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true)
                                   FROM generate_series(1, ix.indnkeyatts) k ORDER BY k))::text
        FROM pg_index ix JOIN t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
        WHERE NOT ix.indisprimary ORDER BY ix.indrelid, i.relname)",
                                        trackingSchema, trackingTable)) {
        IndexInfo index;
        index.name = r[1].as<std::string>();
        index.unique = r[2].as<bool>();
        index.definition = r[3].as<std::string>();
        index.where = r[4].as<std::string>();
        index.columns = names(r[5]);
        tables[byOid.at(r[0].as<long long>())].indexes.push_back(std::move(index));
    }
    return tables;
}

}  // namespace ob::migrate::cli::studio
