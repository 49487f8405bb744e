// check: the tracking table against the folder, and the live schema against the snapshot of the
// newest applied migration.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/hashing.hpp"
#include "files.hpp"
#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/check.hpp"
#include "ob/migrate/compare.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/history_analysis.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

using detail::readFile;


std::string shortHash(const std::string& hash) { return hash.substr(0, 12); }

}  // namespace

namespace {

/// The folder's migrations as the Migrator would load them, for judging the tracking table. A
/// .sql file that cannot be read (a folder finding) stands in as an empty file whose checksum is
/// not judged; a folder whose set does not load (duplicate `when`s...) judges nothing.
struct FolderSet {
    MigrationSet set;
    std::set<std::int64_t> unreadable;  ///< `when`s of entries without a readable file
    bool loaded = false;
};

FolderSet readFolderSet(const Folder& folder) {
    FolderSet out;
    std::vector<Migration> migrations;
    try {
        for (const auto& e : folder.entries()) {
            auto sql = readFile(e.upFile);
            if (!sql) out.unreadable.insert(e.when);
            migrations.push_back(Migration::fromSql(e.idx, e.tag, e.when, sql ? std::move(*sql) : std::string(),
                                                    e.breakpoints, e.upFile.string()));
        }
        out.set = MigrationSet::fromMigrations(folder.dialect(), std::move(migrations), folder.indexPath().string());
        out.loaded = true;
    } catch (const MigrationSetError&) {
        // a folder finding
    }
    return out;
}

std::vector<AppliedRecord> appliedRows(History& history) {
    if (!history.exists()) return {};
    return history.read();
}

}  // namespace

std::vector<Finding> checkHistory(Driver& driver, const fs::path& dir) {
    const auto opened = Folder::open(dir);
    std::vector<Finding> out;
    if (!driver.history().exists()) return out;
    const FolderSet folder = readFolderSet(*opened);
    if (!folder.loaded) return out;
    const HistoryAnalysis a = analyseHistory(folder.set, driver.history().read(), /*withStatuses=*/false);
    const std::string newest = a.newestTag();
    for (const Migration* m : a.outOfOrder)
        out.push_back(Finding{Finding::Kind::History, m->tag,
                              fmt::format("{} is not applied but {} after it is (a merged branch?); `ob-migrate "
                                          "migrate` refuses it unless --allow-out-of-order",
                                          m->tag, newest)});
    std::vector<std::pair<std::int64_t, Finding>> byRow;  // then one finding per row, by created_at
    for (const AppliedRecord& record : a.missing) {
        const std::string name = record.name ? *record.name : fmt::format("created_at {}", record.when);
        byRow.emplace_back(record.when, Finding{Finding::Kind::History, name,
                              fmt::format("{} records migration {} (hash {}), which {} does not list",
                                          driver.describe(), name, shortHash(record.hash), opened->indexName())});
    }
    for (const auto& part : a.partlySquashed)
        out.push_back(Finding{Finding::Kind::History, part.squash->tag,
                              PartlySquashed(part.squash->tag, part.applied, part.missing).what()});
    for (const auto& [m, recorded, squashed] : a.changed) {
        if (folder.unreadable.count(m->when)) continue;  // a folder finding
        if (squashed) {
            byRow.emplace_back(squashed->when, Finding{Finding::Kind::Checksum, squashed->tag,
                                  fmt::format("{} (squashed) was applied to {} with hash {}, but the squash records {}",
                                              squashed->tag, driver.describe(), shortHash(recorded),
                                              shortHash(squashed->hash))});
            continue;
        }
        byRow.emplace_back(m->when, Finding{Finding::Kind::Checksum, m->tag,
                              fmt::format("{} was changed after it was applied to {}: recorded hash {}, file "
                                          "hash {} (restore the file, or accept it with `ob-migrate "
                                          "accept-checksum {}`)",
                                          fs::path(m->up.file()).lexically_relative(dir).generic_string(),
                                          driver.describe(), shortHash(recorded), shortHash(m->hash), m->tag)});
    }
    std::stable_sort(byRow.begin(), byRow.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto& [when, finding] : byRow) out.push_back(std::move(finding));
    return out;
}

std::vector<Finding> checkDrift(Driver& driver, const Schema& expected) {
    Introspection& introspection = requireCapability<Introspection>(driver, "introspect: drift checks need it");
    const Schema live = introspection.introspect();
    std::vector<Finding> out;
    for (auto& d : compareSchemas(introspection.normalize(live), introspection.normalize(expected)))
        out.push_back(Finding{Finding::Kind::Drift, std::move(d.table), std::move(d.message)});
    return out;
}

CheckReport check(Driver& driver, const fs::path& dir, const CheckOptions& options) {
    CheckReport report;
    if (options.folder) report.findings = checkFolder(dir);
    if (options.lint) report.lint = checkLint(dir);
    std::unique_ptr<Folder> folder;
    try {
        folder = Folder::open(dir);
    } catch (const MigrationSetError&) {
        if (options.folder) return report;  // already a finding
        throw;
    }
    if (folder->dialect() != driver.name())
        throw ConfigError(fmt::format("{} holds {} migrations but {} is a {} database", dir.string(), folder->dialect(),
                                      driver.describe(), driver.name()));
    if (options.history)
        for (auto& f : checkHistory(driver, dir)) report.findings.push_back(std::move(f));

    std::set<std::int64_t> applied;
    for (const auto& r : appliedRows(driver.history())) applied.insert(r.when);
    const FolderEntry* newest = nullptr;
    for (const auto& e : folder->entries()) {
        if (applied.count(e.when))
            newest = &e;
        else
            ++report.pending;
    }
    if (!options.drift) return report;
    Schema expected = Snapshot::empty(folder->dialect()).schema;
    if (newest) {
        const fs::path file = newest->snapshotFile;
        report.comparedTag = newest->tag;
        report.comparedWith = file.lexically_relative(dir).generic_string();
        try {
            expected = Snapshot::read(file).schema;
        } catch (const Error& e) {
            report.findings.push_back(Finding{Finding::Kind::Folder, report.comparedWith,
                                              fmt::format("cannot check for drift: {}", e.what())});
            return report;
        }
    }
    for (auto& f : checkDrift(driver, expected)) report.findings.push_back(std::move(f));
    return report;
}

}  // namespace ob::migrate
