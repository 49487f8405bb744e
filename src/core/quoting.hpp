// Internal: the one identifier quoting. Both dialects delimit an identifier the SQL standard's way
// (SQLite also takes Drizzle Kit's backticks): sqlite/quoting.hpp and the PostgreSQL renderer's
// render::quote are this function.
#pragma once

#include <string>
#include <string_view>

namespace ob::migrate::detail {

/// `name` between `quote` characters, each `quote` inside doubled: quoteIdentifier("a\"b") is "a""b".
inline std::string quoteIdentifier(std::string_view name, char quote = '"') {
    std::string out(1, quote);
    for (char c : name) {
        if (c == quote) out += quote;
        out += c;
    }
    return out + quote;
}

}  // namespace ob::migrate::detail
