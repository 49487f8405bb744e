// The studio's SQLite source: a connection opened for each request (read-only unless --allow-write).
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "backends.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "studio/source.hpp"
#include "studio/values.hpp"

namespace ob::migrate::cli::studio {

namespace {
/// Runs `f`, turning SQLiteCpp's exceptions into DatabaseError (a CHECK, NOT NULL or foreign key
/// refusing a write, a value the column cannot compare).
template <class F>
auto translated(F&& f) {
    try {
        return f();
    } catch (const SQLite::Exception& e) {
        throw DatabaseError(e.what(), std::to_string(e.getErrorCode()));
    }
}

void bindCell(SQLite::Statement& stmt, int index, const Cell& cell) {
    switch (cell.kind) {
        case Cell::Kind::Null: stmt.bind(index); break;
        case Cell::Kind::Integer: stmt.bind(index, static_cast<int64_t>(std::stoll(cell.text))); break;
        case Cell::Kind::Real: stmt.bind(index, std::stod(cell.text)); break;
        case Cell::Kind::Text: stmt.bind(index, cell.text); break;
        case Cell::Kind::Blob: stmt.bind(index, cell.text.data(), static_cast<int>(cell.text.size())); break;
    }
}

Cell readCell(const SQLite::Column& c) {
    const int type = c.getType();
    if (type == SQLite::Null) return Cell::null();
    if (type == SQLite::INTEGER) return Cell::of(Cell::Kind::Integer, c.getString());
    if (type == SQLite::FLOAT) return Cell::of(Cell::Kind::Real, c.getString());
    if (type == SQLite::BLOB)
        return Cell::of(Cell::Kind::Blob,
                        std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes())));
    return Cell::of(Cell::Kind::Text, c.getString());
}

std::string columnList(const TableInfo& t) {
    std::string out;
    for (const auto& c : t.columns) out += (out.empty() ? "" : ", ") + quoteIdentifier(c.name);
    return out;
}

/// `WHERE "k1" IS ?n AND "k2" IS ?n+1` (IS: SQLite lets some key columns hold NULL).
std::string keyCondition(const TableInfo& t, int firstParameter) {
    std::string out;
    for (std::size_t i = 0; i < t.primaryKey.size(); ++i)
        out += fmt::format("{}{} IS ?{}", i ? " AND " : " WHERE ", quoteIdentifier(t.primaryKey[i]),
                           firstParameter + static_cast<int>(i));
    return out;
}

std::string filterCondition(const std::optional<RowFilter>& filter) {
    if (!filter) return "";
    if (!filter->value) return " WHERE " + quoteIdentifier(filter->column) + " IS NULL";
    return " WHERE " + quoteIdentifier(filter->column) + " = ?1";
}

class SqliteSource final : public Source {
public:
    SqliteSource(const Settings& settings, bool writable)
        : db_(sqlitePath(settings.url),
              (writable ? SQLite::OPEN_READWRITE : SQLite::OPEN_READONLY) | SQLite::OPEN_URI),
          dialect_(db_, options(settings)) {
        db_.setBusyTimeout(5000);
        // Deleting a referenced row fails (or cascades) as the schema says.
        if (writable) db_.exec("PRAGMA foreign_keys = ON");
    }

    Dialect& dialect() override { return dialect_; }
    bool reusable() const noexcept override { return false; }
    bool connectionLost(const std::exception&) const noexcept override { return false; }

    std::int64_t count(const TableInfo& t, const std::optional<RowFilter>& filter) override {
        return translated([&] {
            SQLite::Statement stmt(db_, "SELECT count(*) FROM " + quoteIdentifier(t.name) + filterCondition(filter));
            if (filter && filter->value) stmt.bind(1, *filter->value);
            stmt.executeStep();
            return stmt.getColumn(0).getInt64();
        });
    }

    std::vector<Row> rows(const TableInfo& t, const RowQuery& q) override {
        return translated([&] {
            std::string sql = "SELECT " + columnList(t) + " FROM " + quoteIdentifier(t.name) + filterCondition(q.filter);
            std::string order;
            if (!q.sortColumn.empty()) order = quoteIdentifier(q.sortColumn) + (q.descending ? " DESC" : " ASC");
            for (const auto& k : t.primaryKey)
                if (k != q.sortColumn) order += (order.empty() ? "" : ", ") + quoteIdentifier(k);
            if (!order.empty()) sql += " ORDER BY " + order;
            sql += " LIMIT ?2 OFFSET ?3";
            SQLite::Statement stmt(db_, sql);
            if (q.filter && q.filter->value) stmt.bind(1, *q.filter->value);
            stmt.bind(2, static_cast<int64_t>(q.limit));
            stmt.bind(3, static_cast<int64_t>(q.offset));
            std::vector<Row> out;
            while (stmt.executeStep()) {
                Row row;
                for (int i = 0; i < stmt.getColumnCount(); ++i) row.cells.push_back(readCell(stmt.getColumn(i)));
                out.push_back(std::move(row));
            }
            return out;
        });
    }

    std::optional<Cell> cell(const TableInfo& t, const ColumnInfo& column, const RowKey& key) override {
        return translated([&]() -> std::optional<Cell> {
            SQLite::Statement stmt(db_, "SELECT " + quoteIdentifier(column.name) + " FROM " + quoteIdentifier(t.name) +
                                            keyCondition(t, 1));
            bindKey(stmt, key, 1);
            if (!stmt.executeStep()) return std::nullopt;
            return readCell(stmt.getColumn(0));
        });
    }

    std::size_t update(const TableInfo& t, const ColumnInfo& column, const RowKey& key, const Cell& value) override {
        return translated([&] {
            SQLite::Transaction tx(db_);
            SQLite::Statement stmt(db_, "UPDATE " + quoteIdentifier(t.name) + " SET " + quoteIdentifier(column.name) +
                                            " = ?1" + keyCondition(t, 2));
            bindCell(stmt, 1, value);
            bindKey(stmt, key, 2);
            const auto changed = static_cast<std::size_t>(stmt.exec());
            if (changed != 1) return changed;  // the transaction rolls back
            tx.commit();
            return changed;
        });
    }

    std::size_t remove(const TableInfo& t, const RowKey& key) override {
        return translated([&] {
            SQLite::Transaction tx(db_);
            SQLite::Statement stmt(db_, "DELETE FROM " + quoteIdentifier(t.name) + keyCondition(t, 1));
            bindKey(stmt, key, 1);
            const auto changed = static_cast<std::size_t>(stmt.exec());
            if (changed != 1) return changed;
            tx.commit();
            return changed;
        });
    }

private:
    static sqlite::Options options(const Settings& settings) {
        sqlite::Options o;
        if (!settings.table.empty()) o.trackingTable = settings.table;
        return o;
    }

    static void bindKey(SQLite::Statement& stmt, const RowKey& key, int first) {
        for (std::size_t i = 0; i < key.size(); ++i) bindCell(stmt, first + static_cast<int>(i), key[i]);
    }

    SQLite::Database db_;
    sqlite::Dialect dialect_;
};
}  // namespace

std::unique_ptr<Source> openSqliteSource(const Settings& settings, bool writable) {
    try {
        return std::make_unique<SqliteSource>(settings, writable);
    } catch (const SQLite::Exception& e) {
        throw ConnectionError(fmt::format("cannot open SQLite database {}: {}", sqlitePath(settings.url), e.what()));
    }
}

std::unique_ptr<Source> openSource(const Settings& settings, bool writable) {
    return opsFor(settings).studioSource(settings, writable);
}

}  // namespace ob::migrate::cli::studio
