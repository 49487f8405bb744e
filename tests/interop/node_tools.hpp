// The real Drizzle tools, driven from C++: finds node and npm on PATH, installs the pinned
// packages of tests/interop/package-lock.json with `npm ci` (once), and runs the scripts in
// tests/interop/scripts (drizzle-kit generate, drizzle-orm's migrators).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support.hpp"

namespace ob::migrate::interop {

/// Thrown when node/npm is missing, `npm ci` fails, or a script exits non-zero.
class ToolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class NodeTools {
public:
    /// The tools of the source tree's tests/interop, installed if needed. Throws ToolError.
    /// Thread-unsafe; the first call may take a while (npm ci), later calls are free.
    static NodeTools& instance();

    /// Why the tools cannot run here (node or npm not on PATH); nullopt when they can.
    static std::optional<std::string> unavailableReason();

    /// `drizzle-kit generate` for the first `steps` schema steps (0: all) of `dialect`
    /// ("sqlite" or "postgresql") into `out`.
    /// `set`: a schema set of schema/<set>/ (e.g. "constructs") instead of schema/<dialect>.
    void generate(const std::string& dialect, const std::filesystem::path& out, int steps = 0,
                  const std::string& set = {}) const;

    /// `drizzle-kit generate` for the TypeScript schema `schemaFile` on a copy of `folder`: throws
    /// ToolError, with drizzle-kit's output, unless it finds no schema changes.
    void requireNoChanges(const std::string& dialect, const std::filesystem::path& folder,
                          const std::filesystem::path& schemaFile) const;

    /// drizzle-orm's SQLite migrator (`driver`: "libsql" or "sql-js") on a database file,
    /// optionally only the first `count` journal entries, optionally with foreign keys on.
    void migrateSqlite(const std::string& driver, const std::filesystem::path& db, const std::filesystem::path& folder,
                       std::optional<int> count = std::nullopt, bool foreignKeysOn = false) const;

    /// drizzle-orm/node-postgres/migrator on a PostgreSQL URL.
    void migratePostgres(const std::string& url, const std::filesystem::path& folder,
                         std::optional<int> count = std::nullopt) const;

    /// The pinned drizzle-kit 1.0 beta (tests/interop/v1): `generate` for the first `steps` schema
    /// steps (0: all) into `out`, in the Drizzle 1.0 layout.
    void generateV1(const std::string& dialect, const std::filesystem::path& out, int steps = 0) const;
    /// The drizzle-orm 1.0 beta's migrator: a SQLite file (libsql) or a PostgreSQL URL.
    void migrateV1(const std::string& dialect, const std::string& target, const std::filesystem::path& folder) const;
    /// drizzle-kit 1.0's `up`: converts a 0.x folder to the 1.0 layout in place.
    void upV1(const std::string& dialect, const std::filesystem::path& folder) const;
    /// The drizzle-kit / drizzle-orm versions installed (from their package.json).
    std::string installedVersion(const std::string& package) const;

private:
    NodeTools(std::string node, std::string npm);
    void install() const;
    /// `npm ci` into `dir` unless its node_modules was installed from this very lockfile.
    void installInto(const std::filesystem::path& dir) const;
    test::ProcessResult runScript(const std::string& script, const std::vector<std::string>& args,
                                  const std::filesystem::path& scripts = {}) const;

    std::string node_, npm_;
    std::filesystem::path root_;  ///< tests/interop in the source tree
};

/// Full path of `name` found on PATH, or nullopt.
std::optional<std::string> findOnPath(const std::string& name);

}  // namespace ob::migrate::interop
