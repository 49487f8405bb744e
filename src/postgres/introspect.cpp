// PostgreSQL introspection from pg_catalog: a handful of queries over all tables at once.
#include "ob/migrate/postgres/introspect.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <map>

#include "introspect_detail.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "session.hpp"
#include "spelling.hpp"

namespace ob::migrate::postgres {

namespace detail {

namespace {

std::string str(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

std::vector<std::string> names(const pqxx::field& f) {
    std::vector<std::string> out;
    if (f.is_null()) return out;
    for (const auto& v : nlohmann::json::parse(f.as<std::string>()))
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}

std::string action(const std::string& code) {
    if (code == "r") return "restrict";
    if (code == "c") return "cascade";
    if (code == "n") return "set null";
    if (code == "d") return "set default";
    return "no action";
}


}  // namespace

std::string liveRelations(pqxx::transaction_base& tx, const IntrospectOptions& options) {
    return fmt::format(
        "SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
        "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND NOT (n.nspname = {} AND c.relname = {}) AND {}",
        tx.quote(options.trackingSchema), tx.quote(options.trackingTable),
        fmt::format(kNotExtension, "pg_catalog.pg_class", "c.oid"));
}

std::vector<Table> readTables(pqxx::transaction_base& tx, const std::string& relations) {
    std::vector<Table> tables;
    std::map<std::string, std::size_t> byOid;
    for (const auto& row : tx.exec(fmt::format(
             "SELECT c.oid::text, n.nspname, c.relname FROM pg_catalog.pg_class c "
             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid IN ({}) ORDER BY 2, 3",
             relations))) {
        Table t;
        t.schema = str(row[1]) == "public" ? std::string() : str(row[1]);
        t.name = str(row[2]);
        byOid[str(row[0])] = tables.size();
        tables.push_back(std::move(t));
    }
    auto tableOf = [&](const pqxx::field& oid) -> Table& { return tables.at(byOid.at(str(oid))); };

    // Columns, with serial and identity details.
    for (const auto& row : tx.exec(fmt::format(
             "SELECT a.attrelid::text, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
             "pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, "
             "t.typtype, t.typname, tn.nspname, et.typtype, et.typname, etn.nspname, "
             "sc.relname, sn.nspname, sq.seqstart::text, sq.seqincrement::text, sq.seqmin::text, sq.seqmax::text, "
             "sq.seqcache::text, sq.seqcycle "
             "FROM pg_catalog.pg_attribute a "
             "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
             "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
             "JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace "
             "LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A' "
             "LEFT JOIN pg_catalog.pg_namespace etn ON etn.oid = et.typnamespace "
             "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
             "LEFT JOIN pg_catalog.pg_depend sd ON sd.refobjid = a.attrelid AND sd.refobjsubid = a.attnum "
             "  AND sd.classid = 'pg_catalog.pg_class'::regclass AND sd.deptype IN ('a', 'i') "
             "  AND EXISTS (SELECT 1 FROM pg_catalog.pg_class s WHERE s.oid = sd.objid AND s.relkind = 'S') "
             "LEFT JOIN pg_catalog.pg_class sc ON sc.oid = sd.objid "
             "LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = sc.relnamespace "
             "LEFT JOIN pg_catalog.pg_sequence sq ON sq.seqrelid = sd.objid "
             "WHERE a.attrelid IN ({}) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum",
             relations))) {
        Column c;
        c.name = str(row[1]);
        c.notNull = row[3].as<bool>();
        const std::string typtype = str(row[7]);
        if (typtype == "e") {
            c.type = str(row[8]);
            c.typeSchema = str(row[9]);
        } else if (str(row[10]) == "e") {
            c.type = str(row[11]) + "[]";
            c.typeSchema = str(row[12]);
        } else {
            c.type = snapshotType(str(row[2]));
        }
        const std::string identity = str(row[5]);
        const std::string sequence = str(row[13]);
        const std::string defaultSql = str(row[4]);
        if (!identity.empty() && !sequence.empty()) {
            Identity id;
            id.type = identity == "a" ? "always" : "byDefault";
            id.name = sequence;
            id.schema = str(row[14]);
            id.startWith = str(row[15]);
            id.increment = str(row[16]);
            id.minValue = str(row[17]);
            id.maxValue = str(row[18]);
            id.cache = str(row[19]);
            id.cycle = !row[20].is_null() && row[20].as<bool>();
            c.identity = std::move(id);
        } else if (!sequence.empty() && defaultSql.rfind("nextval(", 0) == 0 &&
                   defaultSql.find(sequence) != std::string::npos &&
                   (c.type == "integer" || c.type == "bigint" || c.type == "smallint")) {
            c.type = c.type == "integer" ? "serial" : c.type == "bigint" ? "bigserial" : "smallserial";
        } else if (str(row[6]) == "s") {
            c.generated = Generated{"stored", defaultSql};
        } else if (!row[4].is_null()) {
            c.defaultValue = snapshotDefault(defaultSql, c.type);
        }
        tableOf(row[0]).columns.push_back(std::move(c));
    }

    // Constraints: primary keys, unique, foreign keys, checks.
    const std::string columnsOf =
        "array_to_json(ARRAY(SELECT a.attname FROM unnest({}) WITH ORDINALITY k(n, o) "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = {} AND a.attnum = k.n ORDER BY k.o))::text";
    for (const auto& row : tx.exec(fmt::format(
             "SELECT con.conrelid::text, con.conname, con.contype, {}, fc.relname, fn.nspname, {}, "
             "con.confupdtype, con.confdeltype, pg_catalog.pg_get_constraintdef(con.oid), "
             "coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) "
             "FROM pg_catalog.pg_constraint con "
             "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = con.confrelid "
             "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace "
             "LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid "
             "WHERE con.conrelid IN ({}) AND con.contype IN ('p', 'u', 'f', 'c') ORDER BY 1, 2",
             fmt::format(columnsOf, "con.conkey", "con.conrelid"), fmt::format(columnsOf, "con.confkey", "con.confrelid"),
             relations))) {
        Table& t = tableOf(row[0]);
        const std::string name = str(row[1]), type = str(row[2]);
        const std::vector<std::string> cols = names(row[3]);
        if (type == "p") {
            if (cols.size() == 1) {
                if (Column* c = t.findColumn(cols[0])) c->primaryKey = true;
            } else {
                t.compositePrimaryKeys.push_back(PrimaryKey{name, cols});
            }
        } else if (type == "u") {
            t.uniqueConstraints.push_back(UniqueConstraint{name, cols, row[10].as<bool>()});
        } else if (type == "f") {
            ForeignKey fk;
            fk.name = name;
            fk.tableFrom = t.name;
            fk.columnsFrom = cols;
            fk.tableTo = str(row[4]);
            fk.schemaTo = str(row[5]) == "public" ? std::string() : str(row[5]);
            fk.columnsTo = names(row[6]);
            fk.onUpdate = action(str(row[7]));
            fk.onDelete = action(str(row[8]));
            t.foreignKeys.push_back(std::move(fk));
        } else {
            t.checkConstraints.push_back(CheckConstraint{name, checkExpression(str(row[9]))});
        }
    }

