// Internal: the two Folder layouts.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "ob/migrate/folder.hpp"

namespace ob::migrate::detail {

/// Drizzle 0.x: meta/_journal.json. `newDialect` non-empty: a folder without a journal yet.
std::unique_ptr<Folder> openJournalFolder(const std::filesystem::path& dir, const std::string& newDialect);
/// Drizzle 1.0: a folder per migration. `newDialect` non-empty: a folder without migrations yet.
std::unique_ptr<Folder> openDirFolder(const std::filesystem::path& dir, const std::string& newDialect);

/// Writes `text` to a file that must not exist yet (ConfigError when it does).
void writeNewFile(const std::filesystem::path& file, const std::string& text);
/// Removes `file` (a file or an empty folder) when it exists; Error naming it on failure.
void removeIfExists(const std::filesystem::path& file, const std::string& what);

}  // namespace ob::migrate::detail
