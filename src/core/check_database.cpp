// check: the tracking table against the folder, and the live schema against the snapshot of the
// newest applied migration.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "files.hpp"
#include "ob/migrate/check.hpp"
#include "ob/migrate/compare.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

using detail::readFile;

Journal readJournal(const fs::path& dir) {
    const fs::path file = dir / "meta" / "_journal.json";
    auto text = readFile(file);
    if (!text) throw MigrationSetError(file.string(), "no journal (meta/_journal.json) in this folder");
    return Journal::parse(*text, file.string());
}

std::string shortHash(const std::string& hash) { return hash.substr(0, 12); }

/// The rows of migrations a squash of `journal` replaces, by created_at, when the database applied
/// all of them (the squash counts as applied); a History finding when it applied only some.
std::map<std::int64_t, SquashedMigration> squashedRows(const fs::path& dir, const Journal& journal,
                                                       const std::vector<AppliedRecord>& applied,
                                                       std::vector<Finding>& out) {
    std::map<std::int64_t, const AppliedRecord*> rows;
    for (const auto& r : applied) rows.emplace(r.when, &r);
    std::map<std::int64_t, SquashedMigration> result;
    for (const auto& e : journal.entries) {
        auto sql = readFile(dir / (e.tag + ".sql"));
        if (!sql || sql->rfind(kSquashDirective, 0) != 0) continue;
        std::vector<SquashedMigration> originals;
        try {
            originals = Migration::fromSql(e.idx, e.tag, e.when, *sql).squashes;
        } catch (const MigrationSetError&) {
            continue;  // a folder finding
        }
        if (auto own = rows.find(e.when); own != rows.end() && own->second->hash == sha256Hex(*sql)) continue;
        std::vector<std::string> present, absent;
        for (const auto& o : originals) (rows.count(o.when) ? present : absent).push_back(o.tag);
        if (present.empty()) continue;
        for (const auto& o : originals)
            if (rows.count(o.when)) result.emplace(o.when, o);
        if (!absent.empty())
            out.push_back(Finding{Finding::Kind::History, e.tag, PartlySquashed(e.tag, present, absent).what()});
    }
    return result;
}

}  // namespace

std::vector<Finding> checkHistory(Dialect& dialect, const fs::path& dir) {
    const Journal journal = readJournal(dir);
    std::vector<Finding> out;
    if (!dialect.trackingTableExists()) return out;
    std::map<std::int64_t, const JournalEntry*> byWhen;
    for (const auto& e : journal.entries) byWhen.emplace(e.when, &e);
    const auto applied = dialect.appliedMigrations();
    const JournalEntry* newest = nullptr;
    std::set<std::int64_t> appliedWhens;
    for (const auto& record : applied) {
        appliedWhens.insert(record.when);
        auto it = byWhen.find(record.when);
        if (it != byWhen.end() && (!newest || it->second->idx > newest->idx)) newest = it->second;
    }
    for (const auto& e : journal.entries)
        if (newest && e.idx < newest->idx && !appliedWhens.count(e.when))
            out.push_back(Finding{Finding::Kind::History, e.tag,
                                  fmt::format("{} is not applied but {} after it is (a merged branch?); `ob-migrate "
                                              "migrate` refuses it unless --allow-out-of-order",
                                              e.tag, newest->tag)});
    const auto squashed = squashedRows(dir, journal, applied, out);
    for (const auto& record : applied) {
        if (auto original = squashed.find(record.when); original != squashed.end()) {
            if (record.hash != original->second.hash)
                out.push_back(Finding{Finding::Kind::Checksum, original->second.tag,
                                      fmt::format("{} (squashed) was applied to {} with hash {}, but the squash "
                                                  "records {}",
                                                  original->second.tag, dialect.describe(), shortHash(record.hash),
                                                  shortHash(original->second.hash))});
            continue;
        }
        auto it = byWhen.find(record.when);
        if (it == byWhen.end()) {
            const std::string name = record.name ? *record.name : fmt::format("created_at {}", record.when);
            out.push_back(Finding{Finding::Kind::History, name,
                                  fmt::format("{} records migration {} (hash {}), which meta/_journal.json does not "
                                              "list",
                                              dialect.describe(), name, shortHash(record.hash))});
            continue;
        }
        const JournalEntry& entry = *it->second;
        auto sql = readFile(dir / (entry.tag + ".sql"));
        if (!sql) continue;  // a folder finding
        const std::string hash = sha256Hex(*sql);
        if (hash != record.hash)
            out.push_back(Finding{Finding::Kind::Checksum, entry.tag,
                                  fmt::format("{}.sql was changed after it was applied to {}: recorded hash {}, file "
                                              "hash {} (restore the file, or accept it with `ob-migrate "
                                              "accept-checksum {}`)",
                                              entry.tag, dialect.describe(), shortHash(record.hash), shortHash(hash),
                                              entry.tag)});
    }
    return out;
}

std::vector<Finding> checkDrift(Dialect& dialect, const Schema& expected) {
    const Schema live = dialect.introspect();
    std::vector<Finding> out;
    for (auto& d : compareSchemas(dialect.normalize(live), dialect.normalize(expected)))
        out.push_back(Finding{Finding::Kind::Drift, std::move(d.table), std::move(d.message)});
    return out;
}

CheckReport check(Dialect& dialect, const fs::path& dir, const CheckOptions& options) {
    CheckReport report;
    if (options.folder) report.findings = checkFolder(dir);
    if (options.lint) report.lint = checkLint(dir);
    Journal journal;
    try {
        journal = readJournal(dir);
    } catch (const MigrationSetError&) {
        if (options.folder) return report;  // already a finding
        throw;
    }
    if (journal.dialect != dialect.name())
        throw ConfigError(fmt::format("{} holds {} migrations but {} is a {} database", dir.string(), journal.dialect,
                                      dialect.describe(), dialect.name()));
    if (options.history)
        for (auto& f : checkHistory(dialect, dir)) report.findings.push_back(std::move(f));

    std::set<std::int64_t> applied;
    if (dialect.trackingTableExists())
        for (const auto& r : dialect.appliedMigrations()) applied.insert(r.when);
    const JournalEntry* newest = nullptr;
    for (const auto& e : journal.entries) {
        if (applied.count(e.when))
            newest = &e;
        else
            ++report.pending;
    }
    if (!options.drift) return report;
    Schema expected = Snapshot::empty(journal.dialect).schema;
    if (newest) {
        const fs::path file = snapshotPath(dir, *newest);
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
    for (auto& f : checkDrift(dialect, expected)) report.findings.push_back(std::move(f));
    return report;
}

}  // namespace ob::migrate
