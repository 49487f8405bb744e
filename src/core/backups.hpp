// Internal: naming and pruning backup files, shared by the backends' Dialect::backup().
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace ob::migrate::detail {

/// `<base>.bak-<yyyymmdd>T<hhmmssmmm>Z<suffix>` for now (UTC): such names sort by time.
std::string backupFileName(const std::string& base, std::string_view suffix = {});

/// Removes all but the newest `keep` (at least one) files in `dir` named by backupFileName(base, suffix).
void removeOldBackups(const std::filesystem::path& dir, const std::string& base, std::string_view suffix,
                      std::size_t keep);

}  // namespace ob::migrate::detail
