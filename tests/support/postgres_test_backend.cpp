// The PostgreSQL test backend: a scratch database on the OB_MIGRATE_TEST_PG_URL server, dropped
// (WITH (FORCE)) with it.
#include <pqxx/pqxx>

#include <stdexcept>

#include "backends.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"

namespace ob::migrate::test {

namespace {
class PostgresTestBackend final : public TestBackend {
public:
    explicit PostgresTestBackend(const std::string& serverUrl) : db_(serverUrl) {}

    std::string dialect() const override { return "postgresql"; }
    std::string url() const override { return db_.url(); }
    std::unique_ptr<Driver> connect() const override { return std::make_unique<postgres::Dialect>(db_.url()); }
    void exec(const std::string& sql) const override { db_.exec(sql); }
    std::optional<std::string> scalar(const std::string& sql) const override {
        auto connection = db_.connect();
        pqxx::nontransaction tx(*connection);
        pqxx::result r = tx.exec(sql);
        if (r.empty()) throw std::runtime_error("no row from: " + sql);
        if (r[0][0].is_null()) return std::nullopt;
        return r[0][0].as<std::string>();
    }
    bool tableExists(const std::string& table) const override {
        auto connection = db_.connect();
        pqxx::nontransaction tx(*connection);
        return tx.exec_params1("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                               "AND tablename = $1",
                               table)[0]
                   .as<long long>() > 0;
    }
    std::string trackingTable() const override { return "\"drizzle\".\"__drizzle_migrations\""; }

private:
    ScratchDatabase db_;
};

class PostgresKind final : public BackendKind {
public:
    std::string dialect() const override { return "postgresql"; }
    std::string unavailableReason() const override { return pgUnavailableReason(); }
    std::unique_ptr<TestBackend> freshDatabase() const override {
        return std::make_unique<PostgresTestBackend>(pgServerUrl().value());
    }
};
}  // namespace

const BackendKind& postgresBackendKind() {
    static const PostgresKind kind;
    return kind;
}

}  // namespace ob::migrate::test
