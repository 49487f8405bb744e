// Generating SQL needs no database driver: this executable links ob::migrate alone (no
// ob::migrate_sqlite, no ob::migrate_postgres), renders both dialects, and
// check_no_driver.cmake proves neither SQLiteCpp / libsqlite3 nor libpqxx / libpq is in it.
#include <catch2/catch.hpp>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_RENDER_TEST_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif

using namespace ob::migrate;
using namespace ob::migrate::dsl;

namespace {
Definition users() {
    return schema({table("users", {integer("id").primaryKey(), text("email").notNull().unique()})});
}
}  // namespace

TEST_CASE("the SQLite renderer writes Drizzle Kit's SQL without SQLiteCpp", "[render]") {
    const sqlite::Renderer renderer;
    CHECK(exportSql(users(), renderer) ==
          std::vector<std::string>{"CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL\n);\n",
                                   "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);"});
}

#ifdef OB_RENDER_TEST_POSTGRES
TEST_CASE("the PostgreSQL renderer writes Drizzle Kit's SQL without libpqxx", "[render]") {
    const postgres::Renderer renderer;
    const auto statements = exportSql(users(), renderer);
    REQUIRE(statements.size() == 1);
    CHECK(statements[0] ==
          "CREATE TABLE \"users\" (\n\t\"id\" integer PRIMARY KEY NOT NULL,\n\t\"email\" text NOT NULL,\n"
          "\tCONSTRAINT \"users_email_unique\" UNIQUE(\"email\")\n);\n");
}
#endif
