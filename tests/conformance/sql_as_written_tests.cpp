// SQL runs exactly as written, and errors say where: written once, run on every backend.
#include "core/hashing.hpp"
#include "suite.hpp"

#include <fmt/format.h>

#include "ob/migrate/error.hpp"

using namespace ob::migrate;
using namespace ob::migrate::conformance;
using Catch::Matchers::Contains;

namespace {
const char* kNotes = "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);";

template <class E>
E errorOf(Migrator& migrator) {
    try {
        migrator.upToDate();
    } catch (const E& e) {
        return e;
    }
    FAIL("no error of the expected type");
    throw std::logic_error("unreachable");
}
}  // namespace

TEST_CASE("a transactional migration that controls the transaction itself is refused before anything runs") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"COMMIT;", "line 2: COMMIT"},
        {"commit and chain;", "line 2: COMMIT"},
        {"END;", "line 2: END"},
        {"BEGIN;", "line 2: BEGIN"},
        {"BEGIN IMMEDIATE;", "line 2: BEGIN IMMEDIATE"},
        {"START TRANSACTION;", "line 2: START TRANSACTION"},
        {"ROLLBACK;", "line 2: ROLLBACK"},
        {"ABORT;", "line 2: ABORT"},
    };
    forEachBackend([&](const BackendKind& backend) {
        for (const auto& [statement, expected] : cases) {
            auto db = backend.freshDatabase();
            Folder folder(backend.dialect());
            folder.add("0000_notes", kNotes)
                .add("0001_half", fmt::format("INSERT INTO notes VALUES (1, 'a');\n{}\nINSERT INTO notes VALUES (2, 'b');",
                                              statement));
            auto dialect = db->connect();
            Migrator migrator(*dialect, folder.load());
            const auto e = errorOf<MigrationSetError>(migrator);
            INFO(statement);
            CHECK_THAT(e.file(), Contains("0001_half.sql"));
            CHECK_THAT(e.what(), Contains(expected) && Contains("-- ob-migrate: no-transaction") &&
                                     Contains("nothing was run"));
            CHECK_FALSE(db->tableExists("notes"));  // refused before the first migration ran
        }
    });
}

TEST_CASE("transaction words in strings, comments, savepoints and bodies are not transaction control") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        const bool pg = backend.dialect() == "postgresql";
        const std::string body =
            pg ? "CREATE FUNCTION bump() RETURNS trigger AS $$ BEGIN NEW.body := NEW.body || '!'; RETURN NEW; END; "
                 "$$ LANGUAGE plpgsql;\nCREATE TRIGGER notes_bump BEFORE INSERT ON notes FOR EACH ROW EXECUTE "
                 "FUNCTION bump();"
               : "CREATE TRIGGER notes_bump AFTER INSERT ON notes BEGIN UPDATE notes SET body = body || '!' WHERE id "
                 "= NEW.id; END;";
        folder.add("0000_notes", kNotes)
            .add("0001_words", "-- COMMIT; in a comment\n/* BEGIN; */\n" + body +
                                   "\nSAVEPOINT s;\nINSERT INTO notes VALUES (1, 'x\nCOMMIT;\ny');\n"
                                   "ROLLBACK TO SAVEPOINT s;\nRELEASE SAVEPOINT s;\n"
                                   "INSERT INTO notes VALUES (2, 'END;');");
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        CHECK(migrator.upToDate().applied.size() == 2);
        CHECK(db->queryInt("SELECT count(*) FROM notes") == 1);
        CHECK(db->queryInt("SELECT count(*) FROM notes WHERE id = 2 AND body = 'END;!'") == 1);
    });
}

TEST_CASE("a no-transaction migration may control transactions itself") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_notes", kNotes)
            .add("0001_own", "-- ob-migrate: no-transaction\nBEGIN;\nINSERT INTO notes VALUES (1, 'a');\nCOMMIT;");
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        CHECK(migrator.upToDate().applied.size() == 2);
        CHECK(db->queryInt("SELECT count(*) FROM notes") == 1);
    });
}

TEST_CASE("a failing statement in a file without breakpoints is reported at its own line") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_custom",
                   "-- Custom SQL migration file, put your code below! --\n"
                   "CREATE TABLE t (id integer);\nINSERT INTO t VALUES (1);\n\n"
                   "INSERT INTO missing_table VALUES (1);\nINSERT INTO t VALUES (2);\n");
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        const auto e = errorOf<MigrationFailed>(migrator);
        CHECK(e.details().statementIndex == 1);
        CHECK(e.details().line == 5);
        CHECK(e.details().statement == "INSERT INTO missing_table VALUES (1);");
        CHECK_THAT(e.what(), Contains("0000_custom.sql:5") && Contains("nothing of it was applied"));
        CHECK_FALSE(db->tableExists("t"));
    });
}

TEST_CASE("every statement of a chunk runs") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_many", std::string(kNotes) +
                                    "\nINSERT INTO notes VALUES (1, 'a'); INSERT INTO notes VALUES (2, 'b');\n"
                                    "-- a comment between\nINSERT INTO notes VALUES (3, 'c')");
        auto dialect = db->connect();
        Migrator(*dialect, folder.load()).upToDate();
        CHECK(db->queryInt("SELECT count(*) FROM notes") == 3);
    });
}

TEST_CASE("a UTF-8 BOM at the start of a file is not run; the recorded hash is the file's") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_bom", std::string("\xEF\xBB\xBF") + kNotes);
        auto dialect = db->connect();
        const MigrationSet set = folder.load();
        Migrator(*dialect, set).upToDate();
        CHECK(db->tableExists("notes"));
        CHECK(db->queryInt("SELECT count(*) FROM " + db->trackingTable() + " WHERE hash = '" +
                           sha256Hex(set.migrations()[0].up.sql()) + "'") == 1);
    });
}

TEST_CASE("a tracking table of another shape is an error naming the table") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        if (backend.dialect() == "postgresql") db->exec("CREATE SCHEMA drizzle");
        db->exec("CREATE TABLE " + db->trackingTable() + " (id integer, migration_name text)");
        Folder folder(backend.dialect());
        folder.add("0000_notes", kNotes);
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        try {
            migrator.upToDate();
            FAIL("no error");
        } catch (const DatabaseError& e) {
            CHECK_THAT(e.what(), Contains("the tracking table") && Contains("__drizzle_migrations") &&
                                     Contains("(id, hash, created_at)"));
        }
        CHECK_FALSE(db->tableExists("notes"));
    });
}

TEST_CASE("migrateTo refuses a down file that controls the transaction before any down file runs") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_notes", kNotes)
            .down("0000_notes", "DROP TABLE notes;")
            .add("0001_more", "CREATE TABLE more_notes (id integer);")
            .down("0001_more", "DELETE FROM notes;\nCOMMIT;\nDROP TABLE more_notes;")
            .add("0002_last", "CREATE TABLE last_notes (id integer);")
            .down("0002_last", "DROP TABLE last_notes;");
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        migrator.upToDate();
        try {
            migrator.migrateTo("0000_notes");
            FAIL("no error");
        } catch (const MigrationSetError& e) {
            CHECK_THAT(e.file(), Contains("0001_more.down.sql"));
            CHECK_THAT(e.what(), Contains("line 2: COMMIT"));
        }
        CHECK(db->tableExists("last_notes"));  // 0002's down file did not run either
        CHECK(db->queryInt("SELECT count(*) FROM " + db->trackingTable()) == 3);
    });
}
