// Internal: reading and writing migration folder files, shared by the core, schema and CLI code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace ob::migrate::detail {

/// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> readFile(const std::filesystem::path& file);

/// Writes `text` to `<file>.tmp` and renames it over `file`, so a reader sees the old file or the
/// new one, never half of one. Throws Error naming the file.
void writeFileAtomically(const std::filesystem::path& file, const std::string& text);

}  // namespace ob::migrate::detail
