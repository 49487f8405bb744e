#include "browser.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <functional>
#include <stdexcept>

#include "core/hashing.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate::test::studio {

namespace fs = std::filesystem;

namespace {
std::atomic<bool> skipped{false};

fs::path studioRoot() { return fs::path(OB_MIGRATE_SOURCE_DIR) / "tests" / "studio"; }

std::string chromiumPath() {
    const char* path = std::getenv("OB_MIGRATE_TEST_CHROMIUM");
    return path && *path ? path : "/usr/bin/chromium";
}

std::optional<std::string> onPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string_view rest(path ? path : "");
    while (!rest.empty()) {
        auto colon = rest.find(':');
        auto dir = rest.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        if (dir.empty()) continue;
        auto candidate = fs::path(std::string(dir)) / name;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate.string();
    }
    return std::nullopt;
}

/// flock on a file in the temp dir: test processes of several build dirs share one node_modules.
class InstallLock {
public:
    InstallLock() {
        auto name = fmt::format("ob-migrate-studio-npm-{:016x}.lock", std::hash<std::string>{}(studioRoot().string()));
        fd_ = ::open((fs::temp_directory_path() / name).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) throw std::runtime_error("cannot lock " + name);
    }
    ~InstallLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    InstallLock(const InstallLock&) = delete;
    InstallLock& operator=(const InstallLock&) = delete;

private:
    int fd_ = -1;
};
}  // namespace

std::optional<std::string> browserUnavailable() {
    std::vector<std::string> missing;
    if (!onPath("node")) missing.push_back("node");
    if (!onPath("npm")) missing.push_back("npm");
    if (::access(chromiumPath().c_str(), X_OK) != 0) missing.push_back(chromiumPath());
    if (missing.empty()) return std::nullopt;
    return fmt::format("{} not found (Debian's nodejs, npm and chromium; .ci/install-deps installs them)",
                       fmt::join(missing, ", "));
}

bool requireBrowser() {
    if (auto reason = browserUnavailable()) {
        if (std::getenv("CI")) FAIL("the studio's browser tests cannot be skipped in CI: " << *reason);
        skipped = true;
        WARN("skipped: " << *reason);
        return false;
    }
    return true;
}

bool browserTestsSkipped() { return skipped; }

void installPlaywright() {
    static std::optional<std::string> failure;
    static bool done = false;
    if (done) return;
    if (failure) throw std::runtime_error(*failure);
    const auto root = studioRoot();
    InstallLock lock;
    const auto wanted = sha256Hex(readText(root / "package.json") + '\n' + readText(root / "package-lock.json"));
    const auto stamp = root / "node_modules" / ".ob-migrate-npm-ci";
    std::error_code ec;
    if (fs::exists(stamp, ec) && fs::exists(root / "node_modules" / "playwright-core" / "package.json", ec) &&
        readText(stamp) == wanted) {
        done = true;
        return;
    }
    auto r = runProcess({*onPath("npm"), "ci", "--prefix", root.string(), "--no-audit", "--no-fund", "--loglevel=error"},
                        {"PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"});
    if (r.exitCode != 0) {
        failure = fmt::format("`npm ci --prefix {}` failed (exit code {}): the browser tests need the npm registry "
                              "to install playwright-core.\n--- stdout ---\n{}\n--- stderr ---\n{}",
                              root.string(), r.exitCode, r.out, r.err);
        throw std::runtime_error(*failure);
    }
    writeText(stamp, wanted);
    done = true;
}

ProcessResult checkPage(nlohmann::json expectations, const fs::path& screenshotDir) {
    installPlaywright();
    fs::create_directories(screenshotDir);
    expectations["screenshotDir"] = screenshotDir.string();
    expectations["chromium"] = chromiumPath();
    TempDir dir;
    const auto file = dir / "expectations.json";
    writeText(file, expectations.dump(2));
    return runProcess({*onPath("node"), (studioRoot() / "browser" / "check_page.mjs").string(), file.string()});
}

}  // namespace ob::migrate::test::studio
