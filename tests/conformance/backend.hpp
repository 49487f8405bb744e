// The conformance suite runs the same Migrator tests on every backend. A backend provides fresh
// databases; each database gives new Dialect connections, CLI arguments and a few queries.
//
// To add a backend: implement Backend in <name>_backend.cpp and register it with
//   static const bool registered = ob::migrate::conformance::registerBackend(std::make_unique<MyBackend>());
// then add the file to the conformance_tests sources in CMakeLists.txt.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ob/migrate/dialect.hpp"

namespace ob::migrate::conformance {

class Database {
public:
    virtual ~Database() = default;
    /// A new connection (Dialect) to this database.
    virtual std::unique_ptr<Dialect> connect() = 0;
    /// `--db-type ... --url ...` for the ob-migrate CLI.
    virtual std::vector<std::string> cliArgs() const = 0;
    /// Runs SQL on a separate connection.
    virtual void exec(const std::string& sql) = 0;
    /// First column of the first row of a query, as an integer.
    virtual long long queryInt(const std::string& sql) = 0;
    /// Whether a table exists (in the default schema).
    virtual bool tableExists(const std::string& table) = 0;
    /// SQL that reads the tracking table, e.g. `"__drizzle_migrations"` or `"drizzle"."__drizzle_migrations"`.
    virtual std::string trackingTable() const = 0;
};

class Backend {
public:
    virtual ~Backend() = default;
    /// The journal dialect: "sqlite" or "postgresql".
    virtual std::string dialect() const = 0;
    /// Empty when the backend can run here; otherwise why not (a missing server URL...).
    virtual std::string unavailableReason() const { return {}; }
    virtual std::unique_ptr<Database> freshDatabase() = 0;
};

bool registerBackend(std::unique_ptr<Backend> backend);
const std::vector<std::unique_ptr<Backend>>& backends();

}  // namespace ob::migrate::conformance
