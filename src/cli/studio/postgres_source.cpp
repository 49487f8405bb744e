// The studio's PostgreSQL source: one connection kept between requests (opened anew after it
// was lost), read-only sessions unless --allow-write, every statement bounded by a timeout.
#include <fmt/format.h>

#include <cstring>
#include <pqxx/pqxx>

#include "ob/migrate/error.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "studio/source.hpp"
#include "studio/values.hpp"

namespace ob::migrate::cli::studio {

namespace {
constexpr unsigned kByteaOid = 17;

/// Parameters of one statement, NULLs included (libpqxx takes them as C strings).
class Params {
public:
    /// Adds a value and returns its placeholder, "$n".
    std::string add(const Cell& cell) {
        values_.push_back(cell.kind == Cell::Kind::Null ? std::nullopt : std::optional<std::string>(cell.text));
        return "$" + std::to_string(values_.size());
    }
    std::string add(const std::string& text) { return add(Cell::of(Cell::Kind::Text, text)); }

    pqxx::result exec(pqxx::transaction_base& tx, const std::string& sql) const {
        std::vector<const char*> pointers;
        for (const auto& v : values_) pointers.push_back(v ? v->c_str() : nullptr);
        return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(pointers));
    }

private:
    std::vector<std::optional<std::string>> values_;
};

std::string qualified(const TableInfo& t) { return quoteIdentifier(t.schema) + "." + quoteIdentifier(t.name); }

std::string columnList(const TableInfo& t) {
    std::string out;
    for (const auto& c : t.columns) out += (out.empty() ? "" : ", ") + quoteIdentifier(c.name);
    return out;
}

std::string keyCondition(const TableInfo& t, const RowKey& key, Params& params) {
    std::string out;
    for (std::size_t i = 0; i < t.primaryKey.size(); ++i)
        out += fmt::format("{}{} = {}", i ? " AND " : " WHERE ", quoteIdentifier(t.primaryKey[i]), params.add(key.at(i)));
    return out;
}

/// `WHERE col = $n`; json has no equality operator, so it is compared as text.
std::string filterCondition(const TableInfo& t, const std::optional<RowFilter>& filter, Params& params) {
    if (!filter) return "";
    const auto name = quoteIdentifier(filter->column);
    if (!filter->value) return " WHERE " + name + " IS NULL";
    const ColumnInfo* c = t.findColumn(filter->column);
    const bool asText = c && (c->type == "json" || c->type == "xml" || c->type == "point");
    return " WHERE " + (asText ? name + "::text" : name) + " = " + params.add(*filter->value);
}

Cell readCell(const pqxx::field& f, unsigned type) {
    if (f.is_null()) return Cell::null();
    return Cell::of(type == kByteaOid ? Cell::Kind::Blob : Cell::Kind::Text, std::string(f.c_str(), f.size()));
}

std::string serverMessage(const char* what) {
    std::string message = what ? what : "";
    while (!message.empty() && std::isspace(static_cast<unsigned char>(message.back()))) message.pop_back();
    for (const char* prefix : {"ERROR:  ", "FATAL:  "})
        if (message.rfind(prefix, 0) == 0) return message.substr(std::strlen(prefix));
    return message;
}

/// Runs `f`, turning libpqxx's errors into ob::migrate's (the password scrubbed).
template <class F>
auto translated(const postgres::ConnectionInfo& info, F&& f) {
    try {
        return f();
    } catch (const pqxx::sql_error& e) {
        throw DatabaseError(info.scrub(serverMessage(e.what())), e.sqlstate());
    } catch (const pqxx::broken_connection& e) {
        throw ConnectionError(info.scrub(serverMessage(e.what())), "08006");
    } catch (const pqxx::in_doubt_error& e) {
        throw ConnectionError(info.scrub(serverMessage(e.what())), "08007");
    } catch (const pqxx::failure& e) {
        throw DatabaseError(info.scrub(serverMessage(e.what())));
    }
}

class PostgresSource final : public Source {
public:
    PostgresSource(const Settings& settings, bool writable)
        : dialect_(settings.url, options(settings)), writable_(writable) {
        translated(dialect_.connectionInfo(), [&] {
            pqxx::nontransaction tx(conn());
            tx.exec("SET statement_timeout = '30s'; SET bytea_output = 'hex'");
        });
        if (!writable) setReadOnly(true);
    }

    Dialect& dialect() override { return dialect_; }
    bool reusable() const noexcept override { return !dropped_; }