    // Indexes that no constraint owns.
    for (const auto& row : tx.exec(fmt::format(
             "SELECT i.indrelid::text, ic.relname, i.indisunique, am.amname, "
             "pg_catalog.pg_get_expr(i.indpred, i.indrelid), array_to_json(ic.reloptions)::text, "
             "array_to_json(ARRAY(SELECT json_build_array(k.n, "
             "  pg_catalog.pg_get_indexdef(i.indexrelid, k.o::int, false), i.indoption[k.o - 1], opc.opcname, "
             "  opc.opcdefault) "
             "  FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) "
             "  LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.o - 1] "
             "  WHERE k.o <= i.indnkeyatts ORDER BY k.o))::text "
             "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
             "JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
             "WHERE i.indrelid IN ({}) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con "
             "  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) "
             "ORDER BY 1, 2",
             relations))) {
        Index idx;
        idx.name = str(row[1]);
        idx.isUnique = row[2].as<bool>();
        idx.method = str(row[3]);
        idx.where = str(row[4]);
        for (const auto& option : names(row[5])) {
            const auto eq = option.find('=');
            idx.with.emplace_back(option.substr(0, eq), eq == std::string::npos ? "" : option.substr(eq + 1));
        }
        for (const auto& k : nlohmann::json::parse(str(row[6]))) {
            IndexColumn ic;
            ic.isExpression = k[0].get<int>() == 0;
            ic.expression = k[1].get<std::string>();
            if (!ic.isExpression && ic.expression.size() >= 2 && ic.expression.front() == '"')
                ic.expression = ic.expression.substr(1, ic.expression.size() - 2);  // pg_get_indexdef quotes names
            const int option = k[2].is_number() ? k[2].get<int>() : 0;
            ic.asc = (option & 1) == 0;
            ic.nulls = (option & 2) != 0 ? "first" : "last";
            if (k[4].is_boolean() && !k[4].get<bool>() && k[3].is_string()) ic.opclass = k[3].get<std::string>();
            idx.columns.push_back(std::move(ic));
        }
        tableOf(row[0]).indexes.push_back(std::move(idx));
    }
    return tables;
}

std::vector<Enum> readEnums(pqxx::transaction_base& tx) {
    std::vector<Enum> enums;
    for (const auto& row : tx.exec(fmt::format(
             "SELECT n.nspname, t.typname, array_to_json(ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e "
             "WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder))::text "
             "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
             "WHERE t.typtype = 'e' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
             "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND {} ORDER BY 1, 2",
             fmt::format(kNotExtension, "pg_catalog.pg_type", "t.oid"))))
        enums.push_back(Enum{str(row[1]), str(row[0]), names(row[2])});
    return enums;
}

std::vector<Sequence> readSequences(pqxx::transaction_base& tx) {
    // Sequences of serial and identity columns belong to their column, not to the schema.
    std::vector<Sequence> out;
    for (const auto& row : tx.exec(fmt::format(
             "SELECT n.nspname, c.relname, s.seqincrement::text, s.seqstart::text, s.seqmin::text, s.seqmax::text, "
             "s.seqcache::text, s.seqcycle FROM pg_catalog.pg_sequence s "
             "JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
             "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
             "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass "
             "AND d.objid = c.oid AND d.deptype IN ('a', 'i')) AND {} ORDER BY 1, 2",
             fmt::format(kNotExtension, "pg_catalog.pg_class", "c.oid")))) {
        out.push_back(Sequence{str(row[1]), str(row[0]), str(row[2]), str(row[3]), str(row[4]), str(row[5]), str(row[6]),
                               row[7].as<bool>()});
    }
    return out;
}

std::vector<std::string> readSchemas(pqxx::transaction_base& tx, const IntrospectOptions& options) {
    std::vector<std::string> out;
    for (const auto& row : tx.exec(fmt::format(
             "SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname NOT IN ('public', 'information_schema', {}) "
             "AND n.nspname NOT LIKE 'pg\\_%' AND {} ORDER BY 1",
             tx.quote(options.trackingSchema), fmt::format(kNotExtension, "pg_catalog.pg_namespace", "n.oid"))))
        out.push_back(str(row[0]));
    return out;
}

}  // namespace detail

Schema introspect(pqxx::connection& connection, const IntrospectOptions& options) {
    pqxx::read_transaction tx(connection);
    Schema schema;
    schema.dialect = "postgresql";
    schema.enums = detail::readEnums(tx);
    schema.tables = detail::readTables(tx, detail::liveRelations(tx, options));
    schema.sequences = detail::readSequences(tx);
    schema.schemas = detail::readSchemas(tx, options);
    schema.views = detail::readViews(tx, options);
    tx.commit();
    return schema;
}

Schema Dialect::introspect() {
    if (transactionBackend_) throw Error(fmt::format("{}: cannot introspect inside a migration transaction", describe()));
    try {
        return postgres::introspect(*conn_, IntrospectOptions{options_.trackingSchema, options_.trackingTable});
    } catch (...) {
        detail::rethrowTranslated(info_);
    }
}

Schema Dialect::normalize(const Schema& schema) {
    if (transactionBackend_) throw Error(fmt::format("{}: cannot normalise inside a migration transaction", describe()));
    try {
        return postgres::normalize(*conn_, schema);
    } catch (...) {
        detail::rethrowTranslated(info_);
    }
}

}  // namespace ob::migrate::postgres
