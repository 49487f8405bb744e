#include "ob/migrate/postgres/renderer.hpp"
#include "pg_scratch.hpp"
#include "target.hpp"

namespace ob::migrate::check_test {

namespace {

class PostgresTarget final : public Target {
public:
    explicit PostgresTarget(std::string server) : server_(std::move(server)) {}
    std::string dialect() const override { return "postgresql"; }
    const SqlRenderer& renderer() const override { return renderer_; }
    std::unique_ptr<Database> freshDatabase() override { return test::backendKind("postgresql").freshDatabase(); }
    std::vector<std::string> testArgs() const override { return {"--db-type", "postgresql", "--url", server_}; }

private:
    std::string server_;
    postgres::Renderer renderer_;
};

}  // namespace

std::unique_ptr<Target> postgresTarget() {
    auto server = test::requirePgServer();
    if (!server) return nullptr;
    return std::make_unique<PostgresTarget>(*server);
}

}  // namespace ob::migrate::check_test
