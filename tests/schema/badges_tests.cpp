// The Badges server's schema (examples/badges-server/schema.cpp): 14 tables in the Open Badges
// API's shape, generated from nothing, applied to SQLite, and its checked-in folder up to date.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "ob/migrate/generate.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "schema.hpp"
#include "sqlite_backend.hpp"
#include "support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

TEST_CASE("the badges schema has the Open Badges API's tables", "[schema][badges]") {
    auto def = badges::badgesSchema();
    CHECK(def.tables().size() >= 12);
    for (const char* name : {"issuers", "badge_classes", "assertions", "users", "roles", "user_roles", "api_keys",
                             "platforms", "platform_users", "status_lists", "recipient_identities", "evidence",
                             "alignments"})
        CHECK(def.findTable(name));
}

TEST_CASE("the badges schema generates from an empty folder and applies cleanly on SQLite", "[schema][badges]") {
    test::TempDir dir;
    schema_test::SqliteBackend backend;
    GenerateOptions options;
    options.name = "init";
    GenerateResult r = schema_test::step(backend, badges::badgesSchema(), dir / "migrations", options);
    CHECK(r.statements.size() > 14);
    // The schema holds the rows the server writes, with its keys and checks enforced.
    backend.exec("INSERT INTO \"users\" (\"email\", \"display_name\") VALUES ('ada@example.org', 'Ada')");
    const std::string user = backend.scalar("SELECT \"id\" FROM \"users\"");
    CHECK(user.size() == 36);  // a generated UUID
    backend.exec("INSERT INTO \"issuers\" (\"id\", \"name\", \"owner_id\") VALUES ('iss-1', 'Example U', '" + user + "')");
    backend.exec("INSERT INTO \"badge_classes\" (\"id\", \"issuer_id\", \"name\", \"description\") VALUES ('bc-1', "
                 "'iss-1', 'Rust', 'Knows Rust')");
    backend.exec("INSERT INTO \"recipient_identities\" (\"id\", \"identity\") VALUES ('r-1', 'ada@example.org')");
    backend.exec("INSERT INTO \"assertions\" (\"id\", \"badge_class_id\", \"issuer_id\", \"recipient_id\") VALUES "
                 "('a-1', 'bc-1', 'iss-1', 'r-1')");
    CHECK(backend.scalar("SELECT \"revoked\" FROM \"assertions\"") == "0");
    CHECK_THROWS(backend.exec("INSERT INTO \"status_lists\" (\"id\", \"issuer_id\", \"encoded_list\", \"size\") VALUES "
                              "('s-1', 'iss-1', 'H4sI', 0)"));
    CHECK_THROWS(backend.exec("DELETE FROM \"recipient_identities\""));  // ON DELETE restrict
    backend.exec("DELETE FROM \"issuers\"");
    CHECK(backend.count("assertions") == 0);  // cascaded
}

TEST_CASE("the checked-in badges SQLite folder is up to date and applies", "[schema][badges]") {
    const fs::path folder = fs::path(OB_MIGRATE_SOURCE_DIR) / "examples/badges-server/drizzle/migrations";
    REQUIRE(fs::exists(folder / "meta" / "_journal.json"));
    test::TempDir dir;
    fs::copy(folder, dir / "migrations", fs::copy_options::recursive);
    sqlite::Renderer renderer;
    GenerateResult r = generate(badges::badgesSchema(), dir / "migrations", renderer);
    INFO("regenerate examples/badges-server/drizzle/migrations: " << r.sql);
    CHECK_FALSE(r.changed);
    schema_test::SqliteBackend backend;
    backend.migrate(folder);
    backend.requireMatches(badges::badgesSchema().resolve(renderer));
}
