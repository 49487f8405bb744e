// Reading Drizzle Kit snapshots (SQLite version 6, PostgreSQL version 7) into the schema model.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "ob/migrate/error.hpp"
#include "ob/migrate/snapshot.hpp"
#include "snapshot_json.hpp"

namespace ob::migrate {

namespace {

using snapshot_json::Json;

/// Reads one snapshot, naming the file and the JSON path in every error.
class Reader {
public:
    explicit Reader(std::string origin) : origin_(std::move(origin)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
        throw MigrationSetError(origin_, fmt::format("{}: {}", where, problem));
    }

    const Json& member(const Json& object, const char* key, const std::string& where) const {
        auto it = object.find(key);
        if (it == object.end()) fail(where, fmt::format("missing \"{}\"", key));
        return *it;
    }

    std::string text(const Json& object, const char* key, const std::string& where) const {
        const Json& v = member(object, key, where);
        if (!v.is_string()) fail(where, fmt::format("\"{}\" must be a string", key));
        return v.get<std::string>();
    }

    std::string optionalText(const Json& object, const char* key, const std::string& where,
                             std::string fallback = {}) const {
        auto it = object.find(key);
        if (it == object.end() || it->is_null()) return fallback;
        if (!it->is_string()) fail(where, fmt::format("\"{}\" must be a string", key));
        return it->get<std::string>();
    }

    bool flag(const Json& object, const char* key, const std::string& where, std::optional<bool> fallback = {}) const {
        auto it = object.find(key);
        if (it == object.end()) {
            if (fallback) return *fallback;
            fail(where, fmt::format("missing \"{}\"", key));
        }
        if (!it->is_boolean()) fail(where, fmt::format("\"{}\" must be true or false", key));
        return it->get<bool>();
    }

    std::vector<std::string> strings(const Json& object, const char* key, const std::string& where) const {
        const Json& v = member(object, key, where);
        if (!v.is_array()) fail(where, fmt::format("\"{}\" must be an array", key));
        std::vector<std::string> out;
        for (const auto& s : v) {
            if (!s.is_string()) fail(where, fmt::format("\"{}\" must hold strings", key));
            out.push_back(s.get<std::string>());
        }
        return out;
    }

    /// The members of an optional object-valued key (absent = empty).
    const Json& objectOf(const Json& object, const char* key, const std::string& where) const {
        static const Json empty = Json::object();
        auto it = object.find(key);
        if (it == object.end()) return empty;
        if (!it->is_object()) fail(where, fmt::format("\"{}\" must be an object", key));
        return *it;
    }

    Column column(const Json& j, const std::string& where, bool postgres) const {
        if (!j.is_object()) fail(where, "a column must be an object");
        Column c;
        c.name = text(j, "name", where);
        c.type = text(j, "type", where);
        c.typeSchema = optionalText(j, "typeSchema", where);
        c.primaryKey = flag(j, "primaryKey", where);
        c.notNull = flag(j, "notNull", where);
        if (!postgres) c.autoincrement = flag(j, "autoincrement", where, false);
        if (auto it = j.find("default"); it != j.end() && !it->is_null())
            c.defaultValue = snapshot_json::defaultFromJson(*it);
        if (auto it = j.find("generated"); it != j.end() && it->is_object())
            c.generated = Generated{text(*it, "type", where + ".generated"), text(*it, "as", where + ".generated")};
        if (auto it = j.find("identity"); it != j.end() && it->is_object()) {
            const std::string w = where + ".identity";
            Identity id;
            id.type = text(*it, "type", w);
            id.name = text(*it, "name", w);
            id.schema = optionalText(*it, "schema", w, "public");
            id.increment = optionalText(*it, "increment", w);
            id.startWith = optionalText(*it, "startWith", w);
            id.minValue = optionalText(*it, "minValue", w);
            id.maxValue = optionalText(*it, "maxValue", w);
            id.cache = optionalText(*it, "cache", w);
            id.cycle = flag(*it, "cycle", w, false);
            c.identity = std::move(id);
        }
        return c;
    }

    Sequence sequence(const Json& j, const std::string& where) const {
        if (!j.is_object()) fail(where, "a sequence must be an object");
        Sequence q;
        q.name = text(j, "name", where);
        q.schema = optionalText(j, "schema", where, "public");
        q.increment = optionalText(j, "increment", where);
        q.startWith = optionalText(j, "startWith", where);
        q.minValue = optionalText(j, "minValue", where);
        q.maxValue = optionalText(j, "maxValue", where);
        q.cache = optionalText(j, "cache", where);
        q.cycle = flag(j, "cycle", where, false);
        return q;
    }

