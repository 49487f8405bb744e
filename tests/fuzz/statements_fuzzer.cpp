// Fuzzes the statement splitter: splitStatements(text) must give chunks that put back together with
// the breakpoint marker are exactly `text`, numbered 1..n, with line numbers inside the file; and
// Statement::empty / firstLine / Migration::fromSql must hold on any bytes (a leading BOM is
// left out of the chunks; a NUL byte makes fromSql refuse the file, and so does a malformed squash
// directive at its start).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/hashing.hpp"
#include "fuzz_check.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"

using namespace ob::migrate;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto chunks = splitStatements(text);
    OB_FUZZ_CHECK(!chunks.empty(), "no chunk at all");
    std::string joined;
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    std::size_t previousLine = 0;
    for (std::size_t i = 0; i < chunks.size(); ++i) {
        const Statement& s = chunks[i];
        if (i) joined += kStatementBreakpoint;
        joined += s.sql;
        OB_FUZZ_CHECK(s.index == i + 1, "chunks are not numbered 1..n");
        OB_FUZZ_CHECK(s.line >= 1 && s.line <= lines, "a chunk's line is outside the file");
        OB_FUZZ_CHECK(s.line >= previousLine, "chunk lines go backwards");
        previousLine = s.line;
        const std::string first = s.firstLine();
        OB_FUZZ_CHECK(first.find('\n') == std::string::npos, "firstLine() holds a newline");
        OB_FUZZ_CHECK(first.size() <= 203, "firstLine() is not shortened");
        if (!s.empty()) OB_FUZZ_CHECK(!first.empty(), "a non-empty chunk has an empty first line");
        OB_FUZZ_CHECK(s.sql.find(kStatementBreakpoint) == std::string::npos, "a chunk still holds a breakpoint");
    }
    const bool bom = text.rfind("\xEF\xBB\xBF", 0) == 0;
    OB_FUZZ_CHECK(joined == (bom ? text.substr(3) : text), "the chunks do not put back together to the file");

    if (text.find('\0') != std::string::npos) {
        bool refused = false;
        try {
            Migration::fromSql(0, "0000_fuzz", 1, text);
        } catch (const MigrationSetError&) {
            refused = true;
        }
        OB_FUZZ_CHECK(refused, "a file with a NUL byte was accepted");
        return 0;
    }
    // A file may start with squash directives (`-- ob-migrate: squashes <tag> <when> <sha256>`): a
    // malformed one is refused, naming the file; nothing else is.
    std::string_view head(text);
    if (head.rfind("\xEF\xBB\xBF", 0) == 0) head.remove_prefix(3);
    const std::string_view squash = kSquashDirective;
    const bool squashLine = head.rfind(squash, 0) == 0 &&
                            (head.size() == squash.size() || head[squash.size()] == ' ' ||
                             head[squash.size()] == '\t' || head[squash.size()] == '\n' ||
                             head[squash.size()] == '\r');
    Migration m;
    try {
        m = Migration::fromSql(0, "0000_fuzz", 1, text);
    } catch (const MigrationSetError& e) {
        OB_FUZZ_CHECK(squashLine, "a file not starting with a squash directive was refused");
        OB_FUZZ_CHECK(std::string_view(e.what()).find("0000_fuzz.sql") != std::string_view::npos,
                      "a refused squash directive's error does not name the file");
        return 0;
    }
    if (!squashLine) OB_FUZZ_CHECK(m.squashes.empty(), "squashes read from a file without the directive");
    OB_FUZZ_CHECK(m.up.sql() == text, "fromSql changed the text");
    OB_FUZZ_CHECK(m.hash.size() == 64, "the hash is not 64 hex digits");
    OB_FUZZ_CHECK(m.up.statements().size() == chunks.size(), "fromSql split differently");
    const bool directive = text.rfind(kNoTransactionDirective, 0) == 0 ||
                           text.rfind("\xEF\xBB\xBF" + std::string(kNoTransactionDirective), 0) == 0;
    if (!directive) OB_FUZZ_CHECK(m.up.transactional(), "a file without the directive runs outside a transaction");
    // Drizzle's hash differs from ours exactly when the file is not valid UTF-8.
    bool valid = true;
    const std::string decoded = decodeUtf8Lossy(text, valid);
    OB_FUZZ_CHECK(m.drizzleHash.empty() == valid, "drizzleHash set for valid UTF-8, or missing for invalid");
    if (!valid) OB_FUZZ_CHECK(m.drizzleHash == sha256Hex(decoded), "drizzleHash is not the hash of the decoded text");
    if (valid) OB_FUZZ_CHECK(decoded == text, "decoding valid UTF-8 changed it");
    return 0;
}