    bool connectionLost(const std::exception& error) const noexcept override {
        if (dynamic_cast<const ConnectionError*>(&error)) return true;
        if (auto* db = dynamic_cast<const DatabaseError*>(&error)) {
            const auto& state = db->sqlState();
            return state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0;
        }
        return dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr;
    }

    void unguarded(const std::function<void()>& f) override {
        if (writable_) return f();
        setReadOnly(false);
        try {
            f();
        } catch (...) {
            try {
                setReadOnly(true);
            } catch (...) {
                dropped_ = true;  // the session cannot be trusted read-only any more
            }
            throw;
        }
        setReadOnly(true);
    }

    std::int64_t count(const TableInfo& t, const std::optional<RowFilter>& filter) override {
        return translated(dialect_.connectionInfo(), [&] {
            pqxx::read_transaction tx(conn());
            Params params;
            const auto sql = "SELECT count(*) FROM " + qualified(t) + filterCondition(t, filter, params);
            return params.exec(tx, sql).at(0).at(0).as<std::int64_t>();
        });
    }

    std::vector<Row> rows(const TableInfo& t, const RowQuery& q) override {
        return translated(dialect_.connectionInfo(), [&] {
            pqxx::read_transaction tx(conn());
            Params params;
            std::string sql = "SELECT " + columnList(t) + " FROM " + qualified(t) + filterCondition(t, q.filter, params);
            std::string order;
            if (!q.sortColumn.empty()) order = quoteIdentifier(q.sortColumn) + (q.descending ? " DESC" : " ASC");
            for (const auto& k : t.primaryKey)
                if (k != q.sortColumn) order += (order.empty() ? "" : ", ") + quoteIdentifier(k);
            if (!order.empty()) sql += " ORDER BY " + order;
            sql += fmt::format(" LIMIT {} OFFSET {}", q.limit, q.offset);
            std::vector<Row> out;
            const auto result = params.exec(tx, sql);
            for (const auto& r : result) {
                Row row;
                for (pqxx::row::size_type i = 0; i < r.size(); ++i)
                    row.cells.push_back(readCell(r[i], result.column_type(i)));
                out.push_back(std::move(row));
            }
            return out;
        });
    }

    std::optional<Cell> cell(const TableInfo& t, const ColumnInfo& column, const RowKey& key) override {
        return translated(dialect_.connectionInfo(), [&]() -> std::optional<Cell> {
            pqxx::read_transaction tx(conn());
            Params params;
            const auto sql = "SELECT " + quoteIdentifier(column.name) + " FROM " + qualified(t) + keyCondition(t, key, params);
            const auto result = params.exec(tx, sql);
            if (result.empty()) return std::nullopt;
            return readCell(result[0][0], result.column_type(0));
        });
    }

    std::size_t update(const TableInfo& t, const ColumnInfo& column, const RowKey& key, const Cell& value) override {
        return translated(dialect_.connectionInfo(), [&] {
            pqxx::work tx(conn());
            Params params;
            const auto set = params.add(value);
            const auto sql = "UPDATE " + qualified(t) + " SET " + quoteIdentifier(column.name) + " = " + set +
                             keyCondition(t, key, params);
            const auto changed = static_cast<std::size_t>(params.exec(tx, sql).affected_rows());
            if (changed == 1) tx.commit();  // else the transaction rolls back
            return changed;
        });
    }

    std::size_t remove(const TableInfo& t, const RowKey& key) override {
        return translated(dialect_.connectionInfo(), [&] {
            pqxx::work tx(conn());
            Params params;
            const auto sql = "DELETE FROM " + qualified(t) + keyCondition(t, key, params);
            const auto changed = static_cast<std::size_t>(params.exec(tx, sql).affected_rows());
            if (changed == 1) tx.commit();
            return changed;
        });
    }

private:
    static postgres::Options options(const Settings& settings) {
        postgres::Options o;
        if (!settings.table.empty()) o.trackingTable = settings.table;
        o.connectTimeout = std::chrono::seconds(5);
        return o;
    }

    pqxx::connection& conn() { return dialect_.connection(); }

    /// Without --allow-write every transaction of the session is READ ONLY.
    void setReadOnly(bool on) {
        translated(dialect_.connectionInfo(), [&] {
            pqxx::nontransaction tx(conn());
            tx.exec(on ? "SET default_transaction_read_only = on" : "SET default_transaction_read_only = off");
        });
    }

    postgres::Dialect dialect_;
    bool writable_;
    bool dropped_ = false;
};
}  // namespace

std::unique_ptr<Source> openPostgresSource(const Settings& settings, bool writable) {
    return std::make_unique<PostgresSource>(settings, writable);
}

}  // namespace ob::migrate::cli::studio
