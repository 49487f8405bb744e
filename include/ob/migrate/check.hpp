// ob::migrate — `check`: is the migrations folder consistent, and does the live database still
// have the schema its migrations produced? Findings come back as data, so a service can refuse to
// start, or warn, when someone changed the database by hand.
//
//   auto report = ob::migrate::check(dialect, "drizzle/migrations");
//   for (const auto& f : report.findings) log.warn("{}", f.message);
//   if (!report.clean()) return EXIT_FAILURE;
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ob/migrate/driver.hpp"
#include "ob/migrate/lint.hpp"
#include "ob/migrate/schema.hpp"

namespace ob::migrate {

struct Finding {
    enum class Kind {
        Folder,    ///< journal, .sql files and snapshots disagree (missing or stray file, broken prevId chain)
        Checksum,  ///< an applied migration's file no longer has the recorded hash
        History,   ///< the tracking table records a migration the folder lacks, or skipped an older one
        Drift,     ///< the live schema differs from the snapshot of the newest applied migration
        Replay,    ///< replaying the folder on a scratch database went wrong (ob-migrate test)
    };
    Kind kind = Kind::Folder;
    std::string subject;  ///< the file, migration tag or table concerned
    std::string message;  ///< one line for a person
};

/// "folder", "checksum", "history", "drift", "replay".
const char* toString(Finding::Kind kind) noexcept;

/// Checks a folder without a database: the journal reads; every entry has its .sql file and its
/// snapshot; no .sql file or snapshot is missing from the journal; each snapshot's prevId is the
/// previous entry's id (the first: all zeros); no two snapshots claim the same parent (two
/// branches generated from one state), naming both files and the parent's.
std::vector<Finding> checkFolder(const std::filesystem::path& dir);

/// Applied migrations of `dir` whose file changed since (Checksum); applied rows the journal does
/// not list, and unapplied entries older than the newest applied one (History): the Migrator's
/// judgement (analyseHistory, history_analysis.hpp), so `when` orders and Drizzle's hash of a
/// non-UTF-8 file counts as unchanged.
std::vector<Finding> checkHistory(Driver& driver, const std::filesystem::path& dir);

/// The live schema against `expected` (both normalised by the backend; it must offer Introspection), one Drift finding per
/// difference, e.g. "table issuers: column public_key is text, expected jsonb".
std::vector<Finding> checkDrift(Driver& driver, const Schema& expected);

/// The folder's lint findings (ob::migrate::lintFolder); none when the folder does not read
/// (checkFolder reports that).
std::vector<LintFinding> checkLint(const std::filesystem::path& dir);

struct CheckOptions {
    bool folder = true;   ///< run checkFolder
    bool history = true;  ///< compare the tracking table with the folder
    bool drift = true;    ///< compare the live schema with the newest applied migration's snapshot
    bool lint = true;     ///< run checkLint into CheckReport::lint
};

struct CheckReport {
    std::vector<Finding> findings;
    /// How the migrations would run (ob::migrate::lint): reported, but not findings, so they never
    /// make a report unclean; `ob-migrate lint` is the gate for them.
    std::vector<LintFinding> lint;
    std::string comparedWith;    ///< the snapshot the drift check used ("" for the empty schema or no check)
    std::string comparedTag;     ///< its migration ("" when nothing is applied)
    std::size_t pending = 0;     ///< journal entries not applied yet (not a finding)
    bool clean() const noexcept { return findings.empty(); }
};

/// Everything `ob-migrate check` does. Drift compares with the snapshot of the newest applied
/// migration (the empty schema when none is), so pending migrations are not drift. Throws on
/// database errors; folder defects are findings.
CheckReport check(Driver& driver, const std::filesystem::path& dir, const CheckOptions& options = {});

}  // namespace ob::migrate
