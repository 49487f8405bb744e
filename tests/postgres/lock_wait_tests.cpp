// The lock-wait guard on a real server: a migration that would queue behind a long reader gives
// up after the lock timeout, lets the other sessions through, and is retried until it gets in.
#include <catch2/catch.hpp>
#include <pqxx/pqxx>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
using Clock = std::chrono::steady_clock;

/// A session that opened a transaction and read `table` (holding ACCESS SHARE until release()).
class Reader {
public:
    Reader(const test::ScratchDatabase& db, const std::string& sql) : conn_(db.connect()) {
        pqxx::nontransaction tx(*conn_);
        tx.exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
        tx.exec(sql);
        pid_ = conn_->backendpid();
    }
    void release() {
        if (!open_) return;
        pqxx::nontransaction tx(*conn_);
        tx.exec("COMMIT");
        open_ = false;
    }
    int pid() const { return pid_; }

private:
    std::unique_ptr<pqxx::connection> conn_;
    int pid_ = 0;
    bool open_ = true;
};

/// Inserts into `items` in a loop on its own connection, counting the inserts done.
class Writer {
public:
    explicit Writer(const test::ScratchDatabase& db) : conn_(db.connect()) {
        thread_ = std::thread([this] {
            while (!stop_) {
                pqxx::nontransaction tx(*conn_);
                tx.exec("INSERT INTO items (x) VALUES (1)");
                ++done_;
                std::this_thread::sleep_for(5ms);
            }
        });
    }
    ~Writer() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    long long done() const { return done_; }

private:
    std::unique_ptr<pqxx::connection> conn_;
    std::atomic<bool> stop_{false};
    std::atomic<long long> done_{0};
    std::thread thread_;
};

struct Waits {
    std::mutex mutex;
    std::vector<Event> events;
    void add(const Event& e) {
        std::lock_guard<std::mutex> lock(mutex);
        if (e.kind == Event::Kind::WaitingForLock) events.push_back(e);
    }
    std::size_t count() {
        std::lock_guard<std::mutex> lock(mutex);
        return events.size();
    }
};

MigratorOptions guarded(Waits& waits, std::size_t attempts) {
    MigratorOptions options;
    options.ddlLockTimeout = 200ms;
    options.ddlAttempts = attempts;
    options.ddlRetryBackoff = 20ms;
    options.onEvent = [&waits](const Event& e) { waits.add(e); };
    return options;
}

bool columnExists(const test::ScratchDatabase& db, const std::string& column) {
    return db.scalarInt("SELECT count(*) FROM information_schema.columns WHERE table_name = 'items' AND "
                        "column_name = '" + column + "'") == 1;
}
}  // namespace

TEST_CASE("lock-wait guard: a migration behind a long reader retries and lets writers through") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    db.exec("CREATE TABLE items (id serial PRIMARY KEY, x integer NOT NULL)");
    test::PgFolder folder;
    folder.add("0000_add_note", "ALTER TABLE items ADD COLUMN note text;");

    Reader reader(db, "SELECT count(*) FROM items");
    Writer writer(db);
    Waits waits;
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load(), guarded(waits, 1000));

    std::atomic<long long> writesWhileWaiting{-1};
    std::thread releaser([&] {
        // Once the migration has given up twice, the writer must still be getting through.
        while (waits.count() < 2) std::this_thread::sleep_for(5ms);
        const long long before = writer.done();
        while (waits.count() < 4) std::this_thread::sleep_for(5ms);
        writesWhileWaiting = writer.done() - before;
        reader.release();
    });
    Report report = migrator.upToDate();
    releaser.join();
    writer.stop();

    REQUIRE(report.applied.size() == 1);
    CHECK(columnExists(db, "note"));
    CHECK(writesWhileWaiting > 0);  // without the guard the ALTER's queue blocks every insert
    REQUIRE(waits.count() >= 4);
    const Event& first = waits.events.front();
    CHECK(first.tag == "0000_add_note");
    CHECK(first.attempt == 1);
    CHECK(first.attempts == 1000);
    CHECK_THAT(first.message, Contains("\"items\" held by pid " + std::to_string(reader.pid())));
    CHECK_THAT(first.message, Contains("idle in transaction"));
    CHECK_THAT(first.message, Contains("SELECT count(*) FROM items"));
}

TEST_CASE("lock-wait guard: when the attempts run out, nothing is applied and the error names the holder") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    db.exec("CREATE TABLE items (id serial PRIMARY KEY, x integer NOT NULL)");
    test::PgFolder folder;
    folder.add("0000_add_note", "ALTER TABLE items ADD COLUMN note text;")
        .add("0001_add_more", "ALTER TABLE items ADD COLUMN more text;");
    Reader reader(db, "SELECT * FROM items");

    for (std::size_t attempts : {std::size_t(1), std::size_t(3)}) {
        Waits waits;
        postgres::Dialect dialect(db.url());
        Migrator migrator(dialect, folder.load(), guarded(waits, attempts));
        try {
            migrator.upToDate();
            FAIL("the migration did not give up");
        } catch (const MigrationFailed& e) {
            CHECK(e.tag() == "0000_add_note");
            CHECK(e.details().lockWait);
            CHECK(e.details().attempts == attempts);
            CHECK(e.sqlState() == "55P03");
            CHECK_THAT(e.what(), Contains("gave up waiting for a lock after " + std::to_string(attempts)));
            CHECK_THAT(e.what(), Contains("attempt(s); \"items\" held by pid " + std::to_string(reader.pid())));
            CHECK_THAT(e.what(), Contains("nothing of it was applied"));
        }
        CHECK(waits.count() == attempts - 1);
        CHECK_FALSE(columnExists(db, "note"));
        CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 0);
    }
    reader.release();
}

