#include "backend_support/backup_files.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "core/files.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate::detail {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kInfix = ".bak-";
constexpr std::string_view kStampShape = "00000000T000000000Z";  // 0: a digit

/// Whether `name` is backupFileName(base, suffix) for some time.
bool isBackupName(const std::string& name, const std::string& base, std::string_view suffix) {
    const std::string prefix = base + std::string(kInfix);
    if (name.size() != prefix.size() + kStampShape.size() + suffix.size() || name.rfind(prefix, 0) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    for (std::size_t i = 0; i < kStampShape.size(); ++i) {
        const char c = name[prefix.size() + i];
        if (kStampShape[i] == '0' ? !std::isdigit(static_cast<unsigned char>(c)) : c != kStampShape[i]) return false;
    }
    return true;
}

/// What a file that is not the expected backup looks like, for messages.
std::string lookalike(const BackupHead& head) {
    if (head.bytes.rfind(kSqliteMagic, 0) == 0) return "a SQLite database";
    if (head.bytes.rfind(kDumpMagic, 0) == 0) return "a PostgreSQL custom-format dump";
    const bool text = std::all_of(head.bytes.begin(), head.bytes.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 || c == '\n' || c == '\r' || c == '\t';
    });
    return text ? "a text file" : "neither a SQLite database nor a PostgreSQL dump";
}
}  // namespace

std::string backupFileName(const std::string& base, std::string_view suffix) {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    return fmt::format("{}{}{:%Y%m%dT%H%M%S}{:03}Z{}", base, kInfix,
                       fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms, suffix);
}

fs::path freshBackupPath(const fs::path& dir, const std::string& base, std::string_view suffix) {
    for (;;) {
        fs::path target = dir / backupFileName(base, suffix);
        std::error_code ec;
        if (!fs::exists(target, ec) && !fs::exists(partialPath(target), ec)) return target;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

fs::path partialPath(const fs::path& target) {
    fs::path partial = target;
    partial += ".partial";
    return partial;
}

void publishBackup(const fs::path& partial, const fs::path& target) {
    try {
        renameDurably(partial, target);
    } catch (const Error& e) {
        std::error_code ec;
        fs::remove(partial, ec);
        throw Error(fmt::format("cannot complete the backup {}: {}", target.string(), e.what()));
    }
}

BackupHead readBackupHead(const std::string& path, std::size_t count, std::string_view kind) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (!fs::exists(status)) throw Error(fmt::format("no backup file {} (expected a {})", path, kind));
    if (fs::is_directory(status))
        throw Error(fmt::format("{} is a directory, not a {}; nothing was changed", path, kind));
    if (!fs::is_regular_file(status))
        throw Error(fmt::format("{} is not a regular file, not a {}; nothing was changed", path, kind));
    BackupHead head;
    head.size = fs::file_size(path, ec);
    if (ec) throw Error(fmt::format("cannot read {}: {}", path, ec.message()));
    if (head.size == 0)
        throw Error(fmt::format("{} is empty, not a {} (a backup that failed?); nothing was changed", path, kind));
    std::ifstream in(path, std::ios::binary);
    head.bytes.resize(count);
    in.read(head.bytes.data(), static_cast<std::streamsize>(count));
    if (in.bad() || in.gcount() == 0) throw Error(fmt::format("cannot read {}; nothing was changed", path));
    head.bytes.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

void requireBackupMagic(const std::string& path, const BackupHead& head, std::string_view magic,
                        std::string_view kind) {
    if (head.bytes.rfind(magic, 0) == 0) return;
    throw Error(fmt::format("{} is not a {}: it is {}; nothing was changed", path, kind, lookalike(head)));
}

void removeOldBackups(const fs::path& dir, const std::string& base, std::string_view suffix, std::size_t keep) {
    std::vector<fs::path> backups;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir.empty() ? fs::path(".") : dir, ec))
        if (isBackupName(entry.path().filename().string(), base, suffix)) backups.push_back(entry.path());
    std::sort(backups.begin(), backups.end());  // names sort by time
    keep = std::max<std::size_t>(keep, 1);
    for (std::size_t i = 0; i + keep < backups.size(); ++i) fs::remove(backups[i], ec);
}

}  // namespace ob::migrate::detail
