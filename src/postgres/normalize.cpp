// normalize(): expected expressions spelled by the server, through temporary tables that a
// rolled-back transaction takes away again.
#include <fmt/format.h>

#include <pqxx/pqxx>

#include <set>

#include "introspect_detail.hpp"
#include "ob/migrate/postgres/introspect.hpp"

namespace ob::migrate::postgres {

namespace {

class TableNormalizer {
public:
    TableNormalizer(pqxx::dbtransaction& tx, Table& table) : tx_(tx), table_(table) {}

    void run() {
        for (bool enumTypes : {true, false}) {
            pqxx::subtransaction sub(tx_, "ob_migrate_normalize");
            try {
                sub.exec0(createTable(sub, enumTypes));
            } catch (const pqxx::sql_error&) {
                continue;  // a type the server does not know: try again without enum types
            }
            alter(sub);
            for (const auto& idx : table_.indexes) attempt(sub, createIndex(sub, idx), indexesDone_, idx.name);
            readBack(sub);
            sub.abort();
            return;
        }
    }

private:
    std::string typeOf(const Column& c, bool enumTypes) const {
        if (c.type == "serial") return "integer";
        if (c.type == "bigserial") return "bigint";
        if (c.type == "smallserial") return "smallint";
        if (!c.typeSchema.empty()) {
            if (!enumTypes) return c.type.size() > 2 && c.type.substr(c.type.size() - 2) == "[]" ? "text[]" : "text";
            std::string base = c.type, dims;
            while (base.size() > 2 && base.substr(base.size() - 2) == "[]") {
                base.resize(base.size() - 2);
                dims += "[]";
            }
            return tx_.quote_name(c.typeSchema) + "." + tx_.quote_name(base) + dims;
        }
        return c.type;
    }

    std::string temp() const { return "pg_temp." + tx_.quote_name(table_.name); }

    std::string createTable(pqxx::transaction_base& tx, bool enumTypes) const {
        std::vector<std::string> columns;
        for (const auto& c : table_.columns) {
            std::string def = tx.quote_name(c.name) + " " + typeOf(c, enumTypes);
            if (c.generated) def += fmt::format(" GENERATED ALWAYS AS ({}) STORED", c.generated->as);
            columns.push_back(std::move(def));
        }
        return fmt::format("CREATE TEMPORARY TABLE {} ({})", temp(), fmt::join(columns, ", "));
    }

    std::string createIndex(pqxx::transaction_base& tx, const Index& idx) const {
        std::vector<std::string> cols;
        for (const auto& c : idx.columns) {
            std::string part = c.isExpression ? "(" + c.expression + ")" : tx.quote_name(c.expression);
            if (!c.opclass.empty()) part += " " + c.opclass;
            if (!c.asc) part += " DESC";
            if (c.asc && c.nulls == "first") part += " NULLS FIRST";
            if (!c.asc && c.nulls == "last") part += " NULLS LAST";
            cols.push_back(std::move(part));
        }
        std::vector<std::string> with;
        for (const auto& [k, v] : idx.with) {
            std::string value = v.size() >= 2 && v.front() == '"' && v.back() == '"' ? v.substr(1, v.size() - 2) : v;
            with.push_back(k + "=" + value);
        }
        return fmt::format("CREATE {}INDEX {} ON {} USING {} ({}){}{}", idx.isUnique ? "UNIQUE " : "",
                           tx.quote_name(idx.name), temp(), idx.method.empty() ? "btree" : idx.method,
                           fmt::join(cols, ", "), with.empty() ? "" : fmt::format(" WITH ({})", fmt::join(with, ", ")),
                           idx.where.empty() ? "" : " WHERE " + idx.where);
    }

    /// Runs `sql` in its own savepoint; records `name` in `done` when it worked.
    void attempt(pqxx::dbtransaction& tx, const std::string& sql, std::set<std::string>& done, const std::string& name) {
        pqxx::subtransaction sub(tx, "ob_migrate_attempt");
        try {
            sub.exec0(sql);
            sub.commit();
            done.insert(name);
        } catch (const pqxx::sql_error&) {
            // keep the expected text
        }
    }

    void alter(pqxx::dbtransaction& tx) {
        std::vector<std::pair<std::string, std::string>> defaults, checks;  // name, clause
        for (const auto& c : table_.columns)
            if (c.defaultValue && !c.generated)
                defaults.emplace_back(c.name, fmt::format("ALTER COLUMN {} SET DEFAULT {}", tx.quote_name(c.name),
                                                          *c.defaultValue));
        for (const auto& k : table_.checkConstraints)
            checks.emplace_back(k.name, fmt::format("ADD CONSTRAINT {} CHECK ({})", tx.quote_name(k.name), k.value));
        if (defaults.empty() && checks.empty()) return;
        std::vector<std::string> clauses;
        for (const auto& d : defaults) clauses.push_back(d.second);
        for (const auto& k : checks) clauses.push_back(k.second);
        std::set<std::string> all;
        attempt(tx, fmt::format("ALTER TABLE {} {}", temp(), fmt::join(clauses, ", ")), all, "*");
        if (all.count("*")) {
            for (const auto& d : defaults) defaultsDone_.insert(d.first);
            for (const auto& k : checks) checksDone_.insert(k.first);
            return;
        }
        for (const auto& d : defaults)
            attempt(tx, fmt::format("ALTER TABLE {} {}", temp(), d.second), defaultsDone_, d.first);
        for (const auto& k : checks) attempt(tx, fmt::format("ALTER TABLE {} {}", temp(), k.second), checksDone_, k.first);
    }

    void readBack(pqxx::dbtransaction& tx) {
        auto tables = detail::readTables(
            tx, fmt::format("SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() "
                            "AND c.relkind = 'r' AND c.relname = {}",
                            tx.quote(table_.name)));
        if (tables.size() != 1) return;
        const Table& stored = tables.front();
        for (auto& c : table_.columns) {
            const Column* s = stored.findColumn(c.name);
            if (!s) continue;
            if (c.generated && s->generated) c.generated->as = s->generated->as;
            if (defaultsDone_.count(c.name)) c.defaultValue = s->defaultValue;
        }
        for (auto& k : table_.checkConstraints)
            if (checksDone_.count(k.name))
                for (const auto& s : stored.checkConstraints)
                    if (s.name == k.name) k.value = s.value;
        for (auto& idx : table_.indexes)
            if (indexesDone_.count(idx.name))
                if (const Index* s = stored.findIndex(idx.name)) {
                    const bool concurrently = idx.concurrently;
                    idx = *s;
                    idx.concurrently = concurrently;
                }
    }

    pqxx::dbtransaction& tx_;
    Table& table_;
    std::set<std::string> defaultsDone_, checksDone_, indexesDone_;
};

}  // namespace

Schema normalize(pqxx::connection& connection, const Schema& schema) {
    Schema out = schema;
    pqxx::work tx(connection);
    for (auto& t : out.tables) TableNormalizer(tx, t).run();
    detail::normalizeViews(tx, out.views);
    tx.abort();
    return out;
}

}  // namespace ob::migrate::postgres
