// ob-migrate test: the folder replayed on a scratch database (SQLite in memory, or a PostgreSQL
// database created for the run and dropped afterwards).
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "backends.hpp"
#include "check_commands.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/replay.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

int testCommand(const Settings& settings, bool json, Output& io) {
    const auto scratch = openScratch(settings);
    ReplayReport report;
    {
        ProgressLine progress(io.err);
        ReplayOptions options;
        options.onProgress = [&](std::size_t index, std::size_t total, const std::string& step) {
            progress.update(fmt::format("[{}/{}] {}", index, total, step));
        };
        report = replay(scratch->dialect(), settings.dir, options);
    }
    if (json) {
        nlohmann::ordered_json doc;
        doc["clean"] = report.clean();
        doc["folder"] = settings.dir;
        doc["database"] = scratch->where();
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
                    report.migrations == 1 ? "" : "s", scratch->where(), report.roundTrips,
                    report.roundTrips == 1 ? "" : "s");
    if (report.clean())
        fmt::print(io.out, "{} {}; every snapshot matches and a second run changes nothing\n", style.green("ok:"), summary);
    else
        fmt::print(io.out, "{} finding{}: {}\n", report.findings.size(), report.findings.size() == 1 ? "" : "s", summary);
    return report.clean() ? 0 : 3;
}

}  // namespace ob::migrate::cli
