#include "backends.hpp"
#ifdef OB_MIGRATE_TEST_HAVE_POSTGRES
#include "pg_scratch.hpp"
#endif

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>

namespace ob::migrate::test {

namespace {
std::atomic<bool> skipped{false};
}  // namespace

bool requireAvailable(const std::string& what, const std::string& reason) {
    if (reason.empty()) return true;
    if (std::getenv("CI")) FAIL(what << " tests cannot be skipped in CI: " << reason);
    skipped = true;
    WARN("skipped " << what << ": " << reason);
    return false;
}

bool requireAvailable(const BackendKind& kind) { return requireAvailable(kind.dialect(), kind.unavailableReason()); }

bool skippedBackends() { return skipped; }

#ifdef OB_MIGRATE_TEST_HAVE_POSTGRES
std::optional<std::string> requirePgServer() {
    if (!requireAvailable("PostgreSQL", pgUnavailableReason())) return std::nullopt;
    return pgServerUrl();
}

bool pgTestsSkipped() { return skippedBackends(); }
#endif

std::unique_ptr<TestBackend> requireBackend(const std::string& dialect) {
    const BackendKind& kind = backendKind(dialect);
    if (!requireAvailable(kind)) return nullptr;
    return kind.freshDatabase();
}

void forEachBackend(const std::function<void(const BackendKind&)>& body) {
    for (const auto* kind : backendKinds()) {
        DYNAMIC_SECTION("backend " << kind->dialect()) {
            if (requireAvailable(*kind)) body(*kind);
        }
    }
}

}  // namespace ob::migrate::test