TEST_CASE("lock-wait guard: a CREATE INDEX CONCURRENTLY that gave up leaves no INVALID index behind") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    db.exec("CREATE TABLE items (id serial PRIMARY KEY, x integer NOT NULL)");
    db.exec("INSERT INTO items (x) SELECT g FROM generate_series(1, 100) g");
    test::PgFolder folder;
    folder.add("0000_index",
               "-- ob-migrate: no-transaction\nCREATE INDEX CONCURRENTLY \"items_x_idx\" ON \"items\" (\"x\");");

    // An open snapshot: the index build waits for it, gives up, and leaves the index INVALID.
    Reader reader(db, "SELECT count(*) FROM items");
    Waits waits;
    std::atomic<long long> invalidSeen{-1};
    std::thread releaser([&] {
        while (waits.count() < 2) std::this_thread::sleep_for(5ms);
        // A failed attempt leaves the index INVALID; the guard drops it before trying again.
        invalidSeen = db.scalarInt(
            "SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('items_x_idx') AND NOT indisvalid");
        reader.release();
    });
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load(), guarded(waits, 1000));
    Report report;
    std::string error;
    try {
        report = migrator.upToDate();
    } catch (const Error& e) {
        error = e.what();
        while (waits.count() < 2) waits.add(Event{Event::Kind::WaitingForLock, "", "", {}, 0, 0});
    }
    releaser.join();
    INFO(error);
    REQUIRE(report.applied.size() == 1);
    CHECK(waits.count() >= 2);
    CHECK(invalidSeen == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_index WHERE NOT indisvalid") == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_index WHERE indexrelid = to_regclass('items_x_idx') AND indisvalid") ==
          1);
    // The session's own settings are back after the migration.
    CHECK(pqxx::nontransaction(dialect.connection()).exec1("SHOW lock_timeout")[0].as<std::string>() == "0");
}

TEST_CASE("lock-wait guard: zero disables it, and the limits never leak into the caller's session") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    db.exec("CREATE TABLE items (id serial PRIMARY KEY, x integer NOT NULL)");
    test::PgFolder folder;
    folder.add("0000_add_note", "ALTER TABLE items ADD COLUMN note text;");
    Reader reader(db, "SELECT * FROM items");
    Waits waits;
    MigratorOptions options = guarded(waits, 5);
    options.ddlLockTimeout = 0ms;  // waits as long as it takes, like Drizzle
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load(), options);
    std::thread releaser([&] {
        // The ALTER is queued behind the reader: pg_blocking_pids shows it waiting.
        while (db.scalarInt("SELECT count(*) FROM pg_stat_activity WHERE cardinality(pg_blocking_pids(pid)) > 0 "
                            "AND query LIKE 'ALTER TABLE items%'") == 0)
            std::this_thread::sleep_for(10ms);
        reader.release();
    });
    migrator.upToDate();
    releaser.join();
    CHECK(waits.count() == 0);
    CHECK(columnExists(db, "note"));
    pqxx::nontransaction tx(dialect.connection());
    CHECK(tx.exec1("SHOW lock_timeout")[0].as<std::string>() == "0");
    CHECK(tx.exec1("SHOW statement_timeout")[0].as<std::string>() == "0");
}

TEST_CASE("lock-wait guard: a statement timeout fails the migration without retrying") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_slow", "CREATE TABLE a (id int);\n--> statement-breakpoint\nSELECT pg_sleep(5);");
    Waits waits;
    MigratorOptions options = guarded(waits, 5);
    options.statementTimeout = 100ms;
    postgres::Dialect dialect(db.url());
    Migrator migrator(dialect, folder.load(), options);
    try {
        migrator.upToDate();
        FAIL("no timeout");
    } catch (const MigrationFailed& e) {
        CHECK(e.sqlState() == "57014");
        CHECK(e.statementIndex() == 2);
        CHECK_FALSE(e.details().lockWait);
    }
    CHECK(waits.count() == 0);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_tables WHERE tablename = 'a'") == 0);
}

TEST_CASE("lock-wait guard: the CLI prints each retry naming the blocker, and exits 1 when they run out") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    db.exec("CREATE TABLE items (id serial PRIMARY KEY, x integer NOT NULL)");
    test::PgFolder folder;
    folder.add("0000_add_note", "ALTER TABLE items ADD COLUMN note text;");
    Reader reader(db, "SELECT * FROM items");
    const std::vector<std::string> base{test::cliPath(), "--db-type", "postgresql", "--url", db.url(), "--dir",
                                        folder.path(), "migrate", "--ddl-lock-timeout", "100"};

    auto once = base;
    once.insert(once.end(), {"--ddl-retries", "1"});
    auto r = test::runProcess(once);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.err, Contains("\"items\" held by pid " + std::to_string(reader.pid())));
    CHECK_THAT(r.err, Contains("gave up waiting for a lock after 1 attempt"));
    CHECK_FALSE(columnExists(db, "note"));

    auto thrice = base;
    thrice.insert(thrice.end(), {"--ddl-retries", "3"});
    r = test::runProcess(thrice);
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.err, Contains("waiting for a lock on \"items\" held by pid " + std::to_string(reader.pid())));
    CHECK_THAT(r.err, Contains("attempt 2/3 (0000_add_note)"));
    CHECK_THAT(r.err, Contains("attempt 3/3 (0000_add_note)"));

    auto negative = base;
    negative.insert(negative.end(), {"--ddl-retries", "-1"});
    CHECK(test::runProcess(negative).exitCode == 2);

    reader.release();
    auto ok = base;
    ok.insert(ok.end(), {"--ddl-retries", "3"});
    r = test::runProcess(ok);
    INFO(r.err);
    CHECK(r.exitCode == 0);
    CHECK(columnExists(db, "note"));
}
