#include "sql_lexer.hpp"

#include <algorithm>
#include <cctype>

namespace ob::migrate::detail {

namespace {
bool isWordStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool isWordChar(char c) { return isWordStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }

/// End of a quoted run starting at `i` (the opening quote), doubled closing quotes escaping.
std::size_t quotedEnd(std::string_view s, std::size_t i, char close) {
    std::size_t j = i + 1;
    while (j < s.size()) {
        if (s[j] == close) {
            if (close != ']' && j + 1 < s.size() && s[j + 1] == close) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        ++j;
    }
    return s.size();
}

/// When a PostgreSQL dollar quote opens at `i` ($$ or $tag$, the tag not starting with a digit):
/// the index just past its opening tag; npos otherwise ($1 is a parameter).
std::size_t dollarTagEnd(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) return std::string_view::npos;
    while (j < s.size() && s[j] != '$' && (isWordStart(s[j]) || std::isdigit(static_cast<unsigned char>(s[j])))) ++j;
    return j < s.size() && s[j] == '$' ? j + 1 : std::string_view::npos;
}

std::string unquote(std::string_view quoted, char close) {
    std::string out;
    std::size_t end = quoted.size() > 1 && quoted.back() == close ? quoted.size() - 1 : quoted.size();
    for (std::size_t i = 1; i < end; ++i) {
        out += quoted[i];
        if (close != ']' && quoted[i] == close && i + 1 < end && quoted[i + 1] == close) ++i;
    }
    return out;
}
}  // namespace

bool SqlToken::isWord(std::string_view word) const noexcept {
    if (kind != Kind::Word || text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    return true;
}

std::string lowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<SqlToken> lexSql(std::string_view s) {
    std::vector<SqlToken> tokens;
    std::size_t i = 0;
    auto push = [&](SqlToken::Kind kind, std::size_t begin, std::size_t end, std::string text) {
        tokens.push_back(SqlToken{kind, std::move(text), begin, end});
    };
    while (i < s.size()) {
        const char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            while (i < s.size() && s[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            auto end = s.find("*/", i + 2);
            i = end == std::string_view::npos ? s.size() : end + 2;
        } else if (c == '$' && dollarTagEnd(s, i) != std::string_view::npos) {
            // PostgreSQL dollar quoting: $$...$$ or $tag$...$tag$.
            const std::size_t tagEnd = dollarTagEnd(s, i);
            const std::string_view tag = s.substr(i, tagEnd - i);
            const std::size_t close = s.find(tag, tagEnd);
            const std::size_t end = close == std::string_view::npos ? s.size() : close + tag.size();
            push(SqlToken::Kind::String, i, end, std::string(s.substr(i, end - i)));
            i = end;
        } else if ((c == 'E' || c == 'e') && i + 1 < s.size() && s[i + 1] == '\'' &&
                   (i == 0 || !isWordChar(s[i - 1]))) {
            // PostgreSQL escape string E'...': a backslash escapes the next character.
            std::size_t j = i + 2;
            while (j < s.size()) {
                if (s[j] == '\\') {
                    j += 2;
                } else if (s[j] == '\'') {
                    if (j + 1 < s.size() && s[j + 1] == '\'') {
                        j += 2;
                    } else {
                        ++j;
                        break;
                    }
                } else {
                    ++j;
                }
            }
            const std::size_t end = std::min(j, s.size());
            push(SqlToken::Kind::String, i, end, std::string(s.substr(i, end - i)));
            i = end;
        } else if (c == '\'') {
            std::size_t end = quotedEnd(s, i, '\'');
            push(SqlToken::Kind::String, i, end, std::string(s.substr(i, end - i)));
            i = end;
        } else if (c == '"' || c == '`' || c == '[') {
            const char close = c == '[' ? ']' : c;
            std::size_t end = quotedEnd(s, i, close);
            push(SqlToken::Kind::QuotedName, i, end, unquote(s.substr(i, end - i), close));
            i = end;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
            std::size_t j = i;
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
            if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
                std::size_t k = j + 1;
                if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
                if (k < s.size() && std::isdigit(static_cast<unsigned char>(s[k]))) {
                    j = k;
                    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
                }
            }
            push(SqlToken::Kind::Number, i, j, std::string(s.substr(i, j - i)));
            i = j;
        } else if (isWordStart(c)) {
            std::size_t j = i;
            while (j < s.size() && isWordChar(s[j])) ++j;
            push(SqlToken::Kind::Word, i, j, std::string(s.substr(i, j - i)));
            i = j;
        } else {
            static constexpr std::string_view pairs[] = {"::", "<=", ">=", "<>", "!=", "||", "==", "->>", "->"};
            std::size_t len = 1;
            for (auto p : pairs)
                if (s.substr(i, p.size()) == p && p.size() > len) len = p.size();
            push(SqlToken::Kind::Symbol, i, i + len, std::string(s.substr(i, len)));
            i += len;
        }
    }
    return tokens;
}

std::size_t matchingParen(const std::vector<SqlToken>& tokens, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < tokens.size(); ++i) {
        if (tokens[i].is("(")) ++depth;
        if (tokens[i].is(")") && --depth == 0) return i;
    }
    return tokens.size();
}

std::vector<SqlStatementRange> sqlStatements(const std::vector<SqlToken>& tokens) {
    std::vector<SqlStatementRange> out;
    std::size_t first = 0;
    int parens = 0, block = 0;  // block: BEGIN ... END of a trigger or a BEGIN ATOMIC body
    auto close = [&](std::size_t end) {
        if (end > first) out.push_back(SqlStatementRange{first, end});
        first = end + 1;
        parens = block = 0;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const SqlToken& t = tokens[i];
        if (t.is("(")) {
            ++parens;
        } else if (t.is(")")) {
            if (parens > 0) --parens;
        } else if (t.isWord("begin") && i > first) {
            ++block;  // not at the start of a statement: a body, not a transaction
        } else if (block > 0 && t.isWord("case")) {
            ++block;
        } else if (block > 0 && t.isWord("end")) {
            --block;
        } else if (t.is(";") && parens == 0 && block == 0) {
            close(i);
        }
    }
    if (first < tokens.size()) out.push_back(SqlStatementRange{first, tokens.size()});
    return out;
}

}  // namespace ob::migrate::detail
