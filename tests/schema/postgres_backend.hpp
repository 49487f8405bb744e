// The PostgreSQL backend of the round-trip scenarios.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "backend.hpp"
#include "backends.hpp"
#include "ob/migrate/postgres/renderer.hpp"

namespace ob::migrate::schema_test {

class PostgresBackend final : public Backend {
public:
    /// A fresh PostgreSQL database of the test harness (tests/support/backends.hpp), dropped by
    /// the destructor; the caller checked test::requireAvailable() first.
    PostgresBackend();
    ~PostgresBackend() override;
    const SqlRenderer& renderer() const override { return renderer_; }
    void migrate(const std::filesystem::path& folder) override;
    void exec(const std::string& sql) override;
    std::string scalar(const std::string& sql) override;
    void requireMatches(const Schema& schema) override;

private:
    std::vector<std::vector<std::string>> rows(const std::string& sql);

    std::unique_ptr<test::TestBackend> fresh_;
    std::unique_ptr<pqxx::connection> connection_;
    postgres::Renderer renderer_;
};

}  // namespace ob::migrate::schema_test
