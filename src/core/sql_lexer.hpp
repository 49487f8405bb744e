// Private: a small SQL lexer shared by the schema comparison and the backends' introspection.
// It knows literals, quoted identifiers and comments; it does not parse.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ob::migrate::detail {

struct SqlToken {
    enum class Kind {
        Word,        ///< keyword or bare identifier, as written
        QuotedName,  ///< "x", `x` or [x]; `text` holds the name without quotes
        String,      ///< '...' as written, quotes included
        Number,      ///< 42, 1.5, 1e3
        Symbol,      ///< ( ) , . ; :: <= >= <> != || and other single characters
    };
    Kind kind = Kind::Symbol;
    std::string text;
    std::size_t begin = 0, end = 0;  ///< byte range in the source

    bool is(std::string_view symbol) const noexcept { return kind == Kind::Symbol && text == symbol; }
    /// A Word equal to `word` ignoring case (`word` in lower case).
    bool isWord(std::string_view word) const noexcept;
    /// A Word or QuotedName: something that names an object.
    bool isName() const noexcept { return kind == Kind::Word || kind == Kind::QuotedName; }
};

/// Splits `sql` into tokens, skipping white space and comments (-- and /* */); PostgreSQL dollar
/// quotes ($$...$$, $tag$...$tag$) and E'...' strings are String tokens. Unterminated
/// literals run to the end of the text.
std::vector<SqlToken> lexSql(std::string_view sql);

/// ASCII lower case.
std::string lowerAscii(std::string_view text);

/// Index of the token that closes the parenthesis opened at `open` (tokens[open] is "("), or
/// tokens.size() when it is never closed.
std::size_t matchingParen(const std::vector<SqlToken>& tokens, std::size_t open);

/// One statement of a lexed text: tokens [first, end), its closing `;` (if any) not included.
struct SqlStatementRange {
    std::size_t first = 0, end = 0;
};

/// Splits tokens into statements on `;` outside parentheses and outside the BEGIN ... END body of
/// a trigger or a BEGIN ATOMIC function (a BEGIN that does not start a statement opens a body).
/// Empty statements (a lone `;`) are left out.
std::vector<SqlStatementRange> sqlStatements(const std::vector<SqlToken>& tokens);

}  // namespace ob::migrate::detail
