#include <catch2/catch.hpp>

#include "core/hashing.hpp"
#include "ob/migrate/migration_set.hpp"

using namespace ob::migrate;

TEST_CASE("splitStatements splits on the breakpoint marker exactly like Drizzle") {
    const std::string sql =
        "CREATE TABLE `a` (\n\t`id` integer\n);\n--> statement-breakpoint\n"
        "CREATE INDEX `a_idx` ON `a` (`id`);--> statement-breakpoint\n"
        "ALTER TABLE `a` ADD `b` text;";
    auto parts = splitStatements(sql);
    REQUIRE(parts.size() == 3);
    CHECK(parts[0].sql == "CREATE TABLE `a` (\n\t`id` integer\n);\n");
    CHECK(parts[1].sql == "\nCREATE INDEX `a_idx` ON `a` (`id`);");  // leading newline kept, like Drizzle
    CHECK(parts[2].sql == "\nALTER TABLE `a` ADD `b` text;");
    CHECK(parts[0].index == 1);
    CHECK(parts[2].index == 3);
    CHECK(parts[0].line == 1);
    CHECK(parts[1].line == 5);
    CHECK(parts[2].line == 6);
    CHECK(parts[1].firstLine() == "CREATE INDEX `a_idx` ON `a` (`id`);");
    // Joining the chunks with the marker gives the file back.
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) joined += (i ? "--> statement-breakpoint" : "") + parts[i].sql;
    CHECK(joined == sql);
}

TEST_CASE("a file without markers is one statement; empty and comment-only chunks are recognised") {
    CHECK(splitStatements("SELECT 1;\nSELECT 2;").size() == 1);
    CHECK(splitStatements("").size() == 1);
    CHECK(splitStatements("")[0].empty());
    auto custom = splitStatements("-- Custom SQL migration file, put your code below! --");
    REQUIRE(custom.size() == 1);
    CHECK(custom[0].empty());
    CHECK(Statement{1, 1, "  \n/* a\n comment */\n-- another\n"}.empty());
    CHECK_FALSE(Statement{1, 1, "-- note\nSELECT 1"}.empty());
    CHECK_FALSE(Statement{1, 1, "/* unterminated"}.empty());
    CHECK(Statement{1, 1, "\n\n  -- c\n  SELECT 1;\n"}.firstLine() == "-- c");
}

TEST_CASE("sha256Hex is lowercase hex SHA-256") {
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("Migration::fromSql hashes the bytes and reads the no-transaction directive") {
    auto m = Migration::fromSql(0, "0000_x", 5, "CREATE TABLE t (id int);");
    CHECK(m.hash == sha256Hex("CREATE TABLE t (id int);"));
    CHECK(m.up.transactional());
    CHECK(m.up.file() == "0000_x.sql");
    auto n = Migration::fromSql(1, "0001_idx", 6,
                                "-- ob-migrate: no-transaction\r\nCREATE INDEX CONCURRENTLY i ON t (id);");
    CHECK_FALSE(n.up.transactional());
    auto later = Migration::fromSql(2, "0002", 7, "SELECT 1;\n-- ob-migrate: no-transaction\n");
    CHECK(later.up.transactional());  // only the first line counts
}

TEST_CASE("decodeUtf8Lossy replaces invalid sequences exactly like Node.js does") {
    // Expected bytes were read off `Buffer.from(bytes).toString()` in Node.js 20.
    auto decode = [](std::string bytes, bool expectValid) {
        bool valid = !expectValid;
        std::string out = decodeUtf8Lossy(bytes, valid);
        CHECK(valid == expectValid);
        return out;
    };
    const std::string r = "\xEF\xBF\xBD";
    CHECK(decode("A\xE9" "B", false) == "A" + r + "B");
    CHECK(decode("\xED\xA0\x80", false) == r + r + r);
    CHECK(decode("\xE2\x82", false) == r);
    CHECK(decode("\xF0\x9F\x98", false) == r);
    CHECK(decode("\xC0\x80", false) == r + r);
    CHECK(decode("\xF4\x90\x80\x80", false) == r + r + r + r);
    CHECK(decode("\xFF", false) == r);
    CHECK(decode("\xE2\x82\xAC and \xF0\x9F\x98\x80", true) == "\xE2\x82\xAC and \xF0\x9F\x98\x80");
}

TEST_CASE("a file that is not UTF-8 also carries the hash Drizzle records for it") {
    auto latin1 = Migration::fromSql(0, "0000_latin1", 1, "INSERT INTO t VALUES ('caf\xE9');");
    CHECK(latin1.hash == sha256Hex("INSERT INTO t VALUES ('caf\xE9');"));
    CHECK(latin1.drizzleHash == sha256Hex("INSERT INTO t VALUES ('caf\xEF\xBF\xBD');"));
    CHECK(Migration::fromSql(0, "0000_utf8", 1, "SELECT 'caf\xC3\xA9';").drizzleHash.empty());
}
