// Internal: SQLite identifier quoting, shared by the dialect and the renderer.
#pragma once

#include <string>
#include <string_view>

namespace ob::migrate::sqlite::detail {

/// `name` in `quote` characters, each `quote` inside doubled: quoted("a\"b", '"') is "a""b".
inline std::string quoted(std::string_view name, char quote) {
    std::string out(1, quote);
    for (char c : name) {
        if (c == quote) out += quote;
        out += c;
    }
    return out + quote;
}

/// "name": the SQL standard's quoting (the dialect's tracking table, Drizzle's rename statements).
inline std::string quote(std::string_view name) { return quoted(name, '"'); }
/// `name`: the backticks drizzle-kit writes.
inline std::string tick(std::string_view name) { return quoted(name, '`'); }

}  // namespace ob::migrate::sqlite::detail
