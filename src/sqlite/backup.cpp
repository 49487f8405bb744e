// SQLite backups before migrating, with SQLite's online backup API.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <SQLiteCpp/Backup.h>
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "ob/migrate/error.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::sqlite {

namespace {
constexpr std::string_view kBackupInfix = ".bak-";

std::string utcStamp() {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    return fmt::format("{:%Y%m%dT%H%M%S}{:03}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms);
}

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
    const std::string target =
        (dir / file.filename()).string() + std::string(kBackupInfix) + utcStamp();
    try {
        SQLite::Database out(target, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        copyDatabase(out, *db_, fmt::format("cannot back up {} to {}", file.string(), target));
    } catch (const SQLite::Exception& e) {
        throw Error(fmt::format("cannot create the backup {}: {}", target, e.what()));
    }
    // Keep the newest `keep` backups of this file (names sort by time).
    std::vector<std::filesystem::path> backups;
    const std::string prefix = file.filename().string() + std::string(kBackupInfix);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string n = entry.path().filename().string();
        if (n.rfind(prefix, 0) == 0 && n.find('-', prefix.size()) == std::string::npos) backups.push_back(entry.path());
    }
    std::sort(backups.begin(), backups.end());
    const std::size_t keep = std::max<std::size_t>(options.keep, 1);
    for (std::size_t i = 0; i + keep < backups.size(); ++i) std::filesystem::remove(backups[i], ec);
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