    View view(const Json& j, const std::string& where, bool postgres) const {
        if (!j.is_object()) fail(where, "a view must be an object");
        View v;
        v.name = text(j, "name", where);
        v.isExisting = flag(j, "isExisting", where, false);
        v.definition = v.isExisting ? optionalText(j, "definition", where) : text(j, "definition", where);
        for (const auto& [name, c] : objectOf(j, "columns", where).items())
            v.columns.push_back(column(c, where + ".columns." + name, postgres));
        if (!postgres) return v;
        v.schema = optionalText(j, "schema", where, "public");
        v.materialized = flag(j, "materialized", where, false);
        for (const auto& [k, value] : objectOf(j, "with", where).items()) v.with.emplace_back(k, value.dump());
        v.withNoData = flag(j, "withNoData", where, false);
        v.tablespace = optionalText(j, "tablespace", where);
        v.using_ = optionalText(j, "using", where);
        return v;
    }

    Index index(const Json& j, const std::string& where, bool postgres, const Json& internal) const {
        if (!j.is_object()) fail(where, "an index must be an object");
        Index idx;
        idx.name = text(j, "name", where);
        idx.isUnique = flag(j, "isUnique", where);
        idx.where = optionalText(j, "where", where);
        const Json& cols = member(j, "columns", where);
        if (!cols.is_array()) fail(where, "\"columns\" must be an array");
        for (const auto& c : cols) {
            IndexColumn ic;
            if (c.is_string()) {
                ic.expression = c.get<std::string>();
                auto in = internal.find(idx.name);
                if (in != internal.end() && in->is_object()) {
                    auto ci = in->find("columns");
                    if (ci != in->end() && ci->contains(ic.expression))
                        ic.isExpression = (*ci)[ic.expression].value("isExpression", false);
                }
            } else if (c.is_object()) {
                ic.expression = text(c, "expression", where);
                ic.isExpression = flag(c, "isExpression", where, false);
                ic.asc = flag(c, "asc", where, true);
                ic.nulls = optionalText(c, "nulls", where, "last");
                ic.opclass = optionalText(c, "opclass", where);
            } else {
                fail(where, "index columns must be strings or objects");
            }
            idx.columns.push_back(std::move(ic));
        }
        if (postgres) {
            idx.method = optionalText(j, "method", where, "btree");
            idx.concurrently = flag(j, "concurrently", where, false);
            for (const auto& [k, v] : objectOf(j, "with", where).items()) idx.with.emplace_back(k, v.dump());
        }
        return idx;
    }

    ForeignKey foreignKey(const Json& j, const std::string& where) const {
        if (!j.is_object()) fail(where, "a foreign key must be an object");
        ForeignKey fk;
        fk.name = text(j, "name", where);
        fk.tableFrom = text(j, "tableFrom", where);
        fk.tableTo = text(j, "tableTo", where);
        fk.schemaTo = optionalText(j, "schemaTo", where);
        if (fk.schemaTo == "public") fk.schemaTo.clear();
        fk.columnsFrom = strings(j, "columnsFrom", where);
        fk.columnsTo = strings(j, "columnsTo", where);
        fk.onDelete = optionalText(j, "onDelete", where, "no action");
        fk.onUpdate = optionalText(j, "onUpdate", where, "no action");
        return fk;
    }

    Table table(const Json& j, const std::string& where, bool postgres, const Json& internal,
                std::vector<std::pair<std::string, std::string>>& unmodeled) const {
        if (!j.is_object()) fail(where, "a table must be an object");
        Table t;
        t.name = text(j, "name", where);
        if (postgres) t.schema = optionalText(j, "schema", where);
        if (t.schema == "public") t.schema.clear();
        for (const auto& [name, c] : member(j, "columns", where).items())
            t.columns.push_back(column(c, where + ".columns." + name, postgres));
        for (const auto& [name, i] : objectOf(j, "indexes", where).items())
            t.indexes.push_back(index(i, where + ".indexes." + name, postgres, internal));
        for (const auto& [name, f] : objectOf(j, "foreignKeys", where).items())
            t.foreignKeys.push_back(foreignKey(f, where + ".foreignKeys." + name));
        for (const auto& [name, p] : objectOf(j, "compositePrimaryKeys", where).items()) {
            const std::string w = where + ".compositePrimaryKeys." + name;
            t.compositePrimaryKeys.push_back(PrimaryKey{optionalText(p, "name", w, name), strings(p, "columns", w)});
        }
        for (const auto& [name, u] : objectOf(j, "uniqueConstraints", where).items()) {
            const std::string w = where + ".uniqueConstraints." + name;
            t.uniqueConstraints.push_back(
                UniqueConstraint{optionalText(u, "name", w, name), strings(u, "columns", w),
                                 flag(u, "nullsNotDistinct", w, false)});
        }
        for (const auto& [name, c] : objectOf(j, "checkConstraints", where).items()) {
            const std::string w = where + ".checkConstraints." + name;
            t.checkConstraints.push_back(CheckConstraint{optionalText(c, "name", w, name), text(c, "value", w)});
        }
        if (postgres) {
            const Json& policies = objectOf(j, "policies", where);
            if (!policies.empty()) unmodeled.emplace_back(t.name + ".policies", policies.dump());
            if (flag(j, "isRLSEnabled", where, false)) unmodeled.emplace_back(t.name + ".isRLSEnabled", "true");
        }
        return t;
    }

