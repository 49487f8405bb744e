// Reading Drizzle 1.0 snapshots (snapshot.json: SQLite version 7, PostgreSQL version 8, a flat
// `ddl` list of entities) into the schema model.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "ob/migrate/error.hpp"
#include "ob/migrate/snapshot.hpp"
#include "snapshot_json.hpp"

namespace ob::migrate::detail {

namespace {

using snapshot_json::Json;

class Drizzle1Reader {
public:
    Drizzle1Reader(const Json& doc, std::string origin) : doc_(doc), origin_(std::move(origin)) {}

    Snapshot read() {
        if (!doc_.is_object()) fail("snapshot", "must be a JSON object");
        Snapshot s;
        s.drizzle1 = true;
        const std::string dialect = text(doc_, "dialect", "snapshot");
        const std::string version = text(doc_, "version", "snapshot");
        if (dialect == "postgres") {
            postgres_ = true;
            if (version != "8") fail("snapshot", fmt::format("PostgreSQL snapshot version {} is not supported (8)", version));
            s.schema.dialect = "postgresql";
        } else if (dialect == "sqlite") {
            if (version != "7") fail("snapshot", fmt::format("SQLite snapshot version {} is not supported (7)", version));
            s.schema.dialect = "sqlite";
        } else {
            fail("snapshot", fmt::format("dialect {:?} is not supported (sqlite or postgres)", dialect));
        }
        s.id = text(doc_, "id", "snapshot");
        const Json& prev = member(doc_, "prevIds", "snapshot");
        if (!prev.is_array() || prev.empty()) fail("snapshot", "\"prevIds\" must be a non-empty array");
        for (const auto& p : prev) {
            if (!p.is_string()) fail("prevIds", "must hold strings");
            s.prevIds.push_back(p.get<std::string>());
        }
        s.prevId = s.prevIds.front();
        const Json& ddl = member(doc_, "ddl", "snapshot");
        if (!ddl.is_array()) fail("snapshot", "\"ddl\" must be an array");
        // Tables first: the other entities name their table.
        for (std::size_t i = 0; i < ddl.size(); ++i) {
            const Json& e = ddl[i];
            if (!e.is_object()) fail(where(i), "an entity must be an object");
            if (text(e, "entityType", where(i)) == "tables") s.schema.tables.push_back(tableOf(e, i));
        }
        for (std::size_t i = 0; i < ddl.size(); ++i) entity(ddl[i], i, s);
        return s;
    }

private:
    [[noreturn]] void fail(const std::string& at, const std::string& problem) const {
        throw MigrationSetError(origin_, fmt::format("{}: {}", at, problem));
    }
    static std::string where(std::size_t i) { return fmt::format("ddl[{}]", i); }

    const Json& member(const Json& o, const char* key, const std::string& at) const {
        auto it = o.find(key);
        if (it == o.end()) fail(at, fmt::format("missing \"{}\"", key));
        return *it;
    }
    std::string text(const Json& o, const char* key, const std::string& at) const {
        const Json& v = member(o, key, at);
        if (!v.is_string()) fail(at, fmt::format("\"{}\" must be a string", key));
        return v.get<std::string>();
    }
    std::string optionalText(const Json& o, const char* key, const std::string& at) const {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return {};
        if (!it->is_string()) fail(at, fmt::format("\"{}\" must be a string", key));
        return it->get<std::string>();
    }
    bool flag(const Json& o, const char* key) const {
        auto it = o.find(key);
        return it != o.end() && it->is_boolean() && it->get<bool>();
    }
    std::vector<std::string> strings(const Json& o, const char* key, const std::string& at) const {
        const Json& v = member(o, key, at);
        if (!v.is_array()) fail(at, fmt::format("\"{}\" must be an array", key));
        std::vector<std::string> out;
        for (const auto& x : v) {
            if (!x.is_string()) fail(at, fmt::format("\"{}\" must hold strings", key));
            out.push_back(x.get<std::string>());
        }
        return out;
    }
    /// The model keeps PostgreSQL's default schema as "".
    std::string schemaOf(const Json& o, const char* key, const std::string& at) const {
        std::string schema = postgres_ ? optionalText(o, key, at) : std::string();
        return schema == "public" ? std::string() : schema;
    }
    static std::string lower(std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    }

    Table tableOf(const Json& e, std::size_t i) const {
        Table t;
        t.name = text(e, "name", where(i));
        t.schema = schemaOf(e, "schema", where(i));
        return t;
    }

    Table& tableFor(const Json& e, std::size_t i, Snapshot& s) const {
        const std::string name = text(e, "table", where(i));
        const std::string schema = schemaOf(e, "schema", where(i));
        for (auto& t : s.schema.tables)
            if (t.name == name && t.schema == schema) return t;
        fail(where(i), fmt::format("names table {:?}, which the snapshot does not have", name));
    }

