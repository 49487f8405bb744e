// Migrator behaviours, written once, run on every backend.
#include "suite.hpp"

#include <fmt/format.h>

#include "ob/migrate/error.hpp"

using namespace ob::migrate;
using namespace ob::migrate::conformance;
using Catch::Matchers::Contains;

namespace {
const char* kUsers = "CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);";
const char* kPosts =
    "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users(id));\n"
    "--> statement-breakpoint\nCREATE INDEX posts_user_idx ON posts (user_id);";
const char* kSeed = "INSERT INTO users (id, name) VALUES (1, 'ada');";

long long rows(const TestBackend& db, const std::string& sql) { return db.queryInt(sql); }
}  // namespace

TEST_CASE("upToDate applies pending migrations in order, once") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", kUsers).add("0001_posts", kPosts).add("0002_seed", kSeed);
        auto dialect = db->connect();
        std::vector<std::string> events;
        MigratorOptions options;
        options.onEvent = [&](const Event& e) {
            if (e.kind == Event::Kind::Applied) events.push_back(e.tag);
        };
        Migrator migrator(*dialect, folder.load(), options);
        REQUIRE(migrator.pending().size() == 3);

        Report first = migrator.upToDate();
        CHECK(tagsOf(first) == std::vector<std::string>{"0000_users", "0001_posts", "0002_seed"});
        CHECK(events == tagsOf(first));
        CHECK(db->tableExists("posts"));
        CHECK(rows(*db, "SELECT count(*) FROM users") == 1);
        CHECK(rows(*db, "SELECT count(*) FROM " + db->trackingTable()) == 3);
        const auto set = folder.load();
        for (const auto& m : set.migrations())
            CHECK(rows(*db, "SELECT count(*) FROM " + db->trackingTable() + " WHERE hash = '" + m.hash +
                                "' AND created_at = " + std::to_string(m.when)) == 1);

        Report second = migrator.upToDate();
        CHECK(second.applied.empty());
        CHECK(rows(*db, "SELECT count(*) FROM users") == 1);
        CHECK(migrator.pending().empty());

        // A new connection and a new Migrator see the same state.
        auto again = db->connect();
        CHECK(Migrator(*again, folder.load()).upToDate().applied.empty());
    });
}

TEST_CASE("a database migrated by Drizzle (its tracking table, no extra columns) shows nothing pending") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", kUsers).add("0001_posts", kPosts);
        auto set = folder.load();
        // What drizzle-orm's migrator leaves behind: its DDL, rows of (hash, created_at).
        if (backend.dialect() == "sqlite") {
            db->exec("CREATE TABLE IF NOT EXISTS \"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, "
                     "created_at numeric)");
        } else {
            db->exec("CREATE SCHEMA IF NOT EXISTS \"drizzle\"; CREATE TABLE IF NOT EXISTS "
                     "\"drizzle\".\"__drizzle_migrations\" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)");
        }
        db->exec(kUsers);
        db->exec("CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users(id)); "
                 "CREATE INDEX posts_user_idx ON posts (user_id);");
        for (const auto& m : set.migrations())
            db->exec("INSERT INTO " + db->trackingTable() + " (\"hash\", \"created_at\") VALUES ('" + m.hash + "', " +
                     std::to_string(m.when) + ")");
        auto dialect = db->connect();
        Migrator migrator(*dialect, set);
        CHECK(migrator.pending().empty());
        for (const auto& s : migrator.status()) CHECK(s.state == MigrationState::Applied);
        CHECK(migrator.upToDate().applied.empty());

        // And a new migration is recorded in the same table, readable the way Drizzle reads it.
        folder.add("0002_seed", kSeed);
        auto dialect2 = db->connect();
        CHECK(tagsOf(Migrator(*dialect2, folder.load()).upToDate()) == std::vector<std::string>{"0002_seed"});
        CHECK(rows(*db, "SELECT count(*) FROM " + db->trackingTable()) == 3);
        CHECK(rows(*db, "SELECT max(created_at) FROM " + db->trackingTable()) == folder.load().migrations()[2].when);
    });
}

