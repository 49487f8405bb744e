// Splitting migration files the way Drizzle's runtime does (hashing them: hashing.cpp).
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <sstream>

#include <fmt/format.h>

#include "core/hashing.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"

#include <memory>

namespace ob::migrate {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";

/// Throws MigrationSetError naming `file` when `sql` holds a NUL byte: both databases read SQL as
/// a C string and would silently drop everything after it.
void refuseNul(std::string_view sql, const std::string& file) {
    const std::size_t at = sql.find('\0');
    if (at == std::string_view::npos) return;
    const auto line = 1 + std::count(sql.begin(), sql.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    throw MigrationSetError(file, fmt::format("byte offset {} (line {}) is a NUL byte; the database would silently "
                                              "ignore the SQL after it, so the file is refused",
                                              at, line));
}
}  // namespace

std::vector<Statement> splitStatements(std::string_view sql) {
    std::vector<Statement> out;
    // A UTF-8 BOM is not SQL (PostgreSQL reports it as a syntax error): it is not run. The hash
    // is of the file's bytes, BOM included.
    if (sql.substr(0, kBom.size()) == kBom) sql.remove_prefix(kBom.size());
    std::size_t start = 0, line = 1, index = 1;
    while (true) {
        std::size_t at = sql.find(kStatementBreakpoint, start);
        std::string_view chunk = sql.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
        // The chunk's SQL starts at its first non-blank character.
        std::size_t lead = 0, chunkLine = line;
        while (lead < chunk.size() && std::isspace(static_cast<unsigned char>(chunk[lead]))) {
            if (chunk[lead] == '\n') ++chunkLine;
            ++lead;
        }
        out.push_back(Statement{index++, lead == chunk.size() ? line : chunkLine, std::string(chunk)});
        line += static_cast<std::size_t>(std::count(chunk.begin(), chunk.end(), '\n'));
        if (at == std::string_view::npos) break;
        start = at + kStatementBreakpoint.size();
    }
    return out;
}

std::string Statement::firstLine() const {
    std::size_t pos = 0;
    while (pos < sql.size()) {
        std::size_t end = sql.find('\n', pos);
        if (end == std::string::npos) end = sql.size();
        std::string_view l(sql.data() + pos, end - pos);
        auto first = l.find_first_not_of(" \t\r");
        if (first != std::string_view::npos) {
            l.remove_prefix(first);
            while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
            constexpr std::size_t kMax = 200;
            return l.size() > kMax ? std::string(l.substr(0, kMax)) + "..." : std::string(l);
        }
        pos = end + 1;
    }
    return {};
}

bool Statement::empty() const {
    std::size_t i = 0;
    const std::size_t n = sql.size();
    while (i < n) {
        char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
            std::size_t end = sql.find('\n', i);
            i = end == std::string::npos ? n : end + 1;
        } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
            std::size_t end = sql.find("*/", i + 2);
            if (end == std::string::npos) return false;  // unterminated: let the database say so
            i = end + 2;
        } else {
            return false;
        }
    }
    return true;
}

namespace {
/// The first line of a file, without a BOM and trailing white space.
std::string_view firstLineOf(std::string_view text) {
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());  // a BOM is not SQL
    std::string_view first = text.substr(0, text.find('\n'));
    while (!first.empty() && (first.back() == '\r' || first.back() == ' ' || first.back() == '\t'))
        first.remove_suffix(1);
    return first;
}
/// A kSquashDirective line: the directive as a word of its own ("-- ob-migrate: squashesX" is a comment).
bool isSquashDirective(std::string_view line) {
    return line.substr(0, kSquashDirective.size()) == kSquashDirective &&
           (line.size() == kSquashDirective.size() || line[kSquashDirective.size()] == ' ' ||
            line[kSquashDirective.size()] == '\t');
}

/// The kSquashDirective lines the file starts with; MigrationSetError naming `file` for a malformed one.
std::vector<SquashedMigration> squashDirectives(std::string_view text, const std::string& file) {
    std::vector<SquashedMigration> out;
    for (std::size_t line = 1; isSquashDirective(firstLineOf(text)); ++line) {
        const std::string_view directive = firstLineOf(text);
        std::istringstream fields(std::string(directive.substr(kSquashDirective.size())));
        SquashedMigration m;
        std::string rest;
        if (!(fields >> m.tag >> m.when >> m.hash) || (fields >> rest) || m.hash.size() != 64)
            throw MigrationSetError(file, fmt::format("line {}: expected `{} <tag> <when> <sha256>`", line,
                                                      kSquashDirective));
        out.push_back(std::move(m));
        const auto next = text.find('\n');
        if (next == std::string_view::npos) break;
        text.remove_prefix(next + 1);
    }
    return out;
}
}  // namespace

Script::Script(std::string sql, std::string file)
    : sql_(std::move(sql)), file_(std::move(file)), transactional_(firstLineOf(sql_) != kNoTransactionDirective) {}

const std::vector<Statement>& Script::statements() const {
    auto split = std::atomic_load(&statements_);
    if (!split) {  // two threads may both split; either result is the same
        split = std::make_shared<const std::vector<Statement>>(splitStatements(sql_));
        std::atomic_store(&statements_, split);
    }
    return *std::atomic_load(&statements_);
}

bool Script::split() const noexcept { return std::atomic_load(&statements_) != nullptr; }

void Migration::setDown(std::string sql, const std::string& downFile) {
    std::string file = downFile;
    if (file.empty()) {
        const std::string& upFile = up.file();
        const auto dot = upFile.rfind(".sql");
        file = dot == std::string::npos ? tag + ".down.sql" : upFile.substr(0, dot) + ".down.sql";
    }
    refuseNul(sql, file);
    downIrreversible = firstLineOf(sql) == kIrreversibleDirective;
    down.emplace(std::move(sql), std::move(file));
}

Migration Migration::fromSql(std::size_t idx, std::string tag, std::int64_t when, std::string sql, bool breakpoints,
                             std::string file) {
    Migration m;
    m.idx = idx;
    m.tag = std::move(tag);
    m.when = when;
    m.breakpoints = breakpoints;
    if (file.empty()) file = m.tag + ".sql";
    refuseNul(sql, file);
    m.hash = sha256Hex(sql);
    if (!isValidUtf8(sql)) {  // Drizzle hashes the text it decoded, U+FFFD for each bad sequence
        bool valid = true;
        m.drizzleHash = sha256Hex(decodeUtf8Lossy(sql, valid));
    }
    m.squashes = squashDirectives(sql, file);
    m.up = Script(std::move(sql), std::move(file));
    return m;
}

}  // namespace ob::migrate
