// ob::migrate — `lint`: static analysis of a migrations folder for statements that lock a live
// PostgreSQL table for long (or break the replicas still running the old code), and SQLite table
// rebuilds that would delete child rows. Each migration is judged with the schema before it known:
// the snapshots of the migrations before it, and the tables and columns its predecessors created.
//
//   auto report = ob::migrate::lintFolder("drizzle/pg-migrations");
//   for (const auto& f : report.findings) std::cerr << f.format() << '\n';
//   if (report.hasErrors()) return 3;
//
// A statement is exempted from one rule by a comment line right above it:
//   -- ob-migrate: lint-ignore <rule-id> <reason>
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/migration_set.hpp"

namespace ob::migrate {

/// The comment that exempts the statement below it from one rule.
inline constexpr std::string_view kLintIgnoreDirective = "-- ob-migrate: lint-ignore";

enum class LintSeverity {
    Warning,  ///< reported; `lint` still exits 0
    Error,    ///< `lint` exits 3, `check` counts it as a finding
};

/// "warning" or "error".
const char* toString(LintSeverity severity) noexcept;

struct LintRule {
    std::string_view id;        ///< e.g. "index-not-concurrent"
    std::string_view dialect;   ///< "postgresql" or "sqlite"
    LintSeverity severity;
    std::string_view catches;   ///< one line: what the rule finds
};

/// Every rule, in the order of the README's table.
const std::vector<LintRule>& lintRules();

struct LintFinding {
    std::string rule;
    LintSeverity severity = LintSeverity::Error;
    std::string tag;        ///< the migration
    std::string file;       ///< "<tag>.sql"
    std::size_t line = 0;   ///< 1-based line of the statement in the file
    std::string statement;  ///< the statement's first line
    std::string message;    ///< what is wrong
    std::string fix;        ///< how to do it safely

    /// `<tag>.sql:<line>: <rule-id>: <message> (<fix>)`
    std::string format() const;
};

struct LintOptions {
    /// Lint only the migrations after this tag (the earlier ones still shape the schema). Empty:
    /// every migration. An unknown tag throws ConfigError.
    std::string since;
};

struct LintReport {
    std::vector<LintFinding> findings;  ///< in folder order, then by line
    std::size_t migrations = 0;         ///< migrations linted
    bool hasErrors() const noexcept;
};

/// Lints `set` (its dialect picks the rules). `dir`, when given, is the folder the set came from:
/// the snapshot after each migration (meta/<prefix>_snapshot.json) adds what it knows to the
/// schema the next one starts from.
LintReport lint(const MigrationSet& set, const std::filesystem::path& dir = {}, const LintOptions& options = {});

/// Reads the folder (MigrationSet::fromDirectory; throws MigrationSetError) and lints it.
LintReport lintFolder(const std::filesystem::path& dir, const LintOptions& options = {});

}  // namespace ob::migrate