TEST_CASE("an applied migration whose file changed is refused, warned about, or accepted") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", kUsers).add("0001_seed", kSeed);
        {
            auto dialect = db->connect();
            Migrator(*dialect, folder.load()).upToDate();
        }
        folder.entries[1].sql = "INSERT INTO users (id, name) VALUES (1, 'grace');";
        folder.add("0002_more", "INSERT INTO users (id, name) VALUES (2, 'linus');");
        auto dialect = db->connect();

        Migrator strict(*dialect, folder.load());
        try {
            strict.upToDate();
            FAIL("expected ChecksumMismatch");
        } catch (const ChecksumMismatch& e) {
            CHECK(e.tag() == "0001_seed");
            CHECK(e.actualHash() == folder.load().migrations()[1].hash);
            CHECK(e.recordedHash() != e.actualHash());
            CHECK_THAT(e.what(), Contains("0001_seed.sql") && Contains(e.recordedHash()) && Contains(e.actualHash()));
        }
        CHECK_THROWS_AS(strict.plan(), ChecksumMismatch);  // a plan upToDate() would refuse is no plan
        CHECK(rows(*db, "SELECT count(*) FROM users") == 1);  // nothing further was applied
        auto status = strict.status();
        REQUIRE(status.size() == 3);
        CHECK(status[1].state == MigrationState::Changed);
        CHECK(status[2].state == MigrationState::Pending);

        MigratorOptions lenient;
        lenient.checksumPolicy = ChecksumPolicy::Warn;
        std::vector<std::string> warnings;
        lenient.onEvent = [&](const Event& e) {
            if (e.kind == Event::Kind::Warning) warnings.push_back(e.message);
        };
        Report report = Migrator(*dialect, folder.load(), lenient).upToDate();
        CHECK(tagsOf(report) == std::vector<std::string>{"0002_more"});
        REQUIRE(warnings.size() == 1);
        CHECK_THAT(warnings[0], Contains("0001_seed"));

        strict.acceptChecksum("0001_seed");
        CHECK(strict.upToDate().applied.empty());
        for (const auto& s : strict.status()) CHECK(s.state == MigrationState::Applied);
        CHECK_THROWS_AS(strict.acceptChecksum("9999_nope"), Error);
    });
}

TEST_CASE("a pending migration older than the newest applied one is an error unless allowed") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", kUsers, 1000).add("0002_seed", kSeed, 3000);
        {
            auto dialect = db->connect();
            Migrator(*dialect, folder.load()).upToDate();
        }
        // A branch merged later carries an older timestamp.
        folder.entries.insert(folder.entries.begin() + 1,
                              test::FolderEntry{"0001_posts", kPosts, 2000, true});
        folder.write();
        auto dialect = db->connect();
        try {
            Migrator(*dialect, folder.load()).upToDate();
            FAIL("expected OutOfOrder");
        } catch (const OutOfOrder& e) {
            CHECK(e.tag() == "0001_posts");
            CHECK(e.newestAppliedTag() == "0002_seed");
        }
        CHECK_FALSE(db->tableExists("posts"));
        MigratorOptions allow;
        allow.allowOutOfOrder = true;
        CHECK(tagsOf(Migrator(*dialect, folder.load(), allow).upToDate()) == std::vector<std::string>{"0001_posts"});
        CHECK(db->tableExists("posts"));
    });
}

TEST_CASE("a failing statement rolls its migration back and names tag, statement and message") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", kUsers)
            .add("0001_broken",
                 "CREATE TABLE half (id integer PRIMARY KEY);\n--> statement-breakpoint\n"
                 "INSERT INTO users (id, name) VALUES (7, 'x');\n--> statement-breakpoint\n"
                 "INSERT INTO no_such_table VALUES (1);")
            .add("0002_seed", kSeed);

        SECTION("transaction per migration: earlier migrations stay") {
            auto dialect = db->connect();
            Migrator migrator(*dialect, folder.load());
            try {
                migrator.upToDate();
                FAIL("expected MigrationFailed");
            } catch (const MigrationFailed& e) {
                CHECK(e.tag() == "0001_broken");
                CHECK(e.statementIndex() == 3);
                CHECK(e.details().line == 5);
                CHECK(e.details().statement == "INSERT INTO no_such_table VALUES (1);");
                CHECK_THAT(e.databaseMessage(), Contains("no_such_table"));
                CHECK_THAT(e.what(), Contains("0001_broken.sql") && Contains("statement 3") && Contains("no_such_table"));
            }
            CHECK(db->tableExists("users"));
            CHECK_FALSE(db->tableExists("half"));
            CHECK(rows(*db, "SELECT count(*) FROM users") == 0);
            CHECK(rows(*db, "SELECT count(*) FROM " + db->trackingTable()) == 1);
            auto status = migrator.status();
            CHECK(status[0].state == MigrationState::Applied);
            CHECK(status[1].state == MigrationState::Pending);
            CHECK(status[2].state == MigrationState::Pending);
        }
        SECTION("all in one transaction: nothing stays") {
            auto dialect = db->connect();
            MigratorOptions options;
            options.transactionMode = TransactionMode::AllInOne;
            CHECK_THROWS_AS(Migrator(*dialect, folder.load(), options).upToDate(), MigrationFailed);
            CHECK_FALSE(db->tableExists("users"));
            CHECK_FALSE(db->tableExists("half"));
            CHECK(rows(*db, "SELECT count(*) FROM " + db->trackingTable()) == 0);
        }
        // Fixing the file lets the run go on from where it stopped.
        folder.entries[1].sql = "CREATE TABLE half (id integer PRIMARY KEY);";
        folder.write();
        auto dialect = db->connect();
        auto report = Migrator(*dialect, folder.load()).upToDate();
        CHECK(report.applied.back().tag == "0002_seed");
        CHECK(db->tableExists("half"));
    });
}

