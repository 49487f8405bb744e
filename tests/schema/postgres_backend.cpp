// The PostgreSQL backend of the round-trip scenarios: a fresh database of the test harness, the
// Migrator, and a check of the live schema through the catalogs.
#include "postgres_backend.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <set>

#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"

namespace ob::migrate::schema_test {

namespace {

/// A model type as format_type() prints it.
std::string catalogType(const Column& c) {
    std::string t = c.type;
    if (t == "serial") return "integer";
    if (t == "bigserial") return "bigint";
    if (t == "smallserial") return "smallint";
    if (t == "timestamp") return "timestamp without time zone";
    if (t == "varchar") return "character varying";
    if (t.rfind("varchar(", 0) == 0) return "character " + std::string("varying") + t.substr(7);
    if (t.rfind("numeric(", 0) == 0) return std::regex_replace(t, std::regex(", "), ",");
    return t;
}

/// A default without its casts: 'open'::ticket_status -> 'open'.
std::string uncast(const std::string& sql) {
    return std::regex_replace(sql, std::regex(R"(::[A-Za-z_" ]+(\([0-9, ]+\))?)"), "");
}

std::string action(char code) {
    switch (code) {
        case 'r': return "restrict";
        case 'c': return "cascade";
        case 'n': return "set null";
        case 'd': return "set default";
        default: return "no action";
    }
}

}  // namespace

PostgresBackend::PostgresBackend()
    : fresh_(test::backendKind("postgresql").freshDatabase()),
      connection_(std::make_unique<pqxx::connection>(fresh_->url())) {}

PostgresBackend::~PostgresBackend() = default;

void PostgresBackend::migrate(const std::filesystem::path& folder) {
    postgres::Dialect dialect(fresh_->url());
    Migrator migrator(dialect, MigrationSet::fromDirectory(folder));
    migrator.upToDate();
}

void PostgresBackend::exec(const std::string& sql) {
    pqxx::nontransaction tx(*connection_);
    tx.exec(sql);
}

std::string PostgresBackend::scalar(const std::string& sql) {
    pqxx::nontransaction tx(*connection_);
    auto r = tx.exec(sql);
    if (r.empty()) throw std::runtime_error("no row: " + sql);
    return r[0][0].is_null() ? "<null>" : r[0][0].c_str();
}

std::vector<std::vector<std::string>> PostgresBackend::rows(const std::string& sql) {
    pqxx::nontransaction tx(*connection_);
    std::vector<std::vector<std::string>> out;
    for (const auto& row : tx.exec(sql)) {
        std::vector<std::string> values;
        for (const auto& field : row) values.push_back(field.is_null() ? "<null>" : field.c_str());
        out.push_back(std::move(values));
    }
    return out;
}

void PostgresBackend::requireMatches(const Schema& schema) {
    std::set<std::string> live, expected;
    for (const auto& r : rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND "
                              "table_type = 'BASE TABLE'"))
        live.insert(r[0]);
    for (const auto& t : schema.tables) expected.insert(t.name);
    REQUIRE(live == expected);

    std::map<std::string, std::vector<std::string>> liveEnums, expectedEnums;
    for (const auto& r : rows("SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
                              "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' "
                              "ORDER BY t.typname, e.enumsortorder"))
        liveEnums[r[0]].push_back(r[1]);
    for (const auto& e : schema.enums) expectedEnums[e.name] = e.values;
    CHECK(liveEnums == expectedEnums);

