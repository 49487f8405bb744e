// ob_migrate_embed(): the embedded set is the folder's set, byte for byte and hash for hash.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <functional>
#include <string>
#include <vector>

#include "core/hashing.hpp"
#include "ob/migrate/embedded.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"
#include "test_embed/basic.hpp"   // generated: ob_migrate_embed(... NAMESPACE test_embed::basic)
#include "test_embed/binary.hpp"  // generated: ob_migrate_embed(... NAMESPACE test_embed::binary)
#include "test_embed/none.hpp"    // generated from a folder with no migrations yet

namespace om = ob::migrate;
using Catch::Matchers::Contains;
using ob::migrate::test::readText;
using ob::migrate::test::TempDir;

namespace {

const std::string kSourceDir = OB_MIGRATE_SOURCE_DIR;
const std::string kBasicDir = kSourceDir + "/tests/embed/migrations";
const std::string kBinaryDir = kSourceDir + "/tests/embed/binary";

void requireSameSet(const om::MigrationSet& embedded, const om::MigrationSet& folder) {
    REQUIRE(embedded.dialect() == folder.dialect());
    REQUIRE(embedded.size() == folder.size());
    for (std::size_t i = 0; i < folder.size(); ++i) {
        const om::Migration& e = embedded.migrations()[i];
        const om::Migration& f = folder.migrations()[i];
        INFO("migration " << f.tag);
        CHECK(e.idx == f.idx);
        CHECK(e.tag == f.tag);
        CHECK(e.when == f.when);
        CHECK(e.breakpoints == f.breakpoints);
        CHECK(e.up.transactional() == f.up.transactional());
        CHECK(e.up.sql() == f.up.sql());
        CHECK(e.hash == f.hash);
        CHECK(e.up.statements().size() == f.up.statements().size());
        CHECK((e.down ? e.down->sql() : "-") == (f.down ? f.down->sql() : "-"));
    }
}

std::string noteBody(SQLite::Database& db) {
    SQLite::Statement query(db, "SELECT body FROM notes WHERE id = 1");
    REQUIRE(query.executeStep());
    return query.getColumn(0).getString();
}

std::vector<om::MigrationState> states(om::Migrator& migrator) {
    std::vector<om::MigrationState> out;
    for (const auto& s : migrator.status()) out.push_back(s.state);
    return out;
}

/// A copy of a generated folder whose file `index` claims another hash.
struct TamperedFolder {
    std::vector<om::EmbeddedFile> files;
    om::EmbeddedFolder folder;
    explicit TamperedFolder(const om::EmbeddedFolder& original)
        : files(original.files, original.files + original.fileCount), folder(original) {
        folder.files = files.data();
    }
};

constexpr const char* kWrongHash = "0000000000000000000000000000000000000000000000000000000000000000";

}  // namespace

TEST_CASE("an embedded folder is the folder: same migrations, bytes and hashes") {
    requireSameSet(test_embed::basic::migrations(), om::MigrationSet::fromDirectory(kBasicDir));
}

TEST_CASE("a down migration is embedded with its migration") {
    const om::MigrationSet embedded = test_embed::basic::migrations();
    const om::Migration* m = embedded.findByTag("0002_custom_index");
    REQUIRE(m != nullptr);
    REQUIRE(m->down.has_value());
    CHECK(m->down->sql() == readText(kBasicDir + "/0002_custom_index.down.sql"));
    CHECK(m->reversible());
    CHECK_FALSE(embedded.findByTag("0001_tricky_bytes")->down.has_value());
}

