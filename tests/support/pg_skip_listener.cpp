// Makes a run without a server visible to CTest: when tests were skipped for want of
// OB_MIGRATE_TEST_PG_URL and nothing failed, print the marker CTest's SKIP_REGULAR_EXPRESSION
// looks for. A failure anywhere keeps the run failed.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>
#include <iostream>

#include "pg_scratch.hpp"

namespace {
class PgSkipListener : public Catch::TestEventListenerBase {
public:
    using TestEventListenerBase::TestEventListenerBase;
    void testRunEnded(const Catch::TestRunStats& stats) override {
        if (ob::migrate::test::pgTestsSkipped() && stats.totals.assertions.failed == 0 &&
            stats.totals.testCases.failed == 0)
            std::cout << "OB_MIGRATE_POSTGRES_SKIPPED: " << ob::migrate::test::pgUnavailableReason()
                      << "; the tests that need a server did not run\n";
    }
};
}  // namespace

CATCH_REGISTER_LISTENER(PgSkipListener)
