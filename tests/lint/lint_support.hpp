// Lint test helpers: a set of migrations from SQL texts, and the rule ids lint finds in it.
#pragma once

#include <string>
#include <vector>

#include "ob/migrate/lint.hpp"

namespace ob::migrate::test {

/// Migrations 0000_m0, 0001_m1, ... of `dialect` from `files` (a file starting with
/// `-- ob-migrate: no-transaction` runs outside a transaction).
MigrationSet migrations(const std::string& dialect, const std::vector<std::string>& files);

/// The lint findings of the last file of `files`, the earlier ones shaping the schema.
std::vector<LintFinding> lintLast(const std::string& dialect, const std::vector<std::string>& files);

/// The rule ids of `findings`, in order.
std::vector<std::string> ruleIds(const std::vector<LintFinding>& findings);

}  // namespace ob::migrate::test
