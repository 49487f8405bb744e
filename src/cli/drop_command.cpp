// ob-migrate drop: remove the newest migration from the folder, unless the database has it.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "core/files.hpp"
#include "commands.hpp"
#include "backends.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/journal.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

namespace fs = std::filesystem;

int dropCommand(const Settings& settings, bool dryRun, Output& io) {
    const fs::path dir(settings.dir);
    const fs::path journalPath = dir / "meta" / "_journal.json";
    if (const std::string problem = detail::folderProblem(dir); !problem.empty())
        throw MigrationSetError(dir.string(), problem);
    auto text = detail::readFile(journalPath);
    if (!text) throw MigrationSetError(journalPath.string(), "cannot read the journal");
    Journal journal = Journal::parse(*text, journalPath.string());
    if (journal.entries.empty()) throw Error(fmt::format("{}: there is no migration to drop", journalPath.string()));
    const JournalEntry last = journal.entries.back();

    auto dialect = openDialect(settings);
    if (dialect->history().exists() && dialect->history().contains(last.when))
        throw Error(fmt::format("refusing to drop {}: it is applied to {} (roll it back first with "
                                "`{} migrate --to <previous tag>`)",
                                last.tag, dialect->describe(), programName()));

    // Drizzle Kit names a snapshot after the tag's prefix: 0003_x -> meta/0003_snapshot.json.
    const std::string prefix = last.tag.substr(0, last.tag.find('_'));
    std::vector<fs::path> files{dir / (last.tag + ".sql"), dir / (last.tag + ".down.sql"),
                                dir / "meta" / (prefix + "_snapshot.json")};
    std::error_code ec;
    journal.entries.pop_back();
    if (dryRun) {
        for (const auto& f : files)
            if (fs::exists(f, ec)) fmt::print(io.out, "would remove {}\n", f.string());
        fmt::print(io.out, "would remove {} from {}\n", last.tag, journalPath.string());
        return 0;
    }
    // The journal first, atomically: an interruption leaves either the old folder or a valid
    // journal with files nothing lists.
    detail::writeFileAtomically(journalPath, journal.toJson());
    for (const auto& f : files)
        if (fs::exists(f, ec) && !fs::remove(f, ec))
            throw Error(fmt::format("dropped {} from the journal but cannot remove {}: {}", last.tag, f.string(),
                                    ec.message()));
    fmt::print(io.out, "dropped {}\n", last.tag);
    return 0;
}

}  // namespace ob::migrate::cli