TEST_CASE("status reports applied, pending, changed and missing; plan runs nothing") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        folder.add("0000_users", kUsers).add("0001_posts", kPosts).add("0002_seed", kSeed);
        {
            auto dialect = db->connect();
            Migrator fresh(*dialect, folder.load());
            for (const auto& s : fresh.status()) CHECK(s.state == MigrationState::Pending);
            auto plan = fresh.plan();
            REQUIRE(plan.size() == 3);
            REQUIRE(plan[1].statements.size() == 2);
            CHECK_THAT(plan[1].statements[1].sql, Contains("CREATE INDEX posts_user_idx"));
            CHECK_FALSE(db->tableExists("users"));  // plan ran nothing
        }
        {
            auto dialect = db->connect();
            Migrator(*dialect, folder.load()).upToDate();
        }
        // The folder loses its last migration and gains a new one; the first is edited.
        std::int64_t removedWhen = folder.load().migrations()[2].when;
        folder.entries.pop_back();
        folder.entries[0].sql += "\n-- edited";
        folder.add("0003_later", "CREATE TABLE later (id integer);", removedWhen + 1000);
        auto dialect = db->connect();
        MigratorOptions options;
        options.allowOutOfOrder = true;
        auto status = Migrator(*dialect, folder.load(), options).status();
        REQUIRE(status.size() == 4);
        CHECK(status[0].tag == "0000_users");
        CHECK(status[0].state == MigrationState::Changed);
        CHECK(status[1].state == MigrationState::Applied);
        CHECK(status[2].tag == "0003_later");
        CHECK(status[2].state == MigrationState::Pending);
        CHECK(status[3].state == MigrationState::Missing);
        CHECK(status[3].when == removedWhen);
        CHECK(status[3].tag == "0002_seed");  // ob::migrate records the tag in the name column
    });
}

TEST_CASE("16 processes migrating one database at once apply every migration exactly once") {
    forEachBackend([](const BackendKind& backend) {
        auto db = backend.freshDatabase();
        Folder folder(backend.dialect());
        db->exec("CREATE TABLE side_effects (n integer)");
        // First, and outside a transaction: every process reaches it at once, and only the session
        // lock keeps it to one run.
        // The count keeps the statement busy for a while, so that a second runner would have time to start it too.
        folder.add("0000_outside",
                   "-- ob-migrate: no-transaction\n"
                   "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000)\n"
                   "INSERT INTO side_effects (n) SELECT 0 FROM (SELECT count(*) AS k FROM c) s WHERE s.k > 0;");
        for (int i = 1; i <= 12; ++i)
            folder.add(fmt::format("{:04}_step", i),
                       fmt::format("CREATE TABLE t{} (id integer PRIMARY KEY);\n--> statement-breakpoint\n"
                                   "INSERT INTO side_effects (n) VALUES ({});",
                                   i, i));

        std::vector<std::string> argv{test::cliPath()};
        for (const auto& a : db->cliArgs()) argv.push_back(a);
        argv.insert(argv.end(), {"--dir", folder.path(), "migrate"});
        auto results = test::runConcurrently(argv, 16);
        for (const auto& r : results) {
            INFO("stdout: " << r.out << "\nstderr: " << r.err);
            CHECK(r.exitCode == 0);
        }
        CHECK(rows(*db, "SELECT count(*) FROM " + db->trackingTable()) == 13);
        CHECK(rows(*db, "SELECT count(DISTINCT created_at) FROM " + db->trackingTable()) == 13);
        CHECK(rows(*db, "SELECT count(*) FROM side_effects") == 13);
        CHECK(rows(*db, "SELECT count(DISTINCT n) FROM side_effects") == 13);
    });
}
