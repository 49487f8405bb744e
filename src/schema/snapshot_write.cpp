// Writing Drizzle Kit snapshots: SQLite version 6 and PostgreSQL version 7, keys in Drizzle's order.
#include <openssl/rand.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "ob/migrate/snapshot.hpp"
#include "snapshot_json.hpp"

namespace ob::migrate {

namespace snapshot_json {

Json defaultToJson(const std::string& sql) {
    if (sql == "true") return true;
    if (sql == "false") return false;
    // A plain number is written as a JSON number (as Drizzle writes numeric literals), when it
    // reads back as the same text.
    bool numeric = !sql.empty();
    for (std::size_t i = 0; i < sql.size() && numeric; ++i) {
        char c = sql[i];
        numeric = std::isdigit(static_cast<unsigned char>(c)) || c == '.' || (c == '-' && i == 0) || c == 'e' ||
                  c == 'E' || c == '+';
    }
    if (numeric) {
        try {
            Json parsed = Json::parse(sql);
            if (parsed.is_number() && parsed.dump() == sql) return parsed;
        } catch (const Json::exception&) {  // also out_of_range: "1e400" stays text
        }
    }
    return sql;
}

std::string defaultFromJson(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

}  // namespace snapshot_json

namespace {

using snapshot_json::Json;

Json strings(const std::vector<std::string>& values) {
    Json a = Json::array();
    for (const auto& v : values) a.push_back(v);
    return a;
}

Json unmodeled(const Snapshot& s, const std::string& key, Json fallback) {
    for (const auto& [k, raw] : s.unmodeled)
        if (k == key) return Json::parse(raw);
    return fallback;
}

Json meta(const Snapshot& s, bool postgres) {
    Json tables = Json::object(), columns = Json::object();
    for (const auto& r : s.renamedTables) tables[fmt::format("\"{}\"", r.from)] = fmt::format("\"{}\"", r.to);
    for (const auto& r : s.renamedColumns)
        columns[fmt::format("\"{}\".\"{}\"", r.table, r.from)] = fmt::format("\"{}\".\"{}\"", r.table, r.to);
    Json m = Json::object();
    if (postgres) {
        m["columns"] = columns;
        m["schemas"] = Json::object();
        m["tables"] = tables;
    } else {
        m["schemas"] = Json::object();
        m["tables"] = tables;
        m["columns"] = columns;
    }
    return m;
}

/// A sequence's or an identity's fields after those already in `j`, in Drizzle's order.
Json sequenceJson(Json j, const std::string& name, const std::string& schema, const std::string& increment,
                  const std::string& startWith, const std::string& minValue, const std::string& maxValue,
                  const std::string& cache, bool cycle) {
    j["name"] = name;
    j["schema"] = schema;
    j["increment"] = increment;
    j["startWith"] = startWith;
    j["minValue"] = minValue;
    j["maxValue"] = maxValue;
    j["cache"] = cache;
    j["cycle"] = cycle;
    return j;
}

Json generatedJson(const Generated& g) {
    Json j = Json::object();
    j["as"] = g.as;
    j["type"] = g.type;
    return j;
}

}  // namespace

Json snapshot_json::columnsJson(const std::vector<Column>& columns, bool postgres) {
    Json out = Json::object();
    for (const auto& c : columns) {
        Json col = Json::object();
        col["name"] = c.name;
        col["type"] = c.type;
        if (postgres && !c.typeSchema.empty()) col["typeSchema"] = c.typeSchema;
        col["primaryKey"] = c.primaryKey;
        col["notNull"] = c.notNull;
        if (!postgres) col["autoincrement"] = c.autoincrement;
        if (c.generated) col["generated"] = generatedJson(*c.generated);
        if (c.identity) {
            Json id = Json::object();
            id["type"] = c.identity->type;
            const Identity& i = *c.identity;
            col["identity"] = sequenceJson(std::move(id), i.name, i.schema, i.increment, i.startWith, i.minValue,
                                           i.maxValue, i.cache, i.cycle);
        }
        if (c.defaultValue) col["default"] = snapshot_json::defaultToJson(*c.defaultValue);
        out[c.name] = std::move(col);
    }
    return out;
}

namespace {

// A table's constraints, keyed by name, keys in drizzle-kit's order for each dialect.
Json foreignKeysJson(const Table& t, bool postgres) {
    Json out = Json::object();
    for (const auto& fk : t.foreignKeys) {
        Json f = Json::object();
        f["name"] = fk.name;
        f["tableFrom"] = fk.tableFrom;
        f["tableTo"] = fk.tableTo;
        if (postgres && !fk.schemaTo.empty() && fk.schemaTo != "public") f["schemaTo"] = fk.schemaTo;
        f["columnsFrom"] = strings(fk.columnsFrom);
        f["columnsTo"] = strings(fk.columnsTo);
        f["onDelete"] = fk.onDelete;
        f["onUpdate"] = fk.onUpdate;
        out[fk.name] = std::move(f);
    }
    return out;
}

Json primaryKeysJson(const Table& t, bool postgres) {
    Json out = Json::object();
    for (const auto& pk : t.compositePrimaryKeys) {
        Json p = Json::object();
        if (postgres) p["name"] = pk.name;  // PostgreSQL: name first; SQLite: columns first
        p["columns"] = strings(pk.columns);
        if (!postgres) p["name"] = pk.name;
        out[pk.name] = std::move(p);
    }
    return out;
}

Json uniquesJson(const Table& t, bool postgres) {
    Json out = Json::object();
    for (const auto& u : t.uniqueConstraints) {
        Json j = Json::object();
        j["name"] = u.name;
        if (postgres) j["nullsNotDistinct"] = u.nullsNotDistinct;
        j["columns"] = strings(u.columns);
        out[u.name] = std::move(j);
    }
    return out;
}

Json checksJson(const Table& t) {
    Json out = Json::object();
    for (const auto& c : t.checkConstraints) {
        Json j = Json::object();
        j["name"] = c.name;
        j["value"] = c.value;
        out[c.name] = std::move(j);
    }
    return out;
}

Json sqliteTable(const Table& t, Json& internalIndexes) {
    Json table = Json::object();
    table["name"] = t.name;
    table["columns"] = snapshot_json::columnsJson(t.columns, false);
    Json indexes = Json::object();
    for (const auto& idx : t.indexes) {
        Json i = Json::object();
        i["name"] = idx.name;
        Json cols = Json::array();
        for (const auto& c : idx.columns) {
            cols.push_back(c.expression);
            if (c.isExpression) internalIndexes[idx.name]["columns"][c.expression]["isExpression"] = true;
        }
        i["columns"] = std::move(cols);
        i["isUnique"] = idx.isUnique;
        if (!idx.where.empty()) i["where"] = idx.where;
        indexes[idx.name] = std::move(i);
    }
    table["indexes"] = std::move(indexes);
    table["foreignKeys"] = foreignKeysJson(t, false);
    table["compositePrimaryKeys"] = primaryKeysJson(t, false);
    table["uniqueConstraints"] = uniquesJson(t, false);
    table["checkConstraints"] = checksJson(t);
    return table;
}

Json postgresTable(const Snapshot& s, const Table& t) {
    Json table = Json::object();
    table["name"] = t.name;
    table["schema"] = t.schema == "public" ? std::string() : t.schema;
    table["columns"] = snapshot_json::columnsJson(t.columns, true);
    Json indexes = Json::object();
    for (const auto& idx : t.indexes) {
        Json i = Json::object();
        i["name"] = idx.name;
        Json cols = Json::array();
        for (const auto& c : idx.columns) {
            Json ic = Json::object();
            ic["expression"] = c.expression;
            // drizzle-kit writes an SQL key's fields in another order than a column's.
            if (c.isExpression) {
                ic["asc"] = c.asc;
                ic["isExpression"] = true;
            } else {
                ic["isExpression"] = false;
                ic["asc"] = c.asc;
            }
            ic["nulls"] = c.nulls;
            if (!c.opclass.empty()) ic["opclass"] = c.opclass;
            cols.push_back(std::move(ic));
        }
        i["columns"] = std::move(cols);
        i["isUnique"] = idx.isUnique;
        if (!idx.where.empty()) i["where"] = idx.where;
        i["concurrently"] = idx.concurrently;
        i["method"] = idx.method;
        Json with = Json::object();
        for (const auto& [k, v] : idx.with) with[k] = Json::parse(v);
        i["with"] = std::move(with);
        indexes[idx.name] = std::move(i);
    }
    table["indexes"] = std::move(indexes);
    table["foreignKeys"] = foreignKeysJson(t, true);
    table["compositePrimaryKeys"] = primaryKeysJson(t, true);
    table["uniqueConstraints"] = uniquesJson(t, true);
    table["policies"] = unmodeled(s, t.name + ".policies", Json::object());
    table["checkConstraints"] = checksJson(t);
    table["isRLSEnabled"] = unmodeled(s, t.name + ".isRLSEnabled", false);
    return table;
}

std::string sqliteJson(const Snapshot& s) {
    Json doc = Json::object();
    doc["version"] = "6";
    doc["dialect"] = "sqlite";
    doc["id"] = s.id;
    doc["prevId"] = s.prevId;
    Json tables = Json::object();
    Json internalIndexes = Json::object();
    for (const auto& t : s.schema.tables) tables[t.name] = sqliteTable(t, internalIndexes);
    doc["tables"] = std::move(tables);
    doc["views"] = snapshot_json::viewsJson(s.schema.views, false);
    doc["enums"] = Json::object();
    doc["_meta"] = meta(s, false);
    Json internal = Json::object();
    internal["indexes"] = std::move(internalIndexes);
    doc["internal"] = std::move(internal);
    return doc.dump(2);
}

std::string postgresJson(const Snapshot& s) {
    Json doc = Json::object();
    doc["id"] = s.id;
    doc["prevId"] = s.prevId;
    doc["version"] = "7";
    doc["dialect"] = "postgresql";
    Json tables = Json::object();
    for (const auto& t : s.schema.tables) {
        std::string schema = t.schema.empty() ? "public" : t.schema;
        tables[schema + "." + t.name] = postgresTable(s, t);
    }
    doc["tables"] = std::move(tables);
    Json enums = Json::object();
    for (const auto& e : s.schema.enums) {
        Json j = Json::object();
        j["name"] = e.name;
        j["schema"] = e.schema;
        j["values"] = strings(e.values);
        enums[e.schema + "." + e.name] = std::move(j);
    }
    doc["enums"] = std::move(enums);
    Json schemas = Json::object();
    for (const auto& name : s.schema.schemas) schemas[name] = name;
    doc["schemas"] = std::move(schemas);
    Json sequences = Json::object();
    for (const auto& q : s.schema.sequences)
        sequences[q.schema + "." + q.name] = sequenceJson(Json::object(), q.name, q.schema, q.increment, q.startWith,
                                                          q.minValue, q.maxValue, q.cache, q.cycle);
    doc["sequences"] = std::move(sequences);
    for (const char* key : {"roles", "policies"}) doc[key] = unmodeled(s, key, Json::object());
    doc["views"] = snapshot_json::viewsJson(s.schema.views, true);
    doc["_meta"] = meta(s, true);
    return doc.dump(2);
}

}  // namespace

std::string Snapshot::toJson() const {
    if (drizzle1) return detail::writeDrizzle1Snapshot(*this);
    if (schema.dialect == "postgresql") return postgresJson(*this);
    if (schema.dialect == "sqlite") return sqliteJson(*this);
    throw Error(fmt::format("no Drizzle snapshot format for dialect {:?}", schema.dialect));
}

Snapshot Snapshot::empty(std::string dialect) {
    Snapshot s;
    s.id = std::string(kOriginSnapshotId);
    s.prevId.clear();
    s.schema.dialect = std::move(dialect);
    return s;
}

std::string randomUuid() {
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) throw Error("no random bytes for a snapshot id (OpenSSL RAND_bytes failed)");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    std::string out;
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
        out += kHex[b[i] >> 4];
        out += kHex[b[i] & 0xF];
    }
    return out;
}

}  // namespace ob::migrate
