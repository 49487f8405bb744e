// Internal: naming, writing, pruning and checking backup files, shared by the backends'
// Backups::backup() and restore(); kept out of src/core, which names no database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace ob::migrate::detail {

/// The first bytes of a SQLite database file and of a PostgreSQL custom-format dump.
inline constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
inline constexpr std::string_view kDumpMagic = "PGDMP";

/// `<base>.bak-<yyyymmdd>T<hhmmssmmm>Z<suffix>` for now (UTC): such names sort by time.
std::string backupFileName(const std::string& base, std::string_view suffix = {});

/// `dir / backupFileName(base, suffix)` for a name no file has yet (two backups in one millisecond
/// get two names).
std::filesystem::path freshBackupPath(const std::filesystem::path& dir, const std::string& base,
                                      std::string_view suffix = {});

/// Where a backup is written until complete: `<target>.partial` (never a backup's name, so pruning
/// neither counts nor keeps it).
std::filesystem::path partialPath(const std::filesystem::path& target);

/// Syncs the complete `partial` and renames it to `target`; on failure removes it and throws Error.
void publishBackup(const std::filesystem::path& partial, const std::filesystem::path& target);

/// Removes all but the newest `keep` (at least one) files in `dir` named by backupFileName(base, suffix).
void removeOldBackups(const std::filesystem::path& dir, const std::string& base, std::string_view suffix,
                      std::size_t keep);

/// A backup file about to be restored: its size and first bytes.
struct BackupHead {
    std::uintmax_t size = 0;
    std::string bytes;
};

/// Reads the first `count` bytes of `path` after checking that it is a regular, non-empty file;
/// throws Error naming the path and saying why not (missing, a directory, empty...). `kind` names
/// what was expected, e.g. "SQLite backup".
BackupHead readBackupHead(const std::string& path, std::size_t count, std::string_view kind);

/// Throws Error naming the path, what it looks like instead and `kind` unless `head` starts with `magic`.
void requireBackupMagic(const std::string& path, const BackupHead& head, std::string_view magic,
                        std::string_view kind);

}  // namespace ob::migrate::detail
