#include "pull_support.hpp"

#include "ob/migrate/journal.hpp"

namespace ob::migrate::test {

namespace fs = std::filesystem;

fs::path openBadgesFolder(const std::string& dialect) { return fs::path(OB_ADOPT_FIXTURES) / ("openbadges-" + dialect); }

void copyFolder(const fs::path& folder, const fs::path& to) {
    fs::create_directories(to);
    fs::copy(folder, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

ProcessResult run(const std::string& binary, std::vector<std::string> args) {
    args.insert(args.begin(), binary);
    return runProcess(args);
}

ProcessResult buildTarget(const std::string& name) {
    return runProcess({OB_ADOPT_CMAKE, "--build", OB_ADOPT_BUILD_DIR, "--target", name});
}

std::size_t journalEntries(const fs::path& folder) {
    return Journal::parse(readText(folder / "meta" / "_journal.json"), "journal").entries.size();
}

}  // namespace ob::migrate::test
