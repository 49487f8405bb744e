// The round-trip scenarios on real SQLite files.
#include <catch2/catch.hpp>

#include "sqlite_backend.hpp"
#include "support.hpp"

using namespace ob::migrate;

TEST_CASE("sqlite round trips: every scenario generates, migrates, keeps its rows and matches the snapshot",
          "[schema][sqlite][roundtrip]") {
    for (const auto& [name, scenario] : schema_test::scenarios()) {
        DYNAMIC_SECTION(name) {
            test::TempDir dir;
            schema_test::SqliteBackend backend;
            scenario(backend, dir / "migrations");
        }
    }
}
