// SQLite backups before migrating, with SQLite's online backup API.
#include <fmt/format.h>
#include <sqlite3.h>

#include <SQLiteCpp/Backup.h>
#include <filesystem>

#include "../core/backups.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::sqlite {

namespace {
void copyDatabase(SQLite::Database& to, SQLite::Database& from, const std::string& what) {
    try {
        SQLite::Backup copy(to, from);
        int rc = copy.executeStep(-1);
        if (rc != SQLITE_DONE) throw Error(fmt::format("{}: backup ended with SQLite code {}", what, rc));
    } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("{}: {}", what, e.what()));
    }
}
}  // namespace

std::optional<std::string> Dialect::backup(const BackupOptions& options) {
    const char* name = sqlite3_db_filename(db_->getHandle(), "main");
    if (!name || !*name) return std::nullopt;  // in-memory or temporary: nothing durable
    const std::filesystem::path file(name);
    std::filesystem::path dir = file.parent_path();
    if (!options.backupDirectory.empty()) {
        dir = options.backupDirectory;
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (ec) throw Error(fmt::format("cannot create the backup directory {}: {}", dir.string(), ec.message()));
    }
    const std::string target = (dir / ob::migrate::detail::backupFileName(file.filename().string())).string();
    try {
        SQLite::Database out(target, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        copyDatabase(out, *db_, fmt::format("cannot back up {} to {}", file.string(), target));
    } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("cannot create the backup {}: {}", target, e.what()));
    }
    ob::migrate::detail::removeOldBackups(dir, file.filename().string(), {}, options.keep);
    return target;
}

void Dialect::restore(const std::string& backupPath) {
    if (!std::filesystem::is_regular_file(backupPath)) throw Error(fmt::format("no backup file {}", backupPath));
    try {
        SQLite::Database in(backupPath, SQLite::OPEN_READONLY);
        in.execAndGet("SELECT count(*) FROM sqlite_master");  // fails unless it is a SQLite database
        copyDatabase(*db_, in, fmt::format("cannot restore {} into {}", backupPath, describe()));
    } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("cannot restore {}: {}", backupPath, e.what()));
    }
}

}  // namespace ob::migrate::sqlite