TEST_CASE("embedded files keep every byte: NUL, 0xFF, CRLF, raw-string delimiters, empty files") {
    const om::EmbeddedFolder& binary = test_embed::binary::embeddedFolder();
    REQUIRE(binary.fileCount == 2);
    const std::string everyByte(binary.files[0].bytes());
    REQUIRE(everyByte.size() == 256);
    for (int b = 0; b < 256; ++b) REQUIRE(static_cast<unsigned char>(everyByte[b]) == b);
    CHECK(everyByte == readText(kBinaryDir + "/0000_every_byte.sql"));
    CHECK(binary.files[1].bytes().empty());
    CHECK(om::sha256Hex(binary.files[1].bytes()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    // A NUL byte would cut the SQL short on both databases: the folder and the embedded set are
    // refused alike, naming the file and the offset.
    auto refusal = [](const std::function<void()>& load) -> std::string {
        try {
            load();
        } catch (const om::MigrationSetError& e) {
            return e.what();
        }
        return "(accepted)";
    };
    CHECK_THAT(refusal([] { om::MigrationSet::fromDirectory(kBinaryDir); }),
               Contains("0000_every_byte.sql: byte offset 0 (line 1) is a NUL byte"));
    CHECK_THAT(refusal([] { test_embed::binary::migrations(); }),
               Contains("0000_every_byte.sql: byte offset 0 (line 1) is a NUL byte"));

    const om::MigrationSet basic = test_embed::basic::migrations();
    CHECK(basic.findByTag("0001_tricky_bytes")->up.sql() == readText(kBasicDir + "/0001_tricky_bytes.sql"));
}

TEST_CASE("the build-time SHA-256 of every embedded file is the one computed at run time") {
    for (const om::EmbeddedFolder* folder : {&test_embed::basic::embeddedFolder(), &test_embed::binary::embeddedFolder()}) {
        INFO(folder->origin);
        CHECK(om::sha256Hex(folder->journal.bytes()) == folder->journal.sha256);
        for (std::size_t i = 0; i < folder->fileCount; ++i)
            CHECK(om::sha256Hex(folder->files[i].bytes()) == folder->files[i].sha256);
    }
    const om::EmbeddedFolder& basic = test_embed::basic::embeddedFolder();
    CHECK(std::string(basic.origin) == "embedded:tests/embed/migrations");
    REQUIRE(basic.fileCount == 4);
    CHECK(std::string(basic.files[1].name) == "0001_tricky_bytes");
    CHECK(std::string(basic.files[3].name) == "0002_custom_index.down");
    CHECK(basic.journal.bytes() == readText(kBasicDir + "/meta/_journal.json"));
    CHECK(test_embed::basic::migrations().migrations()[2].up.file() ==
          "embedded:tests/embed/migrations/0002_custom_index.sql");
}

TEST_CASE("a database migrated from the folder is up to date for the embedded set") {
    TempDir dir;
    const std::string path = (dir / "app.db").string();
    {
        om::sqlite::Dialect dialect(path);
        om::Migrator migrator(dialect, om::MigrationSet::fromDirectory(kBasicDir));
        REQUIRE(migrator.upToDate().applied.size() == 3);
    }
    om::sqlite::Dialect dialect(path);
    om::Migrator migrator(dialect, test_embed::basic::migrations());
    CHECK(migrator.pending().empty());
    CHECK(migrator.upToDate().applied.empty());
    CHECK(states(migrator) == std::vector<om::MigrationState>(3, om::MigrationState::Applied));
    CHECK(noteBody(dialect.database()) == ")\" )delim\" R\"( \\n \\ ?\?= \"\" ' caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
}

TEST_CASE("a database migrated from the embedded set is up to date for the folder") {
    TempDir dir;
    const std::string path = (dir / "app.db").string();
    {
        om::sqlite::Dialect dialect(path);
        om::Migrator migrator(dialect, test_embed::basic::migrations());
        REQUIRE(migrator.upToDate().applied.size() == 3);
        CHECK(noteBody(dialect.database()) == ")\" )delim\" R\"( \\n \\ ?\?= \"\" ' caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac");
    }
    om::sqlite::Dialect dialect(path);
    om::Migrator migrator(dialect, om::MigrationSet::fromDirectory(kBasicDir));
    CHECK(migrator.upToDate().applied.empty());
    CHECK(states(migrator) == std::vector<om::MigrationState>(3, om::MigrationState::Applied));
}

TEST_CASE("embedded data whose bytes do not match the build's hash is refused, naming the file") {
    SECTION("a migration") {
        TamperedFolder tampered(test_embed::basic::embeddedFolder());
        tampered.files[1].sha256 = kWrongHash;
        try {
            om::loadEmbedded(tampered.folder);
            FAIL("loadEmbedded accepted a wrong hash");
        } catch (const om::MigrationSetError& e) {
            CHECK(e.file() == "embedded:tests/embed/migrations/0001_tricky_bytes.sql");
            CHECK_THAT(e.what(), Catch::Contains(kWrongHash));
        }
    }
    SECTION("a down file") {
        TamperedFolder tampered(test_embed::basic::embeddedFolder());
        tampered.files[3].sha256 = kWrongHash;
        try {
            om::loadEmbedded(tampered.folder);
            FAIL("loadEmbedded accepted a wrong hash for a down file");
        } catch (const om::MigrationSetError& e) {
            CHECK(e.file() == "embedded:tests/embed/migrations/0002_custom_index.down.sql");
        }
    }
    SECTION("the journal") {
        TamperedFolder tampered(test_embed::basic::embeddedFolder());
        tampered.folder.journal.sha256 = kWrongHash;
        try {
            om::loadEmbedded(tampered.folder);
            FAIL("loadEmbedded accepted a wrong journal hash");
        } catch (const om::MigrationSetError& e) {
            CHECK(e.file() == "embedded:tests/embed/migrations/meta/_journal.json");
        }
    }
}

TEST_CASE("embedded data gets the folder's validation") {
    const std::string journal = R"({"version":"7","dialect":"sqlite","entries":[
        {"idx":0,"version":"6","when":1,"tag":"0000_a","breakpoints":true},
        {"idx":1,"version":"6","when":1,"tag":"0001_b","breakpoints":true}]})";
    const std::string sql = "CREATE TABLE t (x);";
    const std::string journalHash = om::sha256Hex(journal), sqlHash = om::sha256Hex(sql);
    const auto* journalBytes = reinterpret_cast<const unsigned char*>(journal.data());
    const auto* sqlBytes = reinterpret_cast<const unsigned char*>(sql.data());

    SECTION("a journal entry without its file") {
        om::EmbeddedFile files[] = {{"0000_a", sqlBytes, sql.size(), sqlHash.c_str()}};
        om::EmbeddedFolder folder{"embedded:hand", {"meta/_journal.json", journalBytes, journal.size(), journalHash.c_str()},
                                  files, 1};
        CHECK_THROWS_WITH(om::loadEmbedded(folder), Catch::Contains("0001_b") && Catch::Contains("missing"));
    }
    SECTION("two entries with the same when") {
        om::EmbeddedFile files[] = {{"0000_a", sqlBytes, sql.size(), sqlHash.c_str()},
                                    {"0001_b", sqlBytes, sql.size(), sqlHash.c_str()}};
        om::EmbeddedFolder folder{"embedded:hand", {"meta/_journal.json", journalBytes, journal.size(), journalHash.c_str()},
                                  files, 2};
        CHECK_THROWS_AS(om::loadEmbedded(folder), om::MigrationSetError);
        CHECK_THROWS_WITH(om::loadEmbedded(folder), Catch::Contains("duplicate when"));
    }
}

TEST_CASE("a folder with no migrations yet embeds an empty set that migrates nothing") {
    const ob::migrate::EmbeddedFolder& folder = test_embed::none::embeddedFolder();
    CHECK(folder.journal.data == nullptr);
    CHECK(folder.fileCount == 0);
    const ob::migrate::MigrationSet set = test_embed::none::migrations();
    CHECK(set.migrations().empty());
    CHECK(set.origin().find("no-migrations-yet") != std::string::npos);
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ob::migrate::sqlite::Dialect dialect(db);
    CHECK(ob::migrate::Migrator(dialect, set).upToDate().applied.empty());
}
