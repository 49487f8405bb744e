#include "errors.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace ob::migrate::sqlite::detail {

std::string codeName(int code) {
    const char* name = nullptr;
    switch (code & 0xFF) {
        case SQLITE_ERROR: name = "SQLITE_ERROR"; break;
        case SQLITE_INTERNAL: name = "SQLITE_INTERNAL"; break;
        case SQLITE_PERM: name = "SQLITE_PERM"; break;
        case SQLITE_ABORT: name = "SQLITE_ABORT"; break;
        case SQLITE_BUSY: name = "SQLITE_BUSY"; break;
        case SQLITE_LOCKED: name = "SQLITE_LOCKED"; break;
        case SQLITE_NOMEM: name = "SQLITE_NOMEM"; break;
        case SQLITE_READONLY: name = "SQLITE_READONLY"; break;
        case SQLITE_INTERRUPT: name = "SQLITE_INTERRUPT"; break;
        case SQLITE_IOERR: name = "SQLITE_IOERR"; break;
        case SQLITE_CORRUPT: name = "SQLITE_CORRUPT"; break;
        case SQLITE_FULL: name = "SQLITE_FULL"; break;
        case SQLITE_CANTOPEN: name = "SQLITE_CANTOPEN"; break;
        case SQLITE_SCHEMA: name = "SQLITE_SCHEMA"; break;
        case SQLITE_TOOBIG: name = "SQLITE_TOOBIG"; break;
        case SQLITE_CONSTRAINT: name = "SQLITE_CONSTRAINT"; break;
        case SQLITE_MISMATCH: name = "SQLITE_MISMATCH"; break;
        case SQLITE_MISUSE: name = "SQLITE_MISUSE"; break;
        case SQLITE_RANGE: name = "SQLITE_RANGE"; break;
        case SQLITE_NOTADB: name = "SQLITE_NOTADB"; break;
        default: break;
    }
    return name ? name : fmt::format("SQLITE_{}", code);
}

void raise(int code, const std::string& message, const std::string& file, std::size_t offset,
           std::string_view context, std::string_view after) {
    std::string text;
    if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED)
        text = fmt::format("sqlite:{} stayed locked by another connection past the lock timeout: {}", file, message);
    else if ((code & 0xFF) == SQLITE_NOTADB)
        text = fmt::format("{} is not a SQLite database: {}", file, message);
    else
        text = message;
    if (!context.empty()) text = fmt::format("{}: {}", context, text);
    text += after;
    if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED) throw LockTimeout(text);
    throw DatabaseError(text, codeName(code), offset);
}

void rethrow(const SQLite::Exception& e, const std::string& file, std::string_view context, std::string_view after) {
    raise(e.getErrorCode(), e.what(), file, DatabaseError::kUnknownOffset, context, after);
}

}  // namespace ob::migrate::sqlite::detail
