// Private to generate: one migration written from a resolved target schema, with an optional
// rewrite of the rendered statements (generate --online).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ob/migrate/generate.hpp"

namespace ob::migrate::detail {

struct GenerateStep {
    Schema target;
    RenameHints hints;
    /// Changes the statements rendered for the diff (may add or drop some).
    std::function<void(const Diff&, std::vector<std::string>&)> rewrite;
    std::vector<std::string> append;  ///< statements after the diff's; a change even when the diff is empty
    std::string firstLine;            ///< a directive line before the statements, e.g. no-transaction
    /// With options.custom: the migration's SQL and down SQL instead of the empty custom file (rebase).
    std::optional<std::string> customSql, customDown;
    /// The snapshot's unmodeled sections instead of the previous snapshot's (rebase).
    std::optional<std::vector<std::pair<std::string, std::string>>> unmodeled;
};

/// The down file's text for `d` (the reverse diff; marked irreversible when `d` loses data).
std::string downMigration(const Diff& d, const SqlRenderer& renderer, bool breakpoints, bool& reversible);

/// The migration file's text for `d`'s statements, as generate writes it.
std::string migrationText(const Diff& d, const std::vector<std::string>& statements, bool breakpoints);

/// The schema of the folder's newest snapshot (the empty schema for a new folder).
Schema previousSchema(const std::filesystem::path& folder, const std::string& dialect);

GenerateResult generateStep(const GenerateStep& step, const std::filesystem::path& folder,
                            const SqlRenderer& renderer, const GenerateOptions& options);

/// generate with options.online on PostgreSQL: up to two migrations (src/lint/online.cpp).
GenerateResult generateOnline(const GenerateStep& step, const std::filesystem::path& folder,
                              const SqlRenderer& renderer, const GenerateOptions& options);

}  // namespace ob::migrate::detail
