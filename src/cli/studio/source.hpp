// One open connection to the database the studio shows: its ob::migrate Dialect (history,
// introspection, checks) and the row access the Dialect does not offer. One implementation per
// backend (SQLiteCpp, libpqxx).
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ob/migrate/dialect.hpp"
#include "settings.hpp"
#include "studio/model.hpp"

namespace ob::migrate::cli::studio {

/// Every identifier a Source puts into SQL comes from a TableInfo / ColumnInfo that introspection
/// returned, and is quoted; every value is bound as a parameter.
class Source {
public:
    virtual ~Source() = default;
    Source() = default;
    Source(const Source&) = delete;
    Source& operator=(const Source&) = delete;

    /// The ob::migrate Dialect on this connection (migration history, introspection).
    virtual Dialect& dialect() = 0;
    /// False when the connection should be opened anew for every request (SQLite: cheap, and a
    /// replaced or restored file is seen at once).
    virtual bool reusable() const noexcept = 0;
    /// True when `error`, thrown by this source, means the connection is gone.
    virtual bool connectionLost(const std::exception& error) const noexcept = 0;

    /// Runs `f` with the session's read-only guard lifted (the drift check normalises schemas in
    /// temporary tables it rolls back). The default just runs `f`.
    virtual void unguarded(const std::function<void()>& f) { f(); }

    virtual std::int64_t count(const TableInfo& table, const std::optional<RowFilter>& filter) = 0;
    virtual std::vector<Row> rows(const TableInfo& table, const RowQuery& query) = 0;
    /// The whole value of one cell, or nullopt when no row has that key.
    virtual std::optional<Cell> cell(const TableInfo& table, const ColumnInfo& column, const RowKey& key) = 0;
    /// Sets one cell of the row with `key` in a transaction; returns the rows changed (0 or 1).
    virtual std::size_t update(const TableInfo& table, const ColumnInfo& column, const RowKey& key,
                               const Cell& value) = 0;
    /// Deletes the row with `key` in a transaction; returns the rows deleted (0 or 1).
    virtual std::size_t remove(const TableInfo& table, const RowKey& key) = 0;
};

/// Opens the database `settings` name; read-only unless `writable`. Throws ConnectionError when
/// it cannot be reached, ConfigError for bad settings.
std::unique_ptr<Source> openSource(const Settings& settings, bool writable);

/// The backends' connections (the CLI's backend table, backends.cpp, names them).
std::unique_ptr<Source> openSqliteSource(const Settings& settings, bool writable);
std::unique_ptr<Source> openPostgresSource(const Settings& settings, bool writable);

}  // namespace ob::migrate::cli::studio
