// The SQLite test backend: a database file in a temp dir of its own, removed with it.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <stdexcept>

#include "backends.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

namespace ob::migrate::test {

namespace {
class SqliteTestBackend final : public TestBackend {
public:
    /// An empty database that exists, like a fresh PostgreSQL database (only migrate creates one).
    SqliteTestBackend() : file_((dir_ / "test.db").string()) { open(); }

    std::string dialect() const override { return "sqlite"; }
    std::string url() const override { return file_; }
    std::unique_ptr<Driver> connect() const override { return std::make_unique<sqlite::Dialect>(file_); }
    void exec(const std::string& sql) const override { open().exec(sql); }
    std::optional<std::string> scalar(const std::string& sql) const override {
        SQLite::Database db = open();
        SQLite::Statement query(db, sql);
        if (!query.executeStep()) throw std::runtime_error("no row from: " + sql);
        if (query.getColumn(0).isNull()) return std::nullopt;
        return query.getColumn(0).getString();
    }
    bool tableExists(const std::string& table) const override { return open().tableExists(table); }
    std::string trackingTable() const override { return "\"__drizzle_migrations\""; }

private:
    SQLite::Database open() const {
        SQLite::Database db(file_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.setBusyTimeout(10000);
        return db;
    }

    TempDir dir_;
    std::string file_;
};

class SqliteKind final : public BackendKind {
public:
    std::string dialect() const override { return "sqlite"; }
    std::unique_ptr<TestBackend> freshDatabase() const override { return std::make_unique<SqliteTestBackend>(); }
};
}  // namespace

const BackendKind& sqliteBackendKind() {
    static const SqliteKind kind;
    return kind;
}

}  // namespace ob::migrate::test
