// What the pull tests share: the Open Badges folders, copies of them, the pulled CLIs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "support.hpp"

namespace ob::migrate::test {

/// tests/adopt/fixtures/openbadges-<dialect>
std::filesystem::path openBadgesFolder(const std::string& dialect);

/// A copy of `folder` at `to` (a pulled CLI's generate writes into it, never into the fixture).
void copyFolder(const std::filesystem::path& folder, const std::filesystem::path& to);

/// Runs `binary` with `args`.
ProcessResult run(const std::string& binary, std::vector<std::string> args);

/// Builds the target `name` of this build tree (a CLI compiled from a file pull wrote).
ProcessResult buildTarget(const std::string& name);

/// The journal's entry count.
std::size_t journalEntries(const std::filesystem::path& folder);

}  // namespace ob::migrate::test