    void renames(const Json& doc, Snapshot& s) const {
        const Json& m = objectOf(doc, "_meta", "_meta");
        auto unquote = [](std::string v) {
            std::vector<std::string> parts;
            std::string cur;
            bool in = false;
            for (char c : v) {
                if (c == '"') {
                    if (in) parts.push_back(cur);
                    cur.clear();
                    in = !in;
                } else if (in) {
                    cur += c;
                }
            }
            return parts;
        };
        for (const auto& [from, to] : objectOf(m, "tables", "_meta").items()) {
            if (!to.is_string()) fail("_meta.tables", "values must be strings");
            auto f = unquote(from), t = unquote(to.get<std::string>());
            if (!f.empty() && !t.empty()) s.renamedTables.push_back({f.back(), t.back()});
        }
        for (const auto& [from, to] : objectOf(m, "columns", "_meta").items()) {
            if (!to.is_string()) fail("_meta.columns", "values must be strings");
            auto f = unquote(from), t = unquote(to.get<std::string>());
            if (f.size() >= 2 && t.size() >= 2) s.renamedColumns.push_back({t[t.size() - 2], f.back(), t.back()});
        }
    }

    Snapshot read(const Json& doc) const {
        if (!doc.is_object()) fail("snapshot", "must be a JSON object");
        Snapshot s;
        const std::string dialect = text(doc, "dialect", "snapshot");
        const std::string version = text(doc, "version", "snapshot");
        bool postgres = false;
        if (dialect == "postgresql") {
            postgres = true;
            if (version != "7")
                fail("snapshot", fmt::format("PostgreSQL snapshot version {} is not supported (only 7); upgrade the "
                                             "folder with drizzle-kit up",
                                             version));
        } else if (dialect == "sqlite") {
            if (version != "6")
                fail("snapshot", fmt::format("SQLite snapshot version {} is not supported (only 6); upgrade the "
                                             "folder with drizzle-kit up",
                                             version));
        } else {
            fail("snapshot", fmt::format("dialect {:?} is not supported (sqlite or postgresql)", dialect));
        }
        s.schema.dialect = dialect;
        s.id = text(doc, "id", "snapshot");
        s.prevId = optionalText(doc, "prevId", "snapshot");
        const Json& internal = objectOf(objectOf(doc, "internal", "internal"), "indexes", "internal");
        for (const auto& [key, t] : member(doc, "tables", "snapshot").items())
            s.schema.tables.push_back(table(t, "tables." + key, postgres, internal, s.unmodeled));
        for (const auto& [key, e] : objectOf(doc, "enums", "snapshot").items()) {
            const std::string w = "enums." + key;
            if (!e.is_object()) fail(w, "an enum must be an object");
            s.schema.enums.push_back(Enum{text(e, "name", w), optionalText(e, "schema", w, "public"), strings(e, "values", w)});
        }
        if (postgres) {
            for (const auto& [key, name] : objectOf(doc, "schemas", "snapshot").items()) {
                if (!name.is_string()) fail("schemas." + key, "must be a string");
                s.schema.schemas.push_back(name.get<std::string>());
            }
            for (const auto& [key, q] : objectOf(doc, "sequences", "snapshot").items())
                s.schema.sequences.push_back(sequence(q, "sequences." + key));
        }
        for (const auto& [key, v] : objectOf(doc, "views", "snapshot").items())
            s.schema.views.push_back(view(v, "views." + key, postgres));
        if (postgres)
            for (const char* key : {"roles", "policies"}) {
                const Json& section = objectOf(doc, key, "snapshot");
                if (!section.empty()) s.unmodeled.emplace_back(key, section.dump());
            }
        renames(doc, s);
        return s;
    }

private:
    std::string origin_;
};

}  // namespace

Snapshot Snapshot::parse(std::string_view json, const std::string& origin) {
    Json doc;
    try {
        doc = Json::parse(json.begin(), json.end());
    } catch (const Json::exception& e) {  // parse_error, and out_of_range for a number too large
        throw MigrationSetError(origin, fmt::format("malformed JSON: {}", e.what()));
    }
    try {
        if (doc.is_object() && doc.contains("ddl")) return detail::readDrizzle1Snapshot(doc, origin);
        return Reader(origin).read(doc);
    } catch (const Json::exception& e) {
        throw MigrationSetError(origin, fmt::format("unexpected snapshot content: {}", e.what()));
    }
}

Snapshot Snapshot::read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw MigrationSetError(file.string(), "cannot read the snapshot");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.string());
}

}  // namespace ob::migrate
