// Private to the SQLite backend: statements prepared once and kept for the hot paths (the no-op
// boot's read, the session's busy timeout).
#pragma once

#include <sqlite3.h>

#include <string>

namespace ob::migrate::sqlite::detail {

/// Resets a kept statement when the read ends, however it ends: it never holds a read lock between calls.
struct ResetAfter {
    sqlite3_stmt* statement;
    ~ResetAfter() { sqlite3_reset(statement); }
};

/// Prepares `sql` into `slot` once (SQLite re-prepares it by itself when the schema changes).
/// Returns SQLite's result code.
template <class Slot>
int prepareKept(sqlite3* db, Slot& slot, const std::string& sql) {
    if (slot) return SQLITE_OK;
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &statement, nullptr);
    slot.reset(statement);
    if (rc != SQLITE_OK) slot.reset();
    return rc;
}

}  // namespace ob::migrate::sqlite::detail
