// Writing Drizzle 1.0 snapshots (snapshot.json: a flat `ddl` list of entities) from the schema
// model, in the order and with the keys drizzle-kit 1.0 writes.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "ob/migrate/error.hpp"
#include "ob/migrate/snapshot.hpp"
#include "snapshot_json.hpp"

namespace ob::migrate::detail {

namespace {

using snapshot_json::Json;

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

Json textOrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

class Drizzle1Writer {
public:
    explicit Drizzle1Writer(const Snapshot& s) : s_(s), postgres_(s.schema.dialect == "postgresql") {}

    std::string write() {
        if (!postgres_ && s_.schema.dialect != "sqlite")
            throw Error(fmt::format("no Drizzle 1.0 snapshot format for dialect {:?}", s_.schema.dialect));
        Json doc = Json::object();
        doc["version"] = postgres_ ? "8" : "7";
        doc["dialect"] = postgres_ ? "postgres" : "sqlite";
        doc["id"] = s_.id;
        doc["prevIds"] = s_.prevIds.empty() ? Json::array({s_.prevId}) : Json(s_.prevIds);
        Json ddl = Json::array();
        if (postgres_)
            for (const auto& e : s_.schema.enums) {
                Json j = Json::object();
                j["values"] = e.values;
                j["name"] = e.name;
                j["entityType"] = "enums";
                j["schema"] = e.schema.empty() ? "public" : e.schema;
                ddl.push_back(std::move(j));
            }
        for (const auto& t : s_.schema.tables) {
            Json j = Json::object();
            if (postgres_) j["isRlsEnabled"] = false;
            j["name"] = t.name;
            j["entityType"] = "tables";
            if (postgres_) j["schema"] = schemaOf(t.schema);
            ddl.push_back(std::move(j));
        }
        for (const auto& t : s_.schema.tables)
            for (const auto& c : t.columns) ddl.push_back(column(t, c));
        // drizzle-kit writes SQLite's foreign keys before the indexes, PostgreSQL's after them.
        if (!postgres_) each([&](const Table& t) { for (const auto& fk : t.foreignKeys) ddl.push_back(foreignKey(t, fk)); });
        if (postgres_) each([&](const Table& t) { for (const auto& i : t.indexes) ddl.push_back(index(t, i)); });
        if (postgres_) each([&](const Table& t) { for (const auto& fk : t.foreignKeys) ddl.push_back(foreignKey(t, fk)); });
        each([&](const Table& t) { for (const auto& pk : t.compositePrimaryKeys) ddl.push_back(primaryKey(t, pk.name, pk.columns, true)); });
        each([&](const Table& t) {
            for (const auto& c : t.columns)
                if (c.primaryKey) ddl.push_back(primaryKey(t, t.name + (postgres_ ? "_pkey" : "_pk"), {c.name}, false));
        });
        if (!postgres_) each([&](const Table& t) { for (const auto& i : t.indexes) ddl.push_back(index(t, i)); });
        each([&](const Table& t) { for (const auto& u : t.uniqueConstraints) ddl.push_back(unique(t, u)); });
        each([&](const Table& t) {
            for (const auto& k : t.checkConstraints) {
                Json j = Json::object();
                j["value"] = k.value;
                j["name"] = k.name;
                j["entityType"] = "checks";
                if (postgres_) j["schema"] = schemaOf(t.schema);
                j["table"] = t.name;
                ddl.push_back(std::move(j));
            }
        });
        for (const auto& [key, raw] : s_.unmodeled)
            if (key.rfind("ddl:", 0) == 0) ddl.push_back(Json::parse(raw));
        doc["ddl"] = std::move(ddl);
        doc["renames"] = Json::array();
        try {
            return doc.dump(2);
        } catch (const nlohmann::json::type_error& e) {
            throw Error(fmt::format("cannot write the snapshot: {}", e.what()));
        }
    }

private:
    template <class F>
    void each(F&& f) const {
        for (const auto& t : s_.schema.tables) f(t);
    }

    static std::string schemaOf(const std::string& schema) { return schema.empty() ? "public" : schema; }

    /// Where the entity's own keys end: SQLite names its table, PostgreSQL its schema and table.
    void owner(Json& j, const Table& t) const {
        if (postgres_) j["schema"] = schemaOf(t.schema);
        j["table"] = t.name;
    }

