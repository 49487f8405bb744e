// The PostgreSQL Dialect on a real server: tracking table, adoption of Drizzle's, the advisory lock.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include "postgres/advisory_lock.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

namespace {
const char* kUsers = "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);";
const char* kSeed = "INSERT INTO users (email) VALUES ('ada@example.org');";

std::string columnsOf(const test::ScratchDatabase& db, const std::string& schema, const std::string& table) {
    return db.scalar("SELECT string_agg(column_name || ':' || data_type || ':' || is_nullable, ',' ORDER BY "
                     "ordinal_position) FROM information_schema.columns WHERE table_schema = '" +
                     schema + "' AND table_name = '" + table + "'");
}

/// pg_try_advisory_lock on a connection of its own; true when it got (and then released) it.
bool lockIsFree(const test::ScratchDatabase& db, std::int64_t key) {
    auto c = db.connect();
    pqxx::nontransaction tx(*c);
    bool got = tx.exec_params1("SELECT pg_try_advisory_lock($1)", key)[0].as<bool>();
    if (got) tx.exec_params("SELECT pg_advisory_unlock($1)", key);
    return got;
}
}  // namespace

TEST_CASE("a fresh database gets Drizzle's tracking table plus name and applied_at") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", kUsers).add("0001_seed", kSeed);

    postgres::Dialect dialect(db.url());
    CHECK(dialect.name() == "postgresql");
    CHECK(dialect.describe() == "postgresql://127.0.0.1:" + db.scalar("SHOW port") + "/" + db.name());
    CHECK(dialect.trackingTableName() == "\"drizzle\".\"__drizzle_migrations\"");
    CHECK_FALSE(dialect.history().exists());

    Migrator migrator(dialect, folder.load());
    auto report = migrator.upToDate();
    CHECK(report.applied.size() == 2);
    CHECK(columnsOf(db, "drizzle", "__drizzle_migrations") ==
          "id:integer:NO,hash:text:NO,created_at:bigint:YES,name:text:YES,applied_at:bigint:YES");
    CHECK(db.scalar("SELECT string_agg(name, ',' ORDER BY created_at) FROM drizzle.__drizzle_migrations") ==
          "0000_users,0001_seed");
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations WHERE applied_at > 1700000000000") == 2);
    const auto set = folder.load();
    for (const auto& m : set.migrations())
        CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations WHERE hash = '" + m.hash +
                           "' AND created_at = " + std::to_string(m.when)) == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM users") == 1);

    auto statuses = migrator.status();
    REQUIRE(statuses.size() == 2);
    CHECK(statuses[0].state == MigrationState::Applied);
    CHECK(statuses[1].appliedAt.has_value());
}

TEST_CASE("a tracking table created by Drizzle, without the extra columns, is used as it is") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", kUsers).add("0001_seed", kSeed);
    const auto set = folder.load();
    const Migration& first = set.migrations().front();
    // Exactly what drizzle-orm's PostgreSQL migrator runs, then its row for the first migration.
    db.exec("CREATE SCHEMA IF NOT EXISTS \"drizzle\";\n"
            "CREATE TABLE IF NOT EXISTS \"drizzle\".\"__drizzle_migrations\" (\n"
            "\tid SERIAL PRIMARY KEY,\n\thash text NOT NULL,\n\tcreated_at bigint\n)");
    db.exec(kUsers);
    db.exec("INSERT INTO \"drizzle\".\"__drizzle_migrations\" (\"hash\", \"created_at\") VALUES ('" + first.hash +
            "', " + std::to_string(first.when) + ")");

    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, set);
    auto pending = migrator.pending();
    REQUIRE(pending.size() == 1);
    CHECK(pending.front()->tag == "0001_seed");
    auto report = migrator.upToDate();
    REQUIRE(report.applied.size() == 1);
    CHECK(report.applied.front().tag == "0001_seed");

    CHECK(columnsOf(db, "drizzle", "__drizzle_migrations") == "id:integer:NO,hash:text:NO,created_at:bigint:YES");
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 2);
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations WHERE hash = '" + set.migrations()[1].hash +
                       "'") == 1);
    for (const auto& s : migrator.status()) {
        CHECK(s.state == MigrationState::Applied);
        CHECK_FALSE(s.appliedAt.has_value());
    }
}

