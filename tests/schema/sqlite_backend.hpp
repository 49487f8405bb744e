// The SQLite backend of the round-trip scenarios.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>

#include "backend.hpp"
#include "backends.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "ob/migrate/sqlite/renderer.hpp"

namespace ob::migrate::schema_test {

class SqliteBackend final : public Backend {
public:
    /// A fresh SQLite database of the test harness (tests/support/backends.hpp), opened with
    /// foreign keys on.
    SqliteBackend();
    const SqlRenderer& renderer() const override { return renderer_; }
    void migrate(const std::filesystem::path& folder) override;
    void exec(const std::string& sql) override;
    std::string scalar(const std::string& sql) override;
    void requireMatches(const Schema& schema) override;
    SQLite::Database& database() noexcept { return db_; }

private:
    std::unique_ptr<test::TestBackend> fresh_;
    SQLite::Database db_;
    sqlite::Renderer renderer_;
};

}  // namespace ob::migrate::schema_test
