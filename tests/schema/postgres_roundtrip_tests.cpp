// The round-trip scenarios and the badges schema on a real PostgreSQL (OB_MIGRATE_TEST_PG_URL):
// a fresh database of the test harness per scenario. Without a server the run says so (and fails
// in CI).
#include <catch2/catch.hpp>

#include "ob/migrate/generate.hpp"
#include "ob/migrate/snapshot.hpp"
#include "postgres_backend.hpp"
#include "schema.hpp"
#include "support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

TEST_CASE("postgres round trips: every scenario generates, migrates, keeps its rows and matches the snapshot",
          "[schema][postgres][roundtrip]") {
    if (!test::requireAvailable(test::backendKind("postgresql"))) return;
    for (const auto& [name, scenario] : schema_test::scenarios()) {
        DYNAMIC_SECTION(name) {
            test::TempDir dir;
            schema_test::PostgresBackend backend;
            scenario(backend, dir / "migrations");
        }
    }
}

TEST_CASE("the badges schema generates from an empty folder and applies cleanly on PostgreSQL",
          "[schema][postgres][badges]") {
    if (!test::requireAvailable(test::backendKind("postgresql"))) return;
    test::TempDir dir;
    schema_test::PostgresBackend backend;
    GenerateOptions options;
    options.name = "init";
    schema_test::step(backend, badges::badgesSchema(), dir / "migrations", options);
    backend.exec("INSERT INTO \"users\" (\"email\") VALUES ('ada@example.org')");
    backend.exec("INSERT INTO \"issuers\" (\"id\", \"name\") VALUES ('iss-1', 'Example U')");
    backend.exec("INSERT INTO \"badge_classes\" (\"id\", \"issuer_id\", \"name\", \"description\") VALUES ('bc-1', "
                 "'iss-1', 'Rust', 'Knows Rust')");
    backend.exec("INSERT INTO \"recipient_identities\" (\"id\", \"identity\") VALUES ('r-1', 'ada@example.org')");
    backend.exec("INSERT INTO \"assertions\" (\"id\", \"badge_class_id\", \"issuer_id\", \"recipient_id\") VALUES "
                 "('a-1', 'bc-1', 'iss-1', 'r-1')");
    CHECK(backend.scalar("SELECT \"revoked\" FROM \"assertions\"") == "f");
    CHECK(backend.scalar("SELECT \"scopes\"::text FROM \"api_keys\" UNION ALL SELECT '[]' LIMIT 1") == "[]");
}

TEST_CASE("the checked-in badges PostgreSQL folder is up to date and applies", "[schema][postgres][badges]") {
    const fs::path folder = fs::path(OB_MIGRATE_SOURCE_DIR) / "examples/badges-server/drizzle/pg-migrations";
    REQUIRE(fs::exists(folder / "meta" / "_journal.json"));
    test::TempDir dir;
    fs::copy(folder, dir / "pg-migrations", fs::copy_options::recursive);
    postgres::Renderer renderer;
    GenerateResult r = generate(badges::badgesSchema(), dir / "pg-migrations", renderer);
    INFO("regenerate examples/badges-server/drizzle/pg-migrations: " << r.sql);
    CHECK_FALSE(r.changed);
    if (!test::requireAvailable(test::backendKind("postgresql"))) return;
    schema_test::PostgresBackend backend;
    backend.migrate(folder);
    backend.requireMatches(badges::badgesSchema().resolve(renderer));
}
