// Internal: reading and writing migration folder files, shared by the core, schema and CLI code.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace ob::migrate::detail {

/// Why `dir` cannot be a migrations folder: "no such migrations folder", "is a file, not a
/// migrations folder (check --dir)"; empty when it is a directory.
std::string folderProblem(const std::filesystem::path& dir);

/// The file's bytes, or nullopt when it cannot be read (or is a directory).
std::optional<std::string> readFile(const std::filesystem::path& file);

/// Writes `text` to `<file>.tmp`, syncs it and renames it over `file`, so a reader sees the old file
/// or the new one, never half of one. Throws Error naming the file.
void writeFileAtomically(const std::filesystem::path& file, const std::string& text);

/// Syncs the complete file `from` to disk, renames it to `to` and syncs the directory, so that after
/// a crash `to` is either absent or complete. Throws Error naming the files (`from` is left).
void renameDurably(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace ob::migrate::detail
