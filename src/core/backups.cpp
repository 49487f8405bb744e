#include "backups.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <vector>

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
}  // namespace

std::string backupFileName(const std::string& base, std::string_view suffix) {
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    return fmt::format("{}{}{:%Y%m%dT%H%M%S}{:03}Z{}", base, kInfix,
                       fmt::gmtime(std::chrono::system_clock::to_time_t(now)), ms, suffix);
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
