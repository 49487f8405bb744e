// ob-migrate test: the folder replayed on a scratch database (SQLite in memory, or a PostgreSQL
// database created for the run and dropped afterwards).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "check_commands.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/replay.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "style.hpp"
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include "ob/migrate/postgres/dialect.hpp"
#include "ob/migrate/postgres/scratch_database.hpp"
#endif

namespace ob::migrate::cli {

namespace {

/// A scratch database and a Dialect on it; the database goes away with it.
class Scratch {
public:
    explicit Scratch(const Settings& settings) {
        if (settings.dbType == "sqlite") {
            sqlite::Options options;
            if (!settings.table.empty()) options.trackingTable = settings.table;
            dialect_ = std::make_unique<sqlite::Dialect>(":memory:", options);
            where_ = "an in-memory SQLite database";
            return;
        }
#ifdef OB_MIGRATE_HAVE_POSTGRES
        if (settings.dbType == "postgresql") {
            database_ = std::make_unique<postgres::ScratchDatabase>(settings.url);
            postgres::Options options;
            if (!settings.table.empty()) options.trackingTable = settings.table;
            dialect_ = std::make_unique<postgres::Dialect>(database_->connectionString(), options);
            where_ = "scratch database " + database_->describe();
            return;
        }
#endif
        throw ConfigError(fmt::format("this ob-migrate was built without {} support", settings.dbType));
    }
    ~Scratch() { dialect_.reset(); }  // disconnect before the database is dropped
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

    Dialect& dialect() { return *dialect_; }
    const std::string& where() const { return where_; }

private:
#ifdef OB_MIGRATE_HAVE_POSTGRES
    std::unique_ptr<postgres::ScratchDatabase> database_;
#endif
    std::unique_ptr<Dialect> dialect_;
    std::string where_;
};

}  // namespace

int testCommand(const Settings& settings, bool json, Output& io) {
    Scratch scratch(settings);
    ReplayReport report;
    {
        ProgressLine progress(io.err);
        ReplayOptions options;
        options.onProgress = [&](std::size_t index, std::size_t total, const std::string& step) {
            progress.update(fmt::format("[{}/{}] {}", index, total, step));
        };
        report = replay(scratch.dialect(), settings.dir, options);
    }
    if (json) {
        nlohmann::ordered_json doc;
        doc["clean"] = report.clean();
        doc["folder"] = settings.dir;
        doc["database"] = scratch.where();
        doc["migrations"] = report.migrations;
        doc["roundTrips"] = report.roundTrips;
        doc["findings"] = nlohmann::ordered_json::array();
        for (const auto& f : report.findings)
            doc["findings"].push_back({{"kind", toString(f.kind)}, {"subject", f.subject}, {"message", f.message}});
        io.out << doc.dump(2) << '\n';
        return report.clean() ? 0 : 3;
    }
    const Style style(io.out);
    for (const auto& f : report.findings)
        fmt::print(io.out, "{} {}\n", style.red(std::string(toString(f.kind)) + ":"), f.message);
    const std::string summary =
        fmt::format("{} migration{} replayed on {}, {} down migration{} run and re-applied", report.migrations,
                    report.migrations == 1 ? "" : "s", scratch.where(), report.roundTrips,
                    report.roundTrips == 1 ? "" : "s");
    if (report.clean())
        fmt::print(io.out, "{} {}; every snapshot matches and a second run changes nothing\n", style.green("ok:"), summary);
    else
        fmt::print(io.out, "{} finding{}: {}\n", report.findings.size(), report.findings.size() == 1 ? "" : "s", summary);
    return report.clean() ? 0 : 3;
}

}  // namespace ob::migrate::cli
