#include "ob/migrate/sqlite/renderer.hpp"
#include "target.hpp"

namespace ob::migrate::check_test {

namespace {

class SqliteTarget final : public Target {
public:
    std::string dialect() const override { return "sqlite"; }
    const SqlRenderer& renderer() const override { return renderer_; }
    std::unique_ptr<Database> freshDatabase() override { return test::backendKind("sqlite").freshDatabase(); }
    std::vector<std::string> testArgs() const override { return {"--db-type", "sqlite"}; }

private:
    sqlite::Renderer renderer_;
};

}  // namespace

std::unique_ptr<Target> sqliteTarget() { return std::make_unique<SqliteTarget>(); }

}  // namespace ob::migrate::check_test
