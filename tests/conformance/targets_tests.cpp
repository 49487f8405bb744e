// Moving to a given migration (down and up) and adopting a database, on every backend.
#include "suite.hpp"

#include "ob/migrate/error.hpp"

using namespace ob::migrate;
using namespace ob::migrate::conformance;
using Catch::Matchers::Contains;

namespace {
void reversibleFolder(Folder& folder) {
    folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY, name text);")
        .down("0000_users", "DROP TABLE users;")
        .add("0001_posts", "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users(id));")
        .down("0001_posts", "DROP TABLE posts;")
        .add("0002_tags", "CREATE TABLE tags (id integer PRIMARY KEY);\n--> statement-breakpoint\n"
                          "INSERT INTO tags VALUES (1);")
        .down("0002_tags", "DROP TABLE tags;");
}
}  // namespace

TEST_CASE("migrateTo rolls back with down files and forward again") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        reversibleFolder(folder);
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        REQUIRE(migrator.pending().front()->reversible());
        migrator.upToDate();

        Report back = migrator.migrateTo("0000_users");
        REQUIRE(back.rolledBack.size() == 2);
        CHECK(back.rolledBack[0].tag == "0002_tags");  // newest first
        CHECK(back.rolledBack[1].tag == "0001_posts");
        CHECK(back.applied.empty());
        CHECK(db->tableExists("users"));
        CHECK_FALSE(db->tableExists("posts"));
        CHECK_FALSE(db->tableExists("tags"));
        CHECK(db->queryInt("SELECT count(*) FROM " + db->trackingTable()) == 1);
        CHECK(migrator.pending().size() == 2);

        Report forward = migrator.migrateTo("0001_posts");
        CHECK(forward.rolledBack.empty());
        REQUIRE(forward.applied.size() == 1);
        CHECK(forward.applied[0].tag == "0001_posts");
        CHECK_FALSE(db->tableExists("tags"));
        CHECK(migrator.migrateTo("0001_posts").applied.empty());  // already there
        migrator.upToDate();
        CHECK(db->queryInt("SELECT count(*) FROM tags") == 1);
        CHECK_THROWS_WITH(migrator.migrateTo("0009_nope"), Contains("no migration 0009_nope"));
    });
}

TEST_CASE("migrateTo refuses, changing nothing, when a migration cannot be undone") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        reversibleFolder(folder);
        folder.add("0003_seed", "INSERT INTO users VALUES (1, 'ada');");  // no down file
        folder.add("0004_more", "CREATE TABLE more_stuff (id integer);")
            .down("0004_more", "DROP TABLE more_stuff;");
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        migrator.upToDate();
        CHECK_THROWS_WITH(migrator.migrateTo("0001_posts"), Contains("0003_seed") && Contains("no down migration"));
        CHECK(db->tableExists("more_stuff"));  // nothing was rolled back
        CHECK(db->queryInt("SELECT count(*) FROM " + db->trackingTable()) == 5);

        folder.down("0003_seed", "-- ob-migrate: irreversible\n-- the seed cannot be told apart from user data");
        Migrator marked(*dialect, folder.load());
        CHECK_THROWS_WITH(marked.migrateTo("0001_posts"), Contains("0003_seed") && Contains("irreversible"));
    });
}

TEST_CASE("a failing down migration is rolled back and leaves the migration applied") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        reversibleFolder(folder);
        folder.down("0002_tags", "DROP TABLE tags;\n--> statement-breakpoint\nDROP TABLE not_there;");
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        migrator.upToDate();
        try {
            migrator.migrateTo("0001_posts");
            FAIL("expected MigrationFailed");
        } catch (const MigrationFailed& e) {
            CHECK(e.tag() == "0002_tags (down)");
            CHECK(e.statementIndex() == 2);
            CHECK_THAT(e.what(), Contains("0002_tags.down.sql") && Contains("not_there"));
        }
        CHECK(db->tableExists("tags"));
        CHECK(db->queryInt("SELECT count(*) FROM " + db->trackingTable()) == 3);
    });
}

TEST_CASE("markApplied adopts a database whose schema was made by hand, then migrates forward") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        reversibleFolder(folder);
        db->exec("CREATE TABLE users (id integer PRIMARY KEY, name text)");
        db->exec("CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users(id))");
        auto dialect = db->connect();
        Migrator migrator(*dialect, folder.load());
        auto recorded = migrator.markApplied("0001_posts");
        CHECK(recorded == std::vector<std::string>{"0000_users", "0001_posts"});
        CHECK(migrator.markApplied("0001_posts").empty());
        Report report = migrator.upToDate();
        REQUIRE(report.applied.size() == 1);
        CHECK(report.applied[0].tag == "0002_tags");
        CHECK(db->queryInt("SELECT count(*) FROM tags") == 1);
    });
}
