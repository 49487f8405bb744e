#include <SQLiteCpp/Database.h>

#include "backend.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

namespace ob::migrate::conformance {

namespace {
class SqliteDatabase final : public Database {
public:
    /// An empty database that exists, like a fresh PostgreSQL database (only migrate creates one).
    SqliteDatabase() : file_((dir_ / "conformance.db").string()) { open(); }

    std::unique_ptr<Dialect> connect() override { return std::make_unique<sqlite::Dialect>(file_); }
    std::vector<std::string> cliArgs() const override { return {"--db-type", "sqlite", "--url", file_}; }
    void exec(const std::string& sql) override { open().exec(sql); }
    long long queryInt(const std::string& sql) override { return open().execAndGet(sql).getInt64(); }
    bool tableExists(const std::string& table) override { return open().tableExists(table); }
    std::string trackingTable() const override { return "\"__drizzle_migrations\""; }

private:
    SQLite::Database open() const {
        SQLite::Database db(file_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.setBusyTimeout(10000);
        return db;
    }

    test::TempDir dir_;
    std::string file_;
};

class SqliteBackend final : public Backend {
public:
    std::string dialect() const override { return "sqlite"; }
    std::unique_ptr<Database> freshDatabase() override { return std::make_unique<SqliteDatabase>(); }
};

const bool registered = registerBackend(std::make_unique<SqliteBackend>());
}  // namespace

}  // namespace ob::migrate::conformance
