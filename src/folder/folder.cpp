// Folder: what both layouts share (detection, the 1.0 name rule).
#include "ob/migrate/folder.hpp"

#include <fmt/format.h>

#include <ctime>
#include <system_error>

#include "core/files.hpp"
#include "layouts.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

const char* toString(FolderFormat format) noexcept { return format == FolderFormat::Drizzle1 ? "1" : "0"; }

FolderFormat parseFolderFormat(std::string_view text) {
    if (text == "0") return FolderFormat::Drizzle0;
    if (text == "1") return FolderFormat::Drizzle1;
    throw ConfigError(fmt::format("unknown folder format {:?} (0: Drizzle 0.x journal, 1: Drizzle 1.0 folder "
                                  "per migration)",
                                  text));
}

std::optional<FolderFormat> Folder::detect(const fs::path& dir) {
    std::error_code ec;
    if (fs::exists(dir / "meta" / "_journal.json", ec)) return FolderFormat::Drizzle0;
    for (const auto& item : fs::directory_iterator(dir, ec))
        if (item.is_directory(ec) &&
            (fs::exists(item.path() / "migration.sql", ec) || fs::exists(item.path() / "snapshot.json", ec)))
            return FolderFormat::Drizzle1;
    return std::nullopt;
}

std::unique_ptr<Folder> Folder::open(const fs::path& dir) {
    if (const std::string problem = detail::folderProblem(dir); !problem.empty())
        throw MigrationSetError(dir.string(), problem);
    const auto format = detect(dir);
    if (!format)
        throw MigrationSetError(dir.string(),
                                "is not a migrations folder: it has no meta/_journal.json (Drizzle 0.x) and no "
                                "<timestamp>_<name>/migration.sql (Drizzle 1.0)");
    if (*format == FolderFormat::Drizzle0) return detail::openJournalFolder(dir, {});
    return detail::openDirFolder(dir, {});
}

std::unique_ptr<Folder> Folder::create(const fs::path& dir, const std::string& dialect,
                                       std::optional<FolderFormat> format) {
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw MigrationSetError(dir.string(), "is a file, not a migrations folder (check --dir)");
    const auto found = fs::exists(dir, ec) ? detect(dir) : std::nullopt;
    if (found && format && *found != *format)
        throw ConfigError(fmt::format("{} is a Drizzle {} folder; it cannot take a format {} migration (convert it "
                                      "with `ob-migrate up`)",
                                      dir.string(), *found == FolderFormat::Drizzle0 ? "0.x" : "1.0",
                                      toString(*format)));
    const FolderFormat chosen = found ? *found : format.value_or(FolderFormat::Drizzle0);
    if (chosen == FolderFormat::Drizzle0) return detail::openJournalFolder(dir, found ? "" : dialect);
    return detail::openDirFolder(dir, found ? "" : dialect);
}

std::optional<fs::path> Folder::lastSnapshot() const {
    if (entries().empty()) return std::nullopt;
    return entries().back().snapshotFile;
}

std::vector<fs::path> Folder::existingFiles(const FolderEntry& entry) const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& f : {entry.upFile, entry.downFile, entry.snapshotFile})
        if (!f.empty() && fs::exists(f, ec)) out.push_back(f);
    if (format() == FolderFormat::Drizzle1 && fs::is_directory(dir_ / entry.tag, ec)) out.push_back(dir_ / entry.tag);
    return out;
}

std::string drizzle1Name(std::string_view tag, std::int64_t when) {
    // drizzle-kit up: prepareSnapshotFolderName(when) + "_" + the tag's parts after the first "_".
    const std::time_t seconds = static_cast<std::time_t>(when / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    const auto underscore = tag.find('_');
    const std::string_view rest = underscore == std::string_view::npos ? std::string_view{} : tag.substr(underscore + 1);
    return fmt::format("{:04d}{:02d}{:02d}{:02d}{:02d}{:02d}_{}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                       utc.tm_hour, utc.tm_min, utc.tm_sec, rest);
}

std::optional<std::int64_t> drizzle1When(std::string_view name) {
    if (name.size() < 14) return std::nullopt;
    int parts[6];
    const int widths[6] = {4, 2, 2, 2, 2, 2};
    std::size_t at = 0;
    for (int i = 0; i < 6; ++i) {
        int value = 0;
        for (int k = 0; k < widths[i]; ++k, ++at) {
            const char c = name[at];
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        parts[i] = value;
    }
    if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1 || parts[2] > 31 || parts[3] > 23 || parts[4] > 59 ||
        parts[5] > 59)
        return std::nullopt;
    std::tm utc{};
    utc.tm_year = parts[0] - 1900;
    utc.tm_mon = parts[1] - 1;
    utc.tm_mday = parts[2];
    utc.tm_hour = parts[3];
    utc.tm_min = parts[4];
    utc.tm_sec = parts[5];
    return static_cast<std::int64_t>(timegm(&utc)) * 1000;
}

}  // namespace ob::migrate
