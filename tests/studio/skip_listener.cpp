// Makes a run that skipped tests visible to CTest: when PostgreSQL (OB_MIGRATE_TEST_PG_URL) or the
// browser (node, npm, chromium) was missing outside CI and nothing failed, print the marker
// CTest's SKIP_REGULAR_EXPRESSION looks for. In CI those tests fail instead of skipping.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>
#include <iostream>

#include "browser.hpp"
#ifdef OB_STUDIO_TEST_POSTGRES
#include "pg_scratch.hpp"
#endif

namespace {
class StudioSkipListener : public Catch::TestEventListenerBase {
public:
    using TestEventListenerBase::TestEventListenerBase;
    void testRunEnded(const Catch::TestRunStats& stats) override {
        if (stats.totals.assertions.failed != 0 || stats.totals.testCases.failed != 0) return;
        if (ob::migrate::test::studio::browserTestsSkipped())
            std::cout << "OB_MIGRATE_STUDIO_SKIPPED: " << ob::migrate::test::studio::browserUnavailable().value_or("")
                      << "; the browser tests did not run\n";
#ifdef OB_STUDIO_TEST_POSTGRES
        if (ob::migrate::test::pgTestsSkipped())
            std::cout << "OB_MIGRATE_STUDIO_SKIPPED: " << ob::migrate::test::pgUnavailableReason()
                      << "; the PostgreSQL tests did not run\n";
#endif
    }
};
}  // namespace

CATCH_REGISTER_LISTENER(StudioSkipListener)
