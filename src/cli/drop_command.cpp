// ob-migrate drop: remove the newest migration from the folder, unless the database has it.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands.hpp"
#include "connect.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/journal.hpp"

namespace ob::migrate::cli {

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw MigrationSetError(file.string(), "cannot read the journal");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

int dropCommand(const Settings& settings, bool dryRun, Output& io) {
    const fs::path dir(settings.dir);
    const fs::path journalPath = dir / "meta" / "_journal.json";
    Journal journal = Journal::parse(slurp(journalPath), journalPath.string());
    if (journal.entries.empty()) throw Error(fmt::format("{}: there is no migration to drop", journalPath.string()));
    const JournalEntry last = journal.entries.back();

    auto dialect = openDialect(settings);
    if (dialect->trackingTableExists() && dialect->isApplied(last.when))
        throw Error(fmt::format("refusing to drop {}: it is applied to {} (roll it back first with "
                                "`ob-migrate migrate --to <previous tag>`)",
                                last.tag, dialect->describe()));

    // Drizzle Kit names a snapshot after the tag's prefix: 0003_x -> meta/0003_snapshot.json.
    const std::string prefix = last.tag.substr(0, last.tag.find('_'));
    std::vector<fs::path> files{dir / (last.tag + ".sql"), dir / (last.tag + ".down.sql"),
                                dir / "meta" / (prefix + "_snapshot.json")};
    std::error_code ec;
    journal.entries.pop_back();
    for (const auto& f : files) {
        if (!fs::exists(f, ec)) continue;
        if (dryRun)
            fmt::print(io.out, "would remove {}\n", f.string());
        else if (!fs::remove(f, ec))
            throw Error(fmt::format("cannot remove {}: {}", f.string(), ec.message()));
    }
    if (dryRun) {
        fmt::print(io.out, "would remove {} from {}\n", last.tag, journalPath.string());
        return 0;
    }
    std::ofstream out(journalPath, std::ios::binary | std::ios::trunc);
    out << journal.toJson();
    if (!out) throw Error(fmt::format("cannot write {}", journalPath.string()));
    fmt::print(io.out, "dropped {}\n", last.tag);
    return 0;
}

}  // namespace ob::migrate::cli
