// Splitting migration chunks into SQL statements (dollar quotes aware), names and type text.
#include <algorithm>
#include <cctype>

#include "classify.hpp"

namespace ob::migrate::lintdetail {

namespace {

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }

/// `text` with every dollar-quoted body ($$...$$, $tag$...$tag$) turned into a '...' literal of the
/// same length (new lines kept), so the lexer sees one String and byte offsets stay put.
std::string maskDollarQuotes(std::string text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\'' || c == '"') {
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != c) ++j;
            i = j + 1;
        } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
            auto end = text.find("*/", i + 2);
            i = end == std::string::npos ? text.size() : end + 2;
        } else if (c == '$' && (i == 0 || !isWordChar(text[i - 1]))) {
            std::size_t j = i + 1;
            while (j < text.size() && (std::isalpha(static_cast<unsigned char>(text[j])) || text[j] == '_')) ++j;
            if (j >= text.size() || text[j] != '$') {
                ++i;
                continue;
            }
            const std::string tag = text.substr(i, j - i + 1);
            auto close = text.find(tag, j + 1);
            const std::size_t end = close == std::string::npos ? text.size() : close + tag.size();
            for (std::size_t k = i; k < end; ++k)
                if (text[k] != '\n') text[k] = ' ';
            text[i] = '\'';
            if (end - i >= 2) text[end - 1] = '\'';
            i = end;
        } else {
            ++i;
        }
    }
    return text;
}

void splitChunk(const std::string& chunk, std::size_t chunkLine, std::vector<SqlStatement>& out) {
    const std::size_t lead = std::min(chunk.find_first_not_of(" \t\r\n"), chunk.size());
    const std::string masked = maskDollarQuotes(chunk);
    const auto tokens = detail::lexSql(masked);
    std::size_t start = 0;
    auto flush = [&](std::size_t end) {
        if (end > start) {
            SqlStatement s;
            s.begin = tokens[start].begin;
            s.end = tokens[end - 1].end;
            s.line = chunkLine + static_cast<std::size_t>(std::count(chunk.begin() + static_cast<long>(lead),
                                                                     chunk.begin() + static_cast<long>(s.begin), '\n'));
            s.text = chunk.substr(s.begin, s.end - s.begin);
            s.tokens.assign(tokens.begin() + static_cast<long>(start), tokens.begin() + static_cast<long>(end));
            out.push_back(std::move(s));
        }
        start = end + 1;
    };
    // BEGIN ... END of a CREATE TRIGGER / rule body is rare in migrations; a ';' splits there too.
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (tokens[i].is(";")) flush(i);
    flush(tokens.size());
}

}  // namespace

std::string SqlStatement::firstLine() const { return Statement{0, 0, text}.firstLine(); }

std::vector<SqlStatement> splitSql(const Migration& m) {
    std::vector<SqlStatement> out;
    for (const auto& chunk : m.up.statements()) splitChunk(chunk.sql, chunk.line, out);
    return out;
}

std::vector<SqlStatement> splitSql(const std::string& text, std::size_t firstLine) {
    std::vector<SqlStatement> out;
    for (const auto& chunk : splitStatements(text)) splitChunk(chunk.sql, chunk.line + firstLine - 1, out);
    return out;
}

std::string nameOf(const SqlToken& token) {
    return token.kind == SqlToken::Kind::QuotedName ? token.text : detail::lowerAscii(token.text);
}

std::string normalizeType(const std::string& type) {
    std::string out;
    for (char c : detail::lowerAscii(type)) {
        if (c == ' ' && (out.empty() || out.back() == '(' || out.back() == ',' || out.back() == '.' || out.back() == ' '))
            continue;
        if ((c == ')' || c == ',' || c == '(' || c == '.') && !out.empty() && out.back() == ' ') out.pop_back();
        out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace ob::migrate::lintdetail
