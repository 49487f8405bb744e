// Headless Chromium for the studio tests: Debian's /usr/bin/chromium driven by playwright-core,
// pinned in tests/studio/package-lock.json and installed with `npm ci --prefix tests/studio`.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "support.hpp"

namespace ob::migrate::test::studio {

/// Why the browser tests cannot run here (node, npm or chromium missing), or nullopt.
std::optional<std::string> browserUnavailable();

/// For a Catch2 test case: true when the browser can run; else FAILs (env CI set) or WARNs that
/// the test is skipped, and returns false.
bool requireBrowser();
/// True once requireBrowser() skipped a test in this process.
bool browserTestsSkipped();

/// `npm ci` into tests/studio/node_modules unless this lockfile is installed already (once per
/// process; concurrent test processes wait for each other). Throws std::runtime_error.
void installPlaywright();

/// Runs browser/check_page.mjs with `expectations` (the url and what the page must show); the
/// screenshots go to `screenshotDir`.
ProcessResult checkPage(nlohmann::json expectations, const std::filesystem::path& screenshotDir);

}  // namespace ob::migrate::test::studio
