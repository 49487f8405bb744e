// The CLI's PostgreSQL backend: a --url is a postgresql:// URL or a libpq keyword string.
#include "backends.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "ob/migrate/postgres/renderer.hpp"
#include "ob/migrate/postgres/scratch_database.hpp"
#include "studio/source.hpp"

namespace ob::migrate::cli {

namespace {
postgres::Options options(const Settings& settings) {
    postgres::Options options;
    if (!settings.table.empty()) options.trackingTable = settings.table;
    return options;
}

std::unique_ptr<Dialect> open(const Settings& settings, Access) {
    postgres::Options o = options(settings);
    if (settings.connectTimeout) o.connectTimeout = *settings.connectTimeout;
    return std::make_unique<postgres::Dialect>(settings.url, o);
}

std::unique_ptr<SqlRenderer> renderer() { return std::make_unique<postgres::Renderer>(); }

/// A database created for the run and dropped afterwards.
class ScratchServerDatabase final : public Scratch {
public:
    explicit ScratchServerDatabase(const Settings& settings)
        : database_(settings.url),
          dialect_(std::make_unique<postgres::Dialect>(database_.connectionString(), options(settings))) {}
    ~ScratchServerDatabase() override { dialect_.reset(); }  // disconnect before the database is dropped
    Dialect& dialect() override { return *dialect_; }
    std::string where() const override { return "scratch database " + database_.describe(); }

private:
    postgres::ScratchDatabase database_;
    std::unique_ptr<postgres::Dialect> dialect_;
};

std::unique_ptr<Scratch> scratch(const Settings& settings) { return std::make_unique<ScratchServerDatabase>(settings); }
}  // namespace

const BackendOps kPostgresOps{open, renderer, postgres::Dialect::checkBackupFile, scratch, studio::openPostgresSource,
                              nullptr, nullptr};

}  // namespace ob::migrate::cli