    for (const auto& table : schema.tables) {
        INFO("table " << table.name);
        const std::string rel = "'public.\"" + table.name + "\"'::regclass";
        std::size_t columns = 0;
        for (const auto& r : rows("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                                  "pg_get_expr(d.adbin, d.adrelid), a.attidentity FROM pg_attribute a LEFT JOIN "
                                  "pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = " +
                                  rel + " AND a.attnum > 0 AND NOT a.attisdropped")) {
            INFO("column " << r[0]);
            const Column* c = table.findColumn(r[0]);
            REQUIRE(c);
            ++columns;
            CHECK(r[1] == catalogType(*c));
            CHECK((r[2] == "t") == c->notNull);
            if (c->type == "serial" || c->type == "bigserial") {
                CHECK(r[3].rfind("nextval(", 0) == 0);
            } else if (c->defaultValue) {
                CHECK(uncast(r[3]) == uncast(*c->defaultValue));
            } else {
                CHECK(r[3] == "<null>");
            }
            const std::string identity = c->identity ? (c->identity->type == "always" ? "a" : "d") : "";
            CHECK(r[4] == identity);
        }
        CHECK(columns == table.columns.size());

        std::vector<std::string> pk;
        for (const auto& r : rows("SELECT a.attname FROM pg_index i JOIN LATERAL unnest(i.indkey) WITH ORDINALITY "
                                  "AS k(attnum, n) ON true JOIN pg_attribute a ON a.attrelid = i.indrelid AND "
                                  "a.attnum = k.attnum WHERE i.indrelid = " +
                                  rel + " AND i.indisprimary ORDER BY k.n"))
            pk.push_back(r[0]);
        CHECK(pk == table.primaryKeyColumns());

        // Constraints by kind: name -> columns (and, for foreign keys, target and actions).
        std::map<std::string, std::string> liveConstraints, expectedConstraints;
        for (const auto& r : rows(
                 "SELECT c.conname, c.contype, (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM "
                 "unnest(c.conkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = c.conrelid AND "
                 "a.attnum = k.attnum), c.confrelid::regclass::text, (SELECT string_agg(a.attname, ',' ORDER BY k.n) "
                 "FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = "
                 "c.confrelid AND a.attnum = k.attnum), c.confdeltype, c.confupdtype FROM pg_constraint c WHERE "
                 "c.conrelid = " +
                 rel + " AND c.contype IN ('f', 'u', 'c')")) {
            std::string value = r[1] + ":" + r[2];
            if (r[1] == "f") value += ">" + r[3] + "(" + r[4] + ") " + action(r[5][0]) + "/" + action(r[6][0]);
            if (r[1] == "c") value = "c";
            liveConstraints[r[0]] = value;
        }
        auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
            return s;
        };
        for (const auto& fk : table.foreignKeys)
            expectedConstraints[fk.name] = "f:" + join(fk.columnsFrom) + ">" +
                                           (fk.tableTo.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ ") == std::string::npos
                                                ? fk.tableTo
                                                : "\"" + fk.tableTo + "\"") +
                                           "(" + join(fk.columnsTo) + ") " + fk.onDelete + "/" + fk.onUpdate;
        for (const auto& u : table.uniqueConstraints) expectedConstraints[u.name] = "u:" + join(u.columns);
        for (const auto& c : table.checkConstraints) expectedConstraints[c.name] = "c";
        CHECK(liveConstraints == expectedConstraints);
        if (!table.compositePrimaryKeys.empty())
            CHECK(scalar("SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid = " + rel) ==
                  table.compositePrimaryKeys.front().name);

        // Indexes that back no constraint.
        std::map<std::string, std::string> liveIndexes, expectedIndexes;
        for (const auto& r : rows("SELECT ic.relname, i.indisunique, i.indpred IS NOT NULL, (SELECT "
                                  "string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY "
                                  "k(attnum, n) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = "
                                  "k.attnum) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE "
                                  "i.indrelid = " +
                                  rel + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = "
                                        "i.indexrelid)"))
            liveIndexes[r[0]] = r[1] + r[2] + ":" + r[3];
        for (const auto& idx : table.indexes)
            expectedIndexes[idx.name] =
                std::string(idx.isUnique ? "t" : "f") + (idx.where.empty() ? "f" : "t") + ":" + join(idx.columnNames());
        CHECK(liveIndexes == expectedIndexes);
    }
}

}  // namespace ob::migrate::schema_test
