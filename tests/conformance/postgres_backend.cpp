#include "backend.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_scratch.hpp"

namespace ob::migrate::conformance {

namespace {
class PostgresDatabase final : public Database {
public:
    explicit PostgresDatabase(const std::string& serverUrl) : db_(serverUrl) {}

    std::unique_ptr<Dialect> connect() override { return std::make_unique<postgres::Dialect>(db_.url()); }
    std::vector<std::string> cliArgs() const override { return {"--db-type", "postgresql", "--url", db_.url()}; }
    void exec(const std::string& sql) override { db_.exec(sql); }
    long long queryInt(const std::string& sql) override { return db_.scalarInt(sql); }
    bool tableExists(const std::string& table) override {
        return db_.scalarInt("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                             "AND tablename = '" + table + "'") > 0;
    }
    std::string trackingTable() const override { return "\"drizzle\".\"__drizzle_migrations\""; }

private:
    test::ScratchDatabase db_;
};

class PostgresBackend final : public Backend {
public:
    std::string dialect() const override { return "postgresql"; }
    std::string unavailableReason() const override { return test::pgUnavailableReason(); }
    std::unique_ptr<Database> freshDatabase() override {
        return std::make_unique<PostgresDatabase>(test::pgServerUrl().value());
    }
};

const bool registered = registerBackend(std::make_unique<PostgresBackend>());
}  // namespace

}  // namespace ob::migrate::conformance
