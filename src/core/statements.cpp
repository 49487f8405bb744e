// Splitting migration files the way Drizzle's runtime does, and hashing them the way it does.
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"

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

std::string sha256Hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw Error("SHA-256 failed (OpenSSL EVP_Digest)");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0xF]);
    }
    return hex;
}

namespace {
/// A UTF-8 lead byte (WHATWG rules: no overlongs, no surrogates, nothing above U+10FFFF): how many
/// continuation bytes follow, and the range the first of them must be in. False: not a lead byte.
bool utf8Lead(unsigned c, int& need, unsigned& lower, unsigned& upper) {
    lower = 0x80;
    upper = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lower = 0xA0;
        if (c == 0xED) upper = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lower = 0x90;
        if (c == 0xF4) upper = 0x8F;
    } else {
        return false;
    }
    return true;
}
}  // namespace

std::string decodeUtf8Lossy(std::string_view bytes, bool& valid) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(bytes.size());
    valid = true;
    std::size_t i = 0;
    const std::size_t n = bytes.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        int need = 0;
        unsigned lower = 0, upper = 0;
        if (!utf8Lead(c, need, lower, upper)) {
            out += kReplacement;
            valid = false;
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        int got = 0;
        while (got < need && j < n) {
            const auto d = static_cast<unsigned char>(bytes[j]);
            if (d < (got == 0 ? lower : 0x80u) || d > (got == 0 ? upper : 0xBFu)) break;
            ++j;
            ++got;
        }
        if (got == need) {
            out.append(bytes.substr(i, j - i));
        } else {
            out += kReplacement;  // the byte that broke the sequence is read again
            valid = false;
        }
        i = j;
    }
    return out;
}

namespace {
/// True when `bytes` is well-formed UTF-8 by the rules decodeUtf8Lossy applies (no overlongs, no
/// surrogates, nothing above U+10FFFF). Allocates nothing: every file is checked on every load.
bool isValidUtf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII runs, eight bytes at a time.
        for (std::uint64_t word; i + 8 <= n; i += 8) {
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ull) break;
        }
        if (i >= n) break;
        const unsigned c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int need = 0;
        unsigned lower = 0, upper = 0;
        if (!utf8Lead(c, need, lower, upper)) return false;
        if (n - i <= static_cast<std::size_t>(need)) return false;
        if (p[i + 1] < lower || p[i + 1] > upper) return false;
        for (int k = 2; k <= need; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
        i += static_cast<std::size_t>(need) + 1;
    }
    return true;
}

/// The first line of a file, without a BOM and trailing white space.
std::string_view firstLineOf(std::string_view text) {
    if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());  // a BOM is not SQL
    std::string_view first = text.substr(0, text.find('\n'));
    while (!first.empty() && (first.back() == '\r' || first.back() == ' ' || first.back() == '\t'))
        first.remove_suffix(1);
    return first;
}
/// The kSquashDirective lines the file starts with; MigrationSetError naming `file` for a malformed one.
std::vector<SquashedMigration> squashDirectives(std::string_view text, const std::string& file) {
    std::vector<SquashedMigration> out;
    for (std::size_t line = 1; firstLineOf(text).substr(0, kSquashDirective.size()) == kSquashDirective; ++line) {
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

void Migration::setDown(std::string sql, const std::string& downFile) {
    refuseNul(sql, downFile.empty() ? tag + ".down.sql" : downFile);
    std::string_view first = firstLineOf(sql);
    downTransactional = first != kNoTransactionDirective;
    downIrreversible = first == kIrreversibleDirective;
    downStatements = splitStatements(sql);
    downSql = std::move(sql);
}

Migration Migration::fromSql(std::size_t idx, std::string tag, std::int64_t when, std::string sql, bool breakpoints,
                             std::string file) {
    Migration m;
    m.idx = idx;
    m.tag = std::move(tag);
    m.when = when;
    m.breakpoints = breakpoints;
    m.file = file.empty() ? m.tag + ".sql" : std::move(file);
    refuseNul(sql, m.file);
    m.hash = sha256Hex(sql);
    if (!isValidUtf8(sql)) {  // Drizzle hashes the text it decoded, U+FFFD for each bad sequence
        bool valid = true;
        m.drizzleHash = sha256Hex(decodeUtf8Lossy(sql, valid));
    }
    m.transactional = firstLineOf(sql) != kNoTransactionDirective;
    m.squashes = squashDirectives(sql, m.file);
    m.statements = splitStatements(sql);
    m.sql = std::move(sql);
    return m;
}

}  // namespace ob::migrate