    Json column(const Table& t, const Column& c) const {
        Json j = Json::object();
        std::string type = c.type;
        int dimensions = 0;
        while (postgres_ && type.size() > 2 && type.compare(type.size() - 2, 2, "[]") == 0) {
            type.resize(type.size() - 2);
            ++dimensions;
        }
        j["type"] = type;
        if (postgres_) j["typeSchema"] = textOrNull(c.typeSchema);
        // drizzle-kit 1.0 keeps a SQLite primary key's NOT NULL in the key, not the column.
        j["notNull"] = postgres_ ? c.notNull : c.notNull && !c.primaryKey;
        if (postgres_) j["dimensions"] = dimensions;
        else j["autoincrement"] = c.autoincrement;
        j["default"] = c.defaultValue ? Json(*c.defaultValue) : Json(nullptr);
        if (c.generated) {
            Json g = Json::object();
            g["as"] = c.generated->as;
            g["type"] = c.generated->type;
            j["generated"] = std::move(g);
        } else {
            j["generated"] = nullptr;
        }
        if (postgres_) {
            if (c.identity) {
                const Identity& id = *c.identity;
                Json i = Json::object();
                i["type"] = id.type;
                i["name"] = id.name;
                i["schema"] = id.schema;
                i["increment"] = id.increment;
                i["startWith"] = id.startWith;
                i["minValue"] = id.minValue;
                i["maxValue"] = id.maxValue;
                i["cache"] = id.cache;
                i["cycle"] = id.cycle;
                j["identity"] = std::move(i);
            } else {
                j["identity"] = nullptr;
            }
        }
        j["name"] = c.name;
        j["entityType"] = "columns";
        owner(j, t);
        return j;
    }

    Json foreignKey(const Table& t, const ForeignKey& fk) const {
        Json j = Json::object();
        const std::string implicit = postgres_ ? fmt::format("{}_{}_{}_{}_fkey", t.name, fmt::join(fk.columnsFrom, "_"),
                                                             fk.tableTo, fmt::join(fk.columnsTo, "_"))
                                               : fmt::format("fk_{}_{}_{}_{}_fk", t.name, fmt::join(fk.columnsFrom, "_"),
                                                             fk.tableTo, fmt::join(fk.columnsTo, "_"));
        if (postgres_) j["nameExplicit"] = fk.name != implicit;
        j["columns"] = fk.columnsFrom;
        if (postgres_) j["schemaTo"] = schemaOf(fk.schemaTo);
        j["tableTo"] = fk.tableTo;
        j["columnsTo"] = fk.columnsTo;
        j["onUpdate"] = upper(fk.onUpdate);
        j["onDelete"] = upper(fk.onDelete);
        if (!postgres_) j["nameExplicit"] = fk.name != implicit;
        j["name"] = fk.name;
        j["entityType"] = "fks";
        owner(j, t);
        return j;
    }

    Json primaryKey(const Table& t, const std::string& name, const std::vector<std::string>& columns,
                    bool declared) const {
        Json j = Json::object();
        j["columns"] = columns;
        j["nameExplicit"] = declared && name != t.name + (postgres_ ? "_pkey" : "_pk");
        j["name"] = name;
        if (declared) j["entityType"] = "pks";
        owner(j, t);
        if (!declared) j["entityType"] = "pks";
        return j;
    }

    Json index(const Table& t, const Index& i) const {
        Json j = Json::object();
        if (postgres_) j["nameExplicit"] = true;
        Json columns = Json::array();
        for (const auto& c : i.columns) {
            Json k = Json::object();
            k["value"] = c.expression;
            k["isExpression"] = c.isExpression;
            if (postgres_) {
                k["asc"] = c.asc;
                k["nullsFirst"] = c.nulls == "first";
                k["opclass"] = textOrNull(c.opclass);
            }
            columns.push_back(std::move(k));
        }
        j["columns"] = std::move(columns);
        j["isUnique"] = i.isUnique;
        j["where"] = textOrNull(i.where);
        if (postgres_) {
            std::vector<std::string> with;
            for (const auto& [k, v] : i.with) with.push_back(k + "=" + v);
            j["with"] = fmt::format("{}", fmt::join(with, ","));
            j["method"] = i.method;
            j["concurrently"] = i.concurrently;
        } else {
            j["origin"] = "manual";
        }
        j["name"] = i.name;
        j["entityType"] = "indexes";
        owner(j, t);
        return j;
    }

    Json unique(const Table& t, const UniqueConstraint& u) const {
        Json j = Json::object();
        const std::string implicit = fmt::format("{}_{}_{}", t.name, fmt::join(u.columns, "_"), postgres_ ? "key" : "unique");
        if (postgres_) j["nameExplicit"] = u.name != implicit;
        j["columns"] = u.columns;
        if (postgres_) j["nullsNotDistinct"] = u.nullsNotDistinct;
        else j["nameExplicit"] = u.name != implicit;
        j["name"] = u.name;
        if (postgres_) {
            owner(j, t);
            j["entityType"] = "uniques";
        } else {
            j["entityType"] = "uniques";
            owner(j, t);
        }
        return j;
    }

    const Snapshot& s_;
    bool postgres_;
};

}  // namespace

std::string writeDrizzle1Snapshot(const Snapshot& snapshot) { return Drizzle1Writer(snapshot).write(); }

}  // namespace ob::migrate::detail
