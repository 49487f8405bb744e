// Exactly once when the migration lock's session dies: the server ends the idle connection that
// holds the advisory lock (pg_terminate_backend here; an idle timeout or a failover in real
// life), a second run takes the lock, and the first must notice before it commits anything more.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <thread>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;

namespace {
/// Every migration leaves one row per run that applied it.
void addHits(test::PgFolder& folder) {
    folder.add("0000_hits", "CREATE TABLE hits (tag text NOT NULL);\n--> statement-breakpoint\n"
                            "INSERT INTO hits VALUES ('0000');")
        .add("0001_one", "INSERT INTO hits VALUES ('0001');")
        .add("0002_two", "INSERT INTO hits VALUES ('0002');");
}

/// The backend pid holding the session-level advisory lock `key`, 0 when none does.
long long lockHolder(const test::ScratchDatabase& db, std::int64_t key) {
    const auto bits = static_cast<std::uint64_t>(key);
    return db.scalarInt("SELECT coalesce(max(pid), 0) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                        "AND objsubid = 1 AND classid::bigint = " + std::to_string(bits >> 32) +
                        " AND objid::bigint = " + std::to_string(bits & 0xffffffffu));
}

/// Ends that backend and waits (up to 10 s, server side) until it is gone.
void terminate(const test::ScratchDatabase& db, long long pid) {
    REQUIRE(pid != 0);
    REQUIRE(db.scalar("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 10000)") == "t");
}

/// The LockLost message of a run, or "(no LockLost)".
std::string lockLostOf(Migrator& migrator) {
    try {
        migrator.upToDate();
    } catch (const LockLost& e) {
        return e.what();
    }
    return "(no LockLost)";
}

/// A second run on its own connection: the tags it applied.
std::vector<std::string> otherRun(const test::ScratchDatabase& db, const test::PgFolder& folder) {
    postgres::Dialect b(db.url());
    std::vector<std::string> tags;
    for (const auto& m : Migrator(b, folder.load()).upToDate().applied) tags.push_back(m.tag);
    return tags;
}

/// A stopped at 0001 with nothing of it applied, B applied the rest, each exactly once.
void requireStoppedAtOneAndAppliedOnce(const std::string& errorOfA, const std::vector<std::string>& appliedByB,
                                       const test::ScratchDatabase& db) {
    CHECK_THAT(errorOfA, Contains("the migration lock on") && Contains("was lost"));
    CHECK_THAT(errorOfA, Contains("stopped at migration 0001_one: it was rolled back; nothing of it was applied"));
    CHECK_THAT(errorOfA, Contains("applied before it in this run: 0000_hits"));
    CHECK(appliedByB == std::vector<std::string>{"0001_one", "0002_two"});
    for (const char* tag : {"0000", "0001", "0002"})
        CHECK(db.scalarInt(std::string("SELECT count(*) FROM hits WHERE tag = '") + tag + "'") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 3);
}
}  // namespace

TEST_CASE("a lock lost between migrations stops the run before the next one; the other run applies each once") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    addHits(folder);
    postgres::Dialect a(db.url());
    std::vector<std::string> appliedByB;
    MigratorOptions options;
    options.onEvent = [&](const Event& e) {
        if (e.kind != Event::Kind::Applied || e.tag != "0000_hits") return;
        terminate(db, lockHolder(db, a.lockKey()));
        appliedByB = otherRun(db, folder);
    };
    Migrator migrator(a, folder.load(), options);
    requireStoppedAtOneAndAppliedOnce(lockLostOf(migrator), appliedByB, db);
}

TEST_CASE("a lock lost inside a migration's transaction: it is rolled back, the other run applies it once") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    addHits(folder);
    postgres::Dialect a(db.url());
    std::thread other;
    std::vector<std::string> appliedByB;
    std::string errorOfB;
    MigratorOptions options;
    options.onEvent = [&](const Event& e) {
        if (e.kind != Event::Kind::Applying || e.tag != "0001_one") return;
        // A's transaction for 0001 is open: B takes the lock and must wait for that transaction.
        terminate(db, lockHolder(db, a.lockKey()));
        other = std::thread([&] {
            try {
                appliedByB = otherRun(db, folder);
            } catch (const std::exception& x) {
                errorOfB = x.what();
            }
        });
    };
    Migrator migrator(a, folder.load(), options);
    const std::string errorOfA = lockLostOf(migrator);
    if (other.joinable()) other.join();
    CHECK(errorOfB.empty());
    requireStoppedAtOneAndAppliedOnce(errorOfA, appliedByB, db);
}

TEST_CASE("a lock lost before a no-transaction migration stops the run before its statements run") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_items", "CREATE TABLE items (x integer);")
        .add("0001_index", "-- ob-migrate: no-transaction\nCREATE INDEX CONCURRENTLY items_x_idx ON items (x);");
    postgres::Dialect a(db.url());
    MigratorOptions options;
    options.onEvent = [&](const Event& e) {
        if (e.kind == Event::Kind::Applied && e.tag == "0000_items") terminate(db, lockHolder(db, a.lockKey()));
    };
    Migrator migrator(a, folder.load(), options);
    CHECK_THAT(lockLostOf(migrator), Contains("stopped at migration 0001_index: none of its statements had run; nothing of it was applied"));
    CHECK(db.scalarInt("SELECT count(*) FROM pg_indexes WHERE indexname = 'items_x_idx'") == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 1);
}

TEST_CASE("a lock connection lost while waiting for the lock: a clear error, nothing applied") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    addHits(folder);
    postgres::Dialect holder(db.url());
    auto held = holder.lock(std::chrono::seconds(5));
    const long long holderPid = lockHolder(db, holder.lockKey());

    std::string error;
    std::thread waiter([&] {
        try {
            postgres::Options o;
            o.lockPollInterval = std::chrono::milliseconds(20);
            postgres::Dialect b(db.url(), o);
            MigratorOptions mo;
            mo.lockTimeout = std::chrono::minutes(2);
            Migrator(b, folder.load(), mo).upToDate();
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    // The waiter's lock connection polls pg_try_advisory_lock: find it and end it.
    long long pid = 0;
    for (int i = 0; i < 1000 && pid == 0; ++i) {
        pid = db.scalarInt("SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND query LIKE '%pg_try_advisory_lock%' AND pid <> pg_backend_pid() AND pid <> " +
                           std::to_string(holderPid));
        if (pid == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    terminate(db, pid);
    waiter.join();
    held.reset();
    CHECK_THAT(error, Contains("while waiting for the migration lock") && Contains("nothing was applied"));
    CHECK(db.scalarInt("SELECT count(*) FROM pg_tables WHERE tablename = 'hits'") == 0);
}