TEST_CASE("the tracking schema and table are configurable and quoted") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", kUsers);
    postgres::Options options;
    options.trackingSchema = "Ops Schema";
    options.trackingTable = "mig\"rations";
    postgres::Dialect dialect(db.url(), options);
    CHECK(dialect.trackingTableName() == "\"Ops Schema\".\"mig\"\"rations\"");
    CHECK(dialect.lockKey() == postgres::advisoryLockKey("Ops Schema", "mig\"rations"));
    CHECK(dialect.lockKey() != postgres::advisoryLockKey("drizzle", "__drizzle_migrations"));
    Migrator(dialect, folder.load()).upToDate();
    CHECK(db.scalarInt("SELECT count(*) FROM \"Ops Schema\".\"mig\"\"rations\"") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_namespace WHERE nspname = 'drizzle'") == 0);
}

TEST_CASE("the Dialect works on a caller's pqxx::connection and leaves it usable") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", kUsers).add("0001_broken", "INSERT INTO users (nope) VALUES (1);");
    auto connection = db.connect();
    postgres::Dialect dialect(*connection);
    CHECK_THAT(dialect.describe(), Contains(db.name()));
    Migrator migrator(dialect, folder.load());
    CHECK_THROWS_AS(migrator.upToDate(), MigrationFailed);
    // The failed migration's transaction is gone; the caller's connection works.
    pqxx::work tx(*connection);
    CHECK(tx.exec1("SELECT count(*) FROM drizzle.__drizzle_migrations")[0].as<int>() == 1);
    CHECK(tx.exec1("SELECT count(*) FROM users")[0].as<int>() == 0);
    tx.commit();
    CHECK(lockIsFree(db, dialect.lockKey()));
}

TEST_CASE("LockTimeout when another connection holds the advisory lock; nothing is applied") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", kUsers);
    postgres::Dialect dialect(db.url());

    auto holder = db.connect();
    pqxx::nontransaction hold(*holder);
    const int holderPid = hold.exec1("SELECT pg_backend_pid()")[0].as<int>();
    hold.exec_params("SELECT pg_advisory_lock($1)", dialect.lockKey());

    MigratorOptions options;
    options.lockTimeout = 300ms;
    Migrator migrator(dialect, folder.load(), options);
    try {
        migrator.upToDate();
        FAIL("migrated while another session held the lock");
    } catch (const LockTimeout& e) {
        CHECK_THAT(e.what(), Contains(db.name()) && Contains("300 ms") &&
                                 Contains("pid " + std::to_string(holderPid)));
    }
    CHECK(db.scalarInt("SELECT count(*) FROM pg_tables WHERE tablename IN ('users', '__drizzle_migrations')") == 0);

    hold.exec_params("SELECT pg_advisory_unlock($1)", dialect.lockKey());
    CHECK(migrator.upToDate().applied.size() == 1);
}

TEST_CASE("the lock is held on its own connection for the run and released after an error") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", kUsers).add("0001_broken", "SELECT * FROM no_such_table;");
    postgres::Dialect dialect(db.url());
    const std::int64_t key = dialect.lockKey();

    int mainPid = 0;
    {
        pqxx::nontransaction tx(dialect.connection());
        mainPid = tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
    }
    bool heldElsewhere = false;
    std::int64_t lockPid = 0;
    MigratorOptions options;
    options.onEvent = [&](const Event& e) {
        if (e.kind != Event::Kind::Applying) return;
        heldElsewhere = !lockIsFree(db, key);
        lockPid = db.scalarInt(
            "SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
            "database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    };
    Migrator migrator(dialect, folder.load(), options);
    CHECK_THROWS_AS(migrator.upToDate(), MigrationFailed);
    CHECK(heldElsewhere);
    CHECK(lockPid != 0);
    CHECK(lockPid != mainPid);
    CHECK(lockIsFree(db, key));
    // Only the main connection is left.
    CHECK(db.scalarInt("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                       "application_name = 'ob-migrate'") == 1);

    // A second run takes the lock at once.
    MigratorOptions quick;
    quick.lockTimeout = 0ms;
    CHECK_THROWS_AS(Migrator(dialect, folder.load(), quick).upToDate(), MigrationFailed);
    CHECK(lockIsFree(db, key));
}