    void entity(const Json& e, std::size_t i, Snapshot& s) const {
        const std::string kind = text(e, "entityType", where(i));
        if (kind == "tables") return;
        if (kind == "columns") return tableFor(e, i, s).columns.push_back(columnOf(e, i));
        if (kind == "enums")
            return s.schema.enums.push_back(
                Enum{text(e, "name", where(i)), optionalText(e, "schema", where(i)), strings(e, "values", where(i))});
        if (kind == "indexes") return indexOf(e, i, tableFor(e, i, s));
        if (kind == "fks") {
            ForeignKey fk;
            fk.name = text(e, "name", where(i));
            fk.tableFrom = text(e, "table", where(i));
            fk.columnsFrom = strings(e, "columns", where(i));
            fk.tableTo = text(e, "tableTo", where(i));
            fk.schemaTo = schemaOf(e, "schemaTo", where(i));
            fk.columnsTo = strings(e, "columnsTo", where(i));
            fk.onDelete = lower(optionalText(e, "onDelete", where(i)));
            fk.onUpdate = lower(optionalText(e, "onUpdate", where(i)));
            if (fk.onDelete.empty()) fk.onDelete = "no action";
            if (fk.onUpdate.empty()) fk.onUpdate = "no action";
            return tableFor(e, i, s).foreignKeys.push_back(std::move(fk));
        }
        if (kind == "pks") {
            Table& t = tableFor(e, i, s);
            const auto columns = strings(e, "columns", where(i));
            // One column, named by Drizzle: the model's column primary key, as in a 0.x snapshot.
            if (columns.size() == 1 && !flag(e, "nameExplicit"))
                if (Column* c = t.findColumn(columns.front())) {
                    c->primaryKey = true;
                    c->notNull = true;
                    return;
                }
            return t.compositePrimaryKeys.push_back(PrimaryKey{text(e, "name", where(i)), columns});
        }
        if (kind == "uniques")
            return tableFor(e, i, s).uniqueConstraints.push_back(
                UniqueConstraint{text(e, "name", where(i)), strings(e, "columns", where(i)), flag(e, "nullsNotDistinct")});
        if (kind == "checks")
            return tableFor(e, i, s).checkConstraints.push_back(
                CheckConstraint{text(e, "name", where(i)), text(e, "value", where(i))});
        // Views, sequences, roles, policies, schemas, privileges: kept, not modelled.
        s.unmodeled.emplace_back("ddl:" + kind, e.dump());
    }

    Column columnOf(const Json& e, std::size_t i) const {
        Column c;
        c.name = text(e, "name", where(i));
        c.type = text(e, "type", where(i));
        if (auto it = e.find("dimensions"); it != e.end() && it->is_number_integer())
            for (int d = 0; d < it->get<int>(); ++d) c.type += "[]";
        c.typeSchema = schemaOf(e, "typeSchema", where(i));
        if (postgres_ && c.typeSchema.empty() && !optionalText(e, "typeSchema", where(i)).empty()) c.typeSchema = "public";
        c.notNull = flag(e, "notNull");
        c.autoincrement = flag(e, "autoincrement");
        if (auto it = e.find("default"); it != e.end() && !it->is_null())
            c.defaultValue = it->is_string() ? it->get<std::string>() : it->dump();
        if (auto it = e.find("generated"); it != e.end() && it->is_object())
            c.generated = Generated{optionalText(*it, "type", where(i)), optionalText(*it, "as", where(i))};
        if (auto it = e.find("identity"); it != e.end() && it->is_object()) {
            Identity id;
            const Json& j = *it;
            auto value = [&](const char* key, std::string fallback) {
                auto v = j.find(key);
                if (v == j.end() || v->is_null()) return fallback;
                return v->is_string() ? v->get<std::string>() : v->dump();
            };
            id.type = value("type", id.type);
            id.name = value("name", c.name);
            id.schema = value("schema", id.schema);
            id.increment = value("increment", id.increment);
            id.startWith = value("startWith", id.startWith);
            id.minValue = value("minValue", id.minValue);
            id.maxValue = value("maxValue", id.maxValue);
            id.cache = value("cache", id.cache);
            id.cycle = flag(j, "cycle");
            c.identity = std::move(id);
        }
        return c;
    }

    void indexOf(const Json& e, std::size_t i, Table& t) const {
        Index x;
        x.name = text(e, "name", where(i));
        x.isUnique = flag(e, "isUnique");
        x.where = optionalText(e, "where", where(i));
        if (postgres_) {
            x.method = optionalText(e, "method", where(i));
            if (x.method.empty()) x.method = "btree";
            x.concurrently = flag(e, "concurrently");
        }
        const Json& columns = member(e, "columns", where(i));
        if (!columns.is_array()) fail(where(i), "\"columns\" must be an array");
        for (const auto& c : columns) {
            IndexColumn ic;
            ic.expression = text(c, "value", where(i));
            ic.isExpression = flag(c, "isExpression");
            if (auto it = c.find("asc"); it != c.end() && it->is_boolean()) ic.asc = it->get<bool>();
            ic.nulls = flag(c, "nullsFirst") ? "first" : "last";
            ic.opclass = optionalText(c, "opclass", where(i));
            x.columns.push_back(std::move(ic));
        }
        t.indexes.push_back(std::move(x));
    }

    const Json& doc_;
    std::string origin_;
    bool postgres_ = false;
};

}  // namespace

Snapshot readDrizzle1Snapshot(const Json& doc, const std::string& origin) { return Drizzle1Reader(doc, origin).read(); }

}  // namespace ob::migrate::detail
