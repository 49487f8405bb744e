#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "pg_skip.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <iostream>

namespace ob::migrate::check_test {

namespace {
constexpr const char* kVariable = "OB_MIGRATE_TEST_PG_URL";
std::atomic<bool> skipped{false};

class SkipListener : public Catch::TestEventListenerBase {
public:
    using TestEventListenerBase::TestEventListenerBase;
    void testRunEnded(const Catch::TestRunStats& stats) override {
        if (skipped && stats.totals.assertions.failed == 0 && stats.totals.testCases.failed == 0)
            std::cout << "OB_MIGRATE_POSTGRES_SKIPPED: " << kVariable
                      << " is not set (a PostgreSQL server URL); the PostgreSQL check tests did not run\n";
    }
};
}  // namespace

std::optional<std::string> requirePgServer() {
    const char* url = std::getenv(kVariable);
    if (url && *url) return std::string(url);
    if (std::getenv("CI")) FAIL("PostgreSQL tests cannot be skipped in CI: " << kVariable << " is not set");
    skipped = true;
    WARN("skipped: " << kVariable << " is not set (a PostgreSQL server URL)");
    return std::nullopt;
}

CATCH_REGISTER_LISTENER(SkipListener)

}  // namespace ob::migrate::check_test
