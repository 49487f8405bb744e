// The one test backend harness: a fresh, empty database of each backend for a test (a SQLite file
// in a temp dir, a scratch PostgreSQL database on OB_MIGRATE_TEST_PG_URL), new Driver connections
// to it, raw SQL for assertions, and cleanup when the TestBackend goes. A backend that cannot run
// here FAILs the test in CI (env CI set) and is skipped visibly elsewhere (a WARN, and the
// OB_MIGRATE_POSTGRES_SKIPPED marker of pg_skip_listener.cpp).
//
//   forEachBackend([](const BackendKind& kind) {
//       auto db = kind.freshDatabase();
//       auto driver = db->connect();
//       ...
//       CHECK(db->queryInt("SELECT count(*) FROM users") == 1);
//   });
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ob/migrate/driver.hpp"

namespace ob::migrate::test {

/// One fresh database for one test; removed (file deleted, database dropped) by the destructor.
class TestBackend {
public:
    virtual ~TestBackend() = default;
    /// The journal dialect: "sqlite" or "postgresql".
    virtual std::string dialect() const = 0;
    /// What `--url` takes: the SQLite file's path, the PostgreSQL database's URL.
    virtual std::string url() const = 0;
    /// `--db-type <dialect> --url <url>` for the ob-migrate CLI.
    std::vector<std::string> cliArgs() const { return {"--db-type", dialect(), "--url", url()}; }
    /// A new connection (Driver); call again for a second connection to the same database.
    virtual std::unique_ptr<Driver> connect() const = 0;
    /// Runs SQL written by hand (several statements allowed) on a connection of its own.
    virtual void exec(const std::string& sql) const = 0;
    /// First column of the first row of `sql` (nullopt for NULL); throws when there is no row.
    virtual std::optional<std::string> scalar(const std::string& sql) const = 0;
    /// scalar() as an integer.
    long long queryInt(const std::string& sql) const;
    /// Whether `table` exists in the default schema.
    virtual bool tableExists(const std::string& table) const = 0;
    /// SQL naming the tracking table: `"__drizzle_migrations"`, `"drizzle"."__drizzle_migrations"`.
    virtual std::string trackingTable() const = 0;
};

/// A backend the tests can run on, and its fresh databases.
class BackendKind {
public:
    virtual ~BackendKind() = default;
    virtual std::string dialect() const = 0;
    /// Empty when the backend can run here; otherwise why not (a missing server URL...).
    virtual std::string unavailableReason() const { return {}; }
    /// A fresh, empty database (SQLite: the file exists, like a new PostgreSQL database).
    virtual std::unique_ptr<TestBackend> freshDatabase() const = 0;
};

/// Every backend this build knows: SQLite, and PostgreSQL when the tests are built with it.
const std::vector<const BackendKind*>& backendKinds();
/// The backend of `dialect` ("sqlite", "postgresql"); throws when this build has none.
const BackendKind& backendKind(const std::string& dialect);

/// For a Catch2 test: true when `reason` is empty; otherwise FAILs in CI, or WARNs and notes the
/// skip (skippedBackends()) elsewhere, and returns false.
bool requireAvailable(const std::string& what, const std::string& reason);
/// requireAvailable() for `kind` (its dialect, its unavailableReason()).
bool requireAvailable(const BackendKind& kind);
/// True once requireAvailable() skipped something in this process.
bool skippedBackends();

/// A fresh database of `dialect`, or nullptr after requireAvailable() refused it.
/// `auto db = requireBackend("postgresql"); if (!db) return;`
std::unique_ptr<TestBackend> requireBackend(const std::string& dialect);

/// Runs `body` once per backend, each in its own DYNAMIC_SECTION "backend <dialect>"; a backend
/// that cannot run here goes through requireAvailable().
void forEachBackend(const std::function<void(const BackendKind&)>& body);

}  // namespace ob::migrate::test
