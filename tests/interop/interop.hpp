// Shared by the interop test cases: the Drizzle tools (skip or fail when absent), the folders
// drizzle-kit generated during this run, the ob-migrate CLI, and folder/journal helpers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "node_tools.hpp"
#include "support.hpp"

namespace ob::migrate::interop {

/// True when the Drizzle tools are installed and usable. Otherwise: in CI (env CI set) the
/// current test case FAILs; elsewhere it WARNs with the reason and the caller returns (skips).
/// An `npm ci` failure always fails the test case, with npm's output.
bool toolsReady();

/// The folder `drizzle-kit generate` wrote for all schema steps of `dialect` ("sqlite" or
/// "postgresql"), generated once per test run into a temporary directory.
const std::filesystem::path& generatedFolder(const std::string& dialect);

/// Number of journal entries of a folder.
std::size_t journalSize(const std::filesystem::path& folder);

/// Copies `folder` into `dest` keeping only its first `count` journal entries (and their files).
void copyFirstEntries(const std::filesystem::path& folder, const std::filesystem::path& dest, std::size_t count);

/// (hash, when) of every migration of a folder, as Drizzle records them; sorted.
std::vector<std::pair<std::string, std::int64_t>> expectedTrackingRows(const std::filesystem::path& folder);

/// Runs ob-migrate with `args`.
test::ProcessResult obMigrate(const std::vector<std::string>& args);

/// `ob-migrate ... status --json` must succeed and list every migration of `folder` as applied,
/// with the folder's tags, whens and hashes (checked with Catch assertions).
void requireAllApplied(const std::vector<std::string>& connection, const std::filesystem::path& folder);

/// Whitespace runs collapsed to one space, trimmed.
std::string normaliseSql(const std::string& sql);

/// The dialects the interop tests run on: SQLite, and PostgreSQL when this build has its backend.
inline std::vector<std::string> dialects() {
#ifdef OB_MIGRATE_INTEROP_POSTGRES
    return {"sqlite", "postgresql"};
#else
    return {"sqlite"};
#endif
}

}  // namespace ob::migrate::interop
