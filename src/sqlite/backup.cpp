// SQLite backups before migrating, with SQLite's online backup API.
#include <fmt/format.h>
#include <sqlite3.h>

#include <SQLiteCpp/Backup.h>
#include <filesystem>

#include "backend_support/backup_files.hpp"
#include "ob/migrate/error.hpp"
#include "errors.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::sqlite {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kKind = "SQLite backup";

void copyDatabase(SQLite::Database& to, SQLite::Database& from, const std::string& what) {
    try {
        SQLite::Backup copy(to, from);
        int rc = copy.executeStep(-1);
        if (rc != SQLITE_DONE) throw Error(fmt::format("{}: backup ended with SQLite code {}", what, rc));
    } catch (const SQLite::Exception& e) {
        detail::rethrow(e, from.getFilename(), what);
    }
}

std::uint32_t bigEndian(const std::string& bytes, std::size_t at, std::size_t width) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    return v;
}

void removePartial(const fs::path& partial) {
    std::error_code ec;
    for (const char* extra : {"", "-journal", "-wal", "-shm"}) fs::remove(fs::path(partial.string() + extra), ec);
}
}  // namespace

void Dialect::checkBackupFile(const std::string& path) {
    constexpr std::size_t kHeaderSize = 100;  // the database header (sqlite.org/fileformat.html)
    const auto head = ob::migrate::detail::readBackupHead(path, kHeaderSize, kKind);
    ob::migrate::detail::requireBackupMagic(path, head, ob::migrate::detail::kSqliteMagic, kKind);
    if (head.bytes.size() < kHeaderSize)
        throw Error(fmt::format("{} is truncated: {} bytes, less than a SQLite header; nothing was changed", path,
                                head.size));
    std::uint32_t pageSize = bigEndian(head.bytes, 16, 2);
    if (pageSize == 1) pageSize = 65536;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        throw Error(fmt::format("{} is damaged: its header gives page size {}; nothing was changed", path, pageSize));
    const std::uint32_t pages = bigEndian(head.bytes, 28, 4);
    const bool pagesValid = bigEndian(head.bytes, 24, 4) == bigEndian(head.bytes, 92, 4);  // file change counter
    if (head.size % pageSize != 0 || (pagesValid && head.size < std::uintmax_t{pages} * pageSize))
        throw Error(fmt::format("{} is truncated: {} bytes, its header says {} pages of {} bytes; nothing was changed",
                                path, head.size, pages, pageSize));
    try {
        SQLite::Database in(path, SQLite::OPEN_READONLY);
        const std::string verdict = in.execAndGet("PRAGMA quick_check").getString();
        if (verdict != "ok")
            throw Error(fmt::format("{} is damaged (quick_check: {}); nothing was changed", path, verdict));
    } catch (const SQLite::Exception& e) {
        detail::rethrow(e, path, fmt::format("{} is not a usable SQLite database", path), "; nothing was changed");
    }
}

std::optional<std::string> Dialect::backup(const BackupOptions& options) {
    const char* name = sqlite3_db_filename(db_->getHandle(), "main");
    if (!name || !*name) return std::nullopt;  // in-memory or temporary: nothing durable
    const fs::path file(name);
    fs::path dir = file.parent_path();
    if (!options.backupDirectory.empty()) {
        dir = options.backupDirectory;
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) throw Error(fmt::format("cannot create the backup directory {}: {}", dir.string(), ec.message()));
    }
    const fs::path target = ob::migrate::detail::freshBackupPath(dir, file.filename().string());
    const fs::path partial = ob::migrate::detail::partialPath(target);
    try {
        SQLite::Database out(partial.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        copyDatabase(out, *db_, fmt::format("cannot back up {} to {}", file.string(), target.string()));
    } catch (const SQLite::Exception& e) {
        removePartial(partial);
        detail::rethrow(e, partial.string(), fmt::format("cannot create the backup {}", target.string()));
    } catch (...) {
        removePartial(partial);
        throw;
    }
    ob::migrate::detail::publishBackup(partial, target);
    ob::migrate::detail::removeOldBackups(dir, file.filename().string(), {}, options.keep);
    return target.string();
}

void Dialect::restore(const std::string& backupPath) {
    checkBackupFile(backupPath);
    try {
        SQLite::Database in(backupPath, SQLite::OPEN_READONLY);
        copyDatabase(*db_, in, fmt::format("cannot restore {} into {}", backupPath, describe()));
    } catch (const SQLite::Exception& e) {
        detail::rethrow(e, backupPath, fmt::format("cannot restore {}", backupPath));
    }
}

}  // namespace ob::migrate::sqlite
