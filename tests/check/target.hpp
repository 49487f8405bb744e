// A database kind the check tests run on: fresh databases, hand-written SQL, CLI arguments, and
// the renderer that generates its migration folders.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ob/migrate/dialect.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::check_test {

class Database {
public:
    virtual ~Database() = default;
    /// A new connection.
    virtual std::unique_ptr<Dialect> connect() = 0;
    /// `--db-type ... --url ...` for the CLI.
    virtual std::vector<std::string> cliArgs() const = 0;
    /// Runs SQL written by hand (several statements allowed) on its own connection.
    virtual void exec(const std::string& sql) = 0;
};

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
/// (after FAILing in CI, or WARNing elsewhere).
std::unique_ptr<Target> postgresTarget();

}  // namespace ob::migrate::check_test
