#include "targets.hpp"

#include <fmt/format.h>

#include <thread>

#ifdef OB_MIGRATE_HAVE_POSTGRES
#include <pqxx/pqxx>

#include "pg_scratch.hpp"
#endif

namespace ob::migrate::test {

std::vector<std::string> DbTarget::migrateCommand(const std::filesystem::path& folder,
                                                  const std::vector<std::string>& extra) const {
    std::vector<std::string> argv{cliPath()};
    for (auto& a : cliArgs()) argv.push_back(a);
    argv.insert(argv.end(), {"--dir", folder.string(), "migrate"});
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
}

namespace {
class SqliteTarget final : public DbTarget {
public:
    SqliteTarget() { reset(); }
    std::string dialect() const override { return "sqlite"; }
    void reset() override { path_ = (dir_.path() / fmt::format("db-{}.sqlite", ++count_)).string(); }
    std::vector<std::string> cliArgs() const override { return {"--db-type", "sqlite", "--url", path_}; }
    std::unique_ptr<Inspector> inspector() const override { return sqliteInspector(path_); }

private:
    TempDir dir_;
    std::string path_;
    int count_ = 0;
};

#ifdef OB_MIGRATE_HAVE_POSTGRES
class PostgresTarget final : public DbTarget {
public:
    explicit PostgresTarget(std::string server) : server_(std::move(server)) { reset(); }
    std::string dialect() const override { return "postgresql"; }
    void reset() override {
        db_.reset();
        db_ = std::make_unique<ScratchDatabase>(server_);
    }
    void settle() override {
        // A killed client's backend may still be finishing a statement (and then rolls back).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (db_->scalarInt("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                              "AND pid <> pg_backend_pid()") > 0) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("a killed ob-migrate's server session did not end within 60 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    std::vector<std::string> cliArgs() const override { return {"--db-type", "postgresql", "--url", db_->url()}; }
    std::unique_ptr<Inspector> inspector() const override { return postgresInspector(db_->url()); }

private:
    std::string server_;
    std::unique_ptr<ScratchDatabase> db_;
};
#endif
}  // namespace

std::unique_ptr<DbTarget> sqliteTarget() { return std::make_unique<SqliteTarget>(); }

#ifdef OB_MIGRATE_HAVE_POSTGRES
std::unique_ptr<DbTarget> postgresTarget(const std::string& serverUrl) {
    return std::make_unique<PostgresTarget>(serverUrl);
}
#endif

}  // namespace ob::migrate::test
