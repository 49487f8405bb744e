// Private to the SQLite backend: its one translation of SQLite's errors into ob::migrate's.
#pragma once

#include <SQLiteCpp/Exception.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "ob/migrate/error.hpp"

namespace ob::migrate::sqlite::detail {

/// The name of a SQLite result code, e.g. "SQLITE_CONSTRAINT" (DatabaseError::sqlState()).
std::string codeName(int code);

/// Throws SQLite's error `code` with `message` as ob::migrate's: SQLITE_BUSY and SQLITE_LOCKED
/// (another connection's lock outlasted the busy timeout) as LockTimeout, anything else as
/// DatabaseError with the code's name and `offset` (where in the executed SQL the failing
/// statement is). `file` names the database; `context`, when given, leads the message
/// ("<context>: ..."), `after` ends it.
[[noreturn]] void raise(int code, const std::string& message, const std::string& file,
                        std::size_t offset = DatabaseError::kUnknownOffset, std::string_view context = {},
                        std::string_view after = {});

/// raise() for a SQLiteCpp exception.
[[noreturn]] void rethrow(const SQLite::Exception& e, const std::string& file, std::string_view context = {},
                          std::string_view after = {});

}  // namespace ob::migrate::sqlite::detail
