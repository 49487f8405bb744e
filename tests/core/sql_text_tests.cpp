// SQL is run exactly as written: a NUL byte is refused at load time (both databases would stop
// reading at it), and a UTF-8 BOM is kept out of the SQL while the hash stays the file's.
#include <catch2/catch.hpp>

#include "core/hashing.hpp"
#include "ob/migrate/embedded.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"
#include "support.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
std::string refusal(const std::function<void()>& load) {
    try {
        load();
    } catch (const MigrationSetError& e) {
        return e.what();
    }
    return "(accepted)";
}
const std::string kWithNul = std::string("CREATE TABLE a (id int);\nSELECT 1;\0DROP TABLE a;", 48);
}  // namespace

TEST_CASE("a file with a NUL byte is refused at load time, naming the file and the byte offset") {
    CHECK_THAT(refusal([] { Migration::fromSql(0, "0000_nul", 1, kWithNul, true, "m/0000_nul.sql"); }),
               Contains("m/0000_nul.sql: byte offset 34 (line 2) is a NUL byte"));

    SECTION("in a folder") {
        test::TempDir dir;
        test::writeFolder(dir.path(), "sqlite", {{"0000_nul", kWithNul, 1, true}});
        CHECK_THAT(refusal([&] { MigrationSet::fromDirectory(dir.path()); }),
                   Contains("0000_nul.sql: byte offset 34") && Contains("NUL byte"));
    }
    SECTION("in a down file") {
        test::TempDir dir;
        test::writeFolder(dir.path(), "sqlite", {{"0000_ok", "SELECT 1;", 1, true}});
        test::writeText(dir.path() / "0000_ok.down.sql", std::string("SELECT\0 1;", 10));
        CHECK_THAT(refusal([&] { MigrationSet::fromDirectory(dir.path()); }),
                   Contains("0000_ok.down.sql: byte offset 6 (line 1) is a NUL byte"));
    }
    SECTION("in an embedded set") {
        Journal j;
        j.dialect = "sqlite";
        j.entries.push_back({0, "6", 1, "0000_nul", true});
        const std::string journal = j.toJson();
        const EmbeddedFile files[] = {{"0000_nul", reinterpret_cast<const unsigned char*>(kWithNul.data()),
                                       kWithNul.size(), ""}};
        const std::string journalHash = sha256Hex(journal);
        EmbeddedFolder folder{"embedded:drizzle",
                              {"meta/_journal.json", reinterpret_cast<const unsigned char*>(journal.data()),
                               journal.size(), journalHash.c_str()},
                              files, 1};
        CHECK_THAT(refusal([&] { loadEmbedded(folder); }),
                   Contains("0000_nul.sql: byte offset 34 (line 2) is a NUL byte"));
    }
}

TEST_CASE("a UTF-8 BOM is not part of the SQL to run; the hash is of the file's bytes") {
    const std::string file = "\xEF\xBB\xBF" "CREATE TABLE a (id int);\n--> statement-breakpoint\nSELECT 1;";
    const Migration m = Migration::fromSql(0, "0000_bom", 1, file);
    CHECK(m.hash == sha256Hex(file));
    REQUIRE(m.up.statements().size() == 2);
    CHECK(m.up.statements()[0].sql == "CREATE TABLE a (id int);\n");
    CHECK(m.up.statements()[0].line == 1);
    CHECK(m.up.statements()[1].line == 3);
    CHECK(m.up.sql() == file);
    const Migration directive =
        Migration::fromSql(0, "0000_bom", 1, "\xEF\xBB\xBF-- ob-migrate: no-transaction\nSELECT 1;");
    CHECK_FALSE(directive.up.transactional());
}
