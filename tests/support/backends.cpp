#include "backends.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <stdexcept>

namespace ob::migrate::test {

// Each backend's file (sqlite_test_backend.cpp, postgres_test_backend.cpp) defines its kind.
const BackendKind& sqliteBackendKind();
#ifdef OB_MIGRATE_TEST_HAVE_POSTGRES
const BackendKind& postgresBackendKind();
#endif

namespace {
std::atomic<bool> skipped{false};
}  // namespace

long long TestBackend::queryInt(const std::string& sql) const {
    auto value = scalar(sql);
    if (!value) throw std::runtime_error("NULL from: " + sql);
    return std::stoll(*value);
}

const std::vector<const BackendKind*>& backendKinds() {
    static const std::vector<const BackendKind*> all{
        &sqliteBackendKind(),
#ifdef OB_MIGRATE_TEST_HAVE_POSTGRES
        &postgresBackendKind(),
#endif
    };
    return all;
}

const BackendKind& backendKind(const std::string& dialect) {
    for (const auto* kind : backendKinds())
        if (kind->dialect() == dialect) return *kind;
    throw std::invalid_argument("no test backend for dialect '" + dialect + "' in this build");
}

bool requireAvailable(const std::string& what, const std::string& reason) {
    if (reason.empty()) return true;
    if (std::getenv("CI")) FAIL(what << " tests cannot be skipped in CI: " << reason);
    skipped = true;
    WARN("skipped " << what << ": " << reason);
    return false;
}

bool requireAvailable(const BackendKind& kind) { return requireAvailable(kind.dialect(), kind.unavailableReason()); }

bool skippedBackends() { return skipped; }

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
