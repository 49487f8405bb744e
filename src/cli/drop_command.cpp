// ob-migrate drop: remove the newest migration from the folder, unless the database has it; and
// ob-migrate up: the folder converted to the Drizzle 1.0 layout.
#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "commands.hpp"
#include "backends.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

namespace fs = std::filesystem;

int dropCommand(const Settings& settings, bool dryRun, Output& io) {
    auto folder = Folder::open(settings.dir);
    if (folder->entries().empty())
        throw Error(fmt::format("{}: there is no migration to drop", folder->indexPath().string()));
    const FolderEntry last = folder->entries().back();

    auto dialect = openDialect(settings);
    if (dialect->history().exists() && dialect->history().contains(last.when))
        throw Error(fmt::format("refusing to drop {}: it is applied to {} (roll it back first with "
                                "`{} migrate --to <previous tag>`)",
                                last.tag, dialect->describe(), programName()));
    if (dryRun) {
        for (const auto& f : folder->existingFiles(last)) fmt::print(io.out, "would remove {}\n", f.string());
        if (folder->format() == FolderFormat::Drizzle0)
            fmt::print(io.out, "would remove {} from {}\n", last.tag, folder->indexPath().string());
        return 0;
    }
    folder->dropLast();
    fmt::print(io.out, "dropped {}\n", last.tag);
    return 0;
}

int upCommand(const Settings& settings, Output& io) {
    const auto result = upgradeToDrizzle1(settings.dir);
    for (const auto& [from, to] : result.renamed) fmt::print(io.out, "{} -> {}\n", from, to);
    fmt::print(io.out, "{} is a Drizzle 1.0 folder ({} migration{})\n", settings.dir, result.renamed.size(),
               result.renamed.size() == 1 ? "" : "s");
    return 0;
}

}  // namespace ob::migrate::cli
