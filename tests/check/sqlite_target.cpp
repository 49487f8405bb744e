#include <SQLiteCpp/Database.h>

#include "ob/migrate/sqlite/dialect.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "support.hpp"
#include "target.hpp"

namespace ob::migrate::check_test {

namespace {

class SqliteDatabase final : public Database {
public:
    /// An empty database that exists, like a fresh PostgreSQL database (only migrate creates one).
    SqliteDatabase() : file_(dir_ / "app.db") { exec("SELECT 1"); }
    std::unique_ptr<Dialect> connect() override { return std::make_unique<sqlite::Dialect>(file_.string()); }
    std::vector<std::string> cliArgs() const override { return {"--db-type", "sqlite", "--url", file_.string()}; }
    void exec(const std::string& sql) override {
        SQLite::Database db(file_.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec(sql);
    }

private:
    test::TempDir dir_;
    std::filesystem::path file_;
};

class SqliteTarget final : public Target {
public:
    std::string dialect() const override { return "sqlite"; }
    const SqlRenderer& renderer() const override { return renderer_; }
    std::unique_ptr<Database> freshDatabase() override { return std::make_unique<SqliteDatabase>(); }
    std::vector<std::string> testArgs() const override { return {"--db-type", "sqlite"}; }

private:
    sqlite::Renderer renderer_;
};

}  // namespace

std::unique_ptr<Target> sqliteTarget() { return std::make_unique<SqliteTarget>(); }

}  // namespace ob::migrate::check_test
