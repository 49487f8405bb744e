#include <catch2/catch.hpp>

#include <cstdlib>
#include <pqxx/pqxx>

#include "ob/migrate/postgres/dialect.hpp"
#include "ob/migrate/postgres/renderer.hpp"
#include "ob/migrate/postgres/scratch_database.hpp"
#include "pg_skip.hpp"
#include "target.hpp"

namespace ob::migrate::check_test {

namespace {

class PostgresDatabase final : public Database {
public:
    explicit PostgresDatabase(const std::string& server) : db_(server) {}
    std::unique_ptr<Dialect> connect() override {
        return std::make_unique<postgres::Dialect>(db_.connectionString());
    }
    std::vector<std::string> cliArgs() const override {
        return {"--db-type", "postgresql", "--url", db_.connectionString()};
    }
    void exec(const std::string& sql) override {
        pqxx::connection c(db_.connectionString());
        pqxx::nontransaction tx(c);
        tx.exec(sql);
    }

private:
    postgres::ScratchDatabase db_;
};

class PostgresTarget final : public Target {
public:
    explicit PostgresTarget(std::string server) : server_(std::move(server)) {}
    std::string dialect() const override { return "postgresql"; }
    const SqlRenderer& renderer() const override { return renderer_; }
    std::unique_ptr<Database> freshDatabase() override { return std::make_unique<PostgresDatabase>(server_); }
    std::vector<std::string> testArgs() const override { return {"--db-type", "postgresql", "--url", server_}; }

private:
    std::string server_;
    postgres::Renderer renderer_;
};

}  // namespace

std::unique_ptr<Target> postgresTarget() {
    auto server = requirePgServer();
    if (!server) return nullptr;
    return std::make_unique<PostgresTarget>(*server);
}

}  // namespace ob::migrate::check_test
