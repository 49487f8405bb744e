// Scratch PostgreSQL databases for tests (the PostgreSQL half of backends.hpp): each test gets a fresh, randomly named database on the
// server named by OB_MIGRATE_TEST_PG_URL, dropped (WITH (FORCE)) when the test ends.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <pqxx/connection>

namespace ob::migrate::test {

/// The environment variable that names the test server.
inline constexpr const char* kPgUrlVariable = "OB_MIGRATE_TEST_PG_URL";

/// OB_MIGRATE_TEST_PG_URL, or nullopt when unset or empty.
std::optional<std::string> pgServerUrl();

/// Why PostgreSQL tests cannot run here (empty when they can).
std::string pgUnavailableReason();

/// For a Catch2 test case: the server URL, or nullopt after requireAvailable() (backends.hpp)
/// FAILed (env CI set) or skipped the test. `auto server = requirePgServer(); if (!server) return;`
std::optional<std::string> requirePgServer();

/// True once a test was skipped for want of a backend in this process (skippedBackends()).
bool pgTestsSkipped();

/// `url` (postgresql:// URL or libpq keyword string) pointing at `database` instead.
std::string withDatabase(const std::string& url, const std::string& database);

class ScratchDatabase {
public:
    /// Creates `ob_migrate_test_<random>` on the server at `serverUrl`.
    explicit ScratchDatabase(std::string serverUrl);
    /// Drops the database WITH (FORCE); never throws.
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    const std::string& name() const noexcept { return name_; }
    /// A URL for the scratch database, in the form of the server URL.
    const std::string& url() const noexcept { return url_; }

    /// A new connection to the scratch database.
    std::unique_ptr<pqxx::connection> connect() const;
    /// Runs `sql` (several statements allowed) in autocommit on a new connection.
    void exec(const std::string& sql) const;
    /// First column of the first row of `sql`, as text ("" for NULL); throws when no row.
    std::string scalar(const std::string& sql) const;
    long long scalarInt(const std::string& sql) const;

private:
    std::string serverUrl_, name_, url_;
};

}  // namespace ob::migrate::test
