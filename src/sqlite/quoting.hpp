// Internal: SQLite identifier quoting, shared by the dialect and the renderer (the one quoting of
// core/quoting.hpp, in the two delimiters SQLite takes).
#pragma once

#include <string>
#include <string_view>

#include "core/quoting.hpp"

namespace ob::migrate::sqlite::detail {

/// "name": the SQL standard's quoting (the dialect's tracking table, Drizzle's rename statements).
inline std::string quote(std::string_view name) { return ob::migrate::detail::quoteIdentifier(name, '"'); }
/// `name`: the backticks drizzle-kit writes.
inline std::string tick(std::string_view name) { return ob::migrate::detail::quoteIdentifier(name, '`'); }

}  // namespace ob::migrate::sqlite::detail
