#include "targets.hpp"

#include <thread>

#include "backends.hpp"

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
/// A target over the test harness's fresh databases (tests/support/backends.hpp): reset() drops the
/// database and takes a new one.
class HarnessTarget : public DbTarget {
public:
    explicit HarnessTarget(const std::string& dialect) : kind_(backendKind(dialect)) { reset(); }
    std::string dialect() const override { return kind_.dialect(); }
    void reset() override {
        db_.reset();
        db_ = kind_.freshDatabase();
    }
    std::vector<std::string> cliArgs() const override { return db_->cliArgs(); }

protected:
    const BackendKind& kind_;
    std::unique_ptr<TestBackend> db_;
};

class SqliteTarget final : public HarnessTarget {
public:
    SqliteTarget() : HarnessTarget("sqlite") {}
    std::unique_ptr<Inspector> inspector() const override { return sqliteInspector(db_->url()); }
};

#ifdef OB_MIGRATE_HAVE_POSTGRES
class PostgresTarget final : public HarnessTarget {
public:
    PostgresTarget() : HarnessTarget("postgresql") {}
    void settle() override {
        // A killed client's backend may still be finishing a statement (and then rolls back).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (db_->queryInt("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                             "AND pid <> pg_backend_pid()") > 0) {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("a killed ob-migrate's server session did not end within 60 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    std::unique_ptr<Inspector> inspector() const override { return postgresInspector(db_->url()); }
};
#endif
}  // namespace

std::unique_ptr<DbTarget> sqliteTarget() { return std::make_unique<SqliteTarget>(); }

#ifdef OB_MIGRATE_HAVE_POSTGRES
std::unique_ptr<DbTarget> postgresTarget() { return std::make_unique<PostgresTarget>(); }
#endif

}  // namespace ob::migrate::test
