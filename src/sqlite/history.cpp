// The SQLite tracking table: Drizzle's table (plus name and applied_at) in the main database.
#include <fmt/format.h>
#include <sqlite3.h>

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "core/sql_checks.hpp"
#include "errors.hpp"
#include "kept_statement.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::sqlite {

namespace core = ob::migrate::detail;

namespace {

/// applied_at as epoch ms: ob::migrate writes an integer, drizzle-orm 1.0 ISO-8601 text
/// ("2026-12-02T15:04:05.123Z"), in a TEXT column where our integers read back as text; anything else
/// reads as unknown.
std::optional<std::int64_t> appliedAtMs(const SQLite::Column& column) {
    if (column.getType() == SQLITE_INTEGER) return column.getInt64();
    if (column.getType() != SQLITE_TEXT) return std::nullopt;
    const std::string text = column.getString();
    if (!text.empty() && text.size() < 19 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::stoll(text);
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
    double seconds = 0;
    char zone = 0;
    if (std::sscanf(column.getText(), "%4d-%2d-%2dT%2d:%2d:%lf%c", &year, &month, &day, &hour, &minute, &seconds,
                    &zone) != 7 || zone != 'Z')
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000 + std::llround(seconds * 1000);
}

}  // namespace

SQLite::Statement& Dialect::cached(std::unique_ptr<SQLite::Statement>& slot, const std::string& sql) {
    if (!slot)
        slot = std::make_unique<SQLite::Statement>(*db_, sql);
    else
        slot->tryReset();  // a reset cannot fail in a way that matters here: executeStep reports it
    return *slot;
}

bool Dialect::exists() {
    // Prepared once: the no-op boot runs only this and read().
    try {
        SQLite::Statement& q = cached(existsQuery_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
        q.bind(1, options_.trackingTable);
        const bool found = q.executeStep();
        q.tryReset();  // never keep a read lock between calls
        return found;
    } catch (const SQLite::Exception& e) {
        if (existsQuery_) existsQuery_->tryReset();
        rethrow(e);
    }
}

void Dialect::ensure() {
    // Drizzle's DDL (id SERIAL is not a rowid alias; Drizzle never reads it), plus two nullable
    // columns Drizzle's INSERT leaves alone.
    execute(fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "    id SERIAL PRIMARY KEY,\n"
                        "    hash text NOT NULL,\n"
                        "    created_at numeric,\n"
                        "    name text,\n"
                        "    applied_at numeric\n"
                        ")",
                        quotedTable_));
}

bool Dialect::hasExtraColumns() {
    if (!extraColumns_) {
        bool name = false, appliedAt = false, any = false;
        try {
            SQLite::Statement q(*db_, fmt::format("PRAGMA table_info({})", quotedTable_));
            while (q.executeStep()) {
                any = true;
                std::string column = q.getColumn(1).getString();
                name = name || column == "name";
                appliedAt = appliedAt || column == "applied_at";
            }
        } catch (const SQLite::Exception& e) {
            rethrow(e);
        }
        if (!any) return false;  // no table (yet): nothing to remember, ensure() may create it next
        extraColumns_ = name && appliedAt;
    }
    return *extraColumns_;
}

std::vector<AppliedRecord> Dialect::read() {
    std::vector<AppliedRecord> out;
    const bool extra = hasExtraColumns();
    try {
        SQLite::Statement& q = cached(appliedQuery_, fmt::format("SELECT hash, created_at{} FROM {} ORDER BY created_at",
                                                                 extra ? ", name, applied_at" : "", quotedTable_));
        while (q.executeStep()) {
            AppliedRecord r;
            r.hash = q.getColumn(0).getString();
            r.when = q.getColumn(1).getInt64();
            if (extra) {
                if (!q.getColumn(2).isNull()) r.name = q.getColumn(2).getString();
                r.appliedAt = appliedAtMs(q.getColumn(3));
            }
            out.push_back(std::move(r));
        }
        q.tryReset();
    } catch (const SQLite::Exception& e) {
        if (appliedQuery_) appliedQuery_->tryReset();
        if (std::strstr(e.what(), "no such column"))
            throw core::trackingTableShapeError(quotedTable_, describe(),
                                                DatabaseError(e.what(), detail::codeName(e.getErrorCode())));
        rethrow(e);
    }
    return out;
}

bool Dialect::scan(const RowVisitor& row) {
    sqlite3* handle = db_->getHandle();
    // SQLite has no "this table, if it exists" in one statement: a missing table fails the prepare
    // (then, and only then, sqlite_master is asked), or the step once it was dropped meanwhile.
    std::optional<SQLite::Exception> error;
    int rc = SQLITE_OK;
    if (!scanQuery_)
        rc = detail::prepareKept(handle, scanQuery_, fmt::format("SELECT created_at, hash FROM {} ORDER BY created_at", quotedTable_));
    if (rc != SQLITE_OK) {
        error.emplace(handle, rc);
    } else {
        sqlite3_stmt* q = scanQuery_.get();
        detail::ResetAfter reset{q};
        int step = SQLITE_OK;
        while ((step = sqlite3_step(q)) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q, 1));
            row(sqlite3_column_int64(q, 0), std::string_view(text ? text : "", sqlite3_column_bytes(q, 1)));
        }
        if (step != SQLITE_DONE) error.emplace(handle, step);
    }
    if (!error) return true;
    scanQuery_.reset();
    // A prepare that found no table answers "no tracking table" for that moment, even when another
    // process creates it a moment later: the caller then takes the lock and reads it again.
    if (rc != SQLITE_OK && std::strstr(error->what(), "no such table")) return false;
    if (!exists()) return false;
    if (std::strstr(error->what(), "no such column"))  // a table of another shape, as read() says
        throw core::trackingTableShapeError(quotedTable_, describe(),
                                            DatabaseError(error->what(), detail::codeName(error->getErrorCode())));
    rethrow(*error);
}

bool Dialect::contains(std::int64_t when) {
    try {
        SQLite::Statement q(*db_, fmt::format("SELECT 1 FROM {} WHERE created_at = ? LIMIT 1", quotedTable_));
        q.bind(1, static_cast<int64_t>(when));
        return q.executeStep();
    } catch (const SQLite::Exception& e) {
        rethrow(e);
    }
}

void Dialect::add(const Migration& migration) {
    const bool extra = hasExtraColumns();
    try {
        SQLite::Statement q(*db_, fmt::format("INSERT INTO {} (\"hash\", \"created_at\"{}) VALUES (?, ?{})",
                                              quotedTable_, extra ? ", \"name\", \"applied_at\"" : "",
                                              extra ? ", ?, ?" : ""));
        q.bind(1, migration.hash);
        q.bind(2, static_cast<int64_t>(migration.when));
        if (extra) {
            q.bind(3, migration.tag);
            q.bind(4, static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count()));
        }
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(e);
    }
}

void Dialect::setHash(std::int64_t when, const std::string& hash) {
    try {
        SQLite::Statement q(*db_, fmt::format("UPDATE {} SET hash = ? WHERE created_at = ?", quotedTable_));
        q.bind(1, hash);
        q.bind(2, static_cast<int64_t>(when));
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(e);
    }
}

void Dialect::remove(std::int64_t when) {
    try {
        SQLite::Statement q(*db_, fmt::format("DELETE FROM {} WHERE created_at = ?", quotedTable_));
        q.bind(1, static_cast<int64_t>(when));
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(e);
    }
}

}  // namespace ob::migrate::sqlite
