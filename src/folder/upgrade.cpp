// `ob-migrate up`: a Drizzle 0.x folder converted to the 1.0 layout, as drizzle-kit 1.0's `up` does.
#include <fmt/format.h>

#include <set>
#include <system_error>

#include "core/files.hpp"
#include "layouts.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

FolderUpgrade upgradeToDrizzle1(const fs::path& dir) {
    const auto old = Folder::open(dir);
    if (old->format() != FolderFormat::Drizzle0)
        throw MigrationSetError(dir.string(), "is already a Drizzle 1.0 folder (no meta/_journal.json)");
    FolderUpgrade result;
    std::set<std::string> names;
    for (const auto& e : old->entries()) {
        const std::string name = drizzle1Name(e.tag, e.when);
        if (!names.insert(name).second)
            throw MigrationSetError(dir.string(), fmt::format("{} and an earlier migration would both become {} (the "
                                                              "1.0 name holds whole seconds)",
                                                              e.tag, name));
        if (!fs::exists(e.snapshotFile))
            throw MigrationSetError(e.snapshotFile.string(), fmt::format("the snapshot of {} is missing", e.tag));
        result.renamed.emplace_back(e.tag, name);
    }
    // Read everything first: a folder that does not read is left as it was.
    struct Converted {
        std::string name, sql, snapshot;
        std::optional<std::string> down;
    };
    std::vector<Converted> converted;
    for (std::size_t i = 0; i < old->entries().size(); ++i) {
        const FolderEntry& e = old->entries()[i];
        auto sql = detail::readFile(e.upFile);
        if (!sql) throw MigrationSetError(e.upFile.string(), fmt::format("the migration file of {} is missing", e.tag));
        Snapshot snapshot = Snapshot::read(e.snapshotFile);
        snapshot.drizzle1 = true;
        snapshot.prevIds = {snapshot.prevId};
        converted.push_back({result.renamed[i].second, std::move(*sql), snapshot.toJson(), detail::readFile(e.downFile)});
    }
    // Like drizzle-kit up, names are not checked to sort in journal order: two migrations of one
    // second keep their names (drizzle-orm 1.0 orders them by name; check reports the shared second).
    for (auto& c : converted) {
        const fs::path folder = dir / c.name;
        std::error_code ec;
        if (!fs::create_directory(folder, ec))
            throw Error(fmt::format("cannot create {}: {}", folder.string(), ec ? ec.message() : "it exists"));
        detail::writeFileAtomically(folder / "snapshot.json", c.snapshot);
        detail::writeFileAtomically(folder / "migration.sql", c.sql);
        if (c.down) detail::writeFileAtomically(folder / "down.sql", *c.down);
    }
    for (const auto& e : old->entries())
        for (const auto& f : {e.upFile, e.downFile}) detail::removeIfExists(f, "converted the folder but");
    std::error_code ec;
    fs::remove_all(dir / "meta", ec);
    if (ec) throw Error(fmt::format("converted the folder but cannot remove {}: {}", (dir / "meta").string(), ec.message()));
    return result;
}

}  // namespace ob::migrate
