// A database kind the check tests run on: fresh databases, hand-written SQL, CLI arguments, and
// the renderer that generates its migration folders.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backends.hpp"
#include "ob/migrate/dialect.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::check_test {

/// A fresh database of the test backend harness (tests/support/backends.hpp).
using Database = test::TestBackend;

class Target {
public:
    virtual ~Target() = default;
    virtual std::string dialect() const = 0;
    virtual const SqlRenderer& renderer() const = 0;
    /// A fresh, empty database.
    virtual std::unique_ptr<Database> freshDatabase() = 0;
    /// CLI arguments for `ob-migrate test` (the scratch server for PostgreSQL).
    virtual std::vector<std::string> testArgs() const = 0;
};

/// The SQLite target (files in a temporary directory).
std::unique_ptr<Target> sqliteTarget();
/// The PostgreSQL target on the OB_MIGRATE_TEST_PG_URL server, or nullptr when there is none
/// (after test::requireAvailable() FAILed in CI, or skipped the test elsewhere).
std::unique_ptr<Target> postgresTarget();

}  // namespace ob::migrate::check_test
