// SQL style against drizzle-kit's own output: the same diffs (between the snapshots drizzle-kit
// wrote in tests/schema/fixtures) render to the statements drizzle-kit wrote, except where
// ob::migrate deliberately does better.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>

#include "drizzle_steps.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/postgres/renderer.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {

fs::path fixture(const std::string& folder) {
    return fs::path(OB_MIGRATE_SOURCE_DIR) / "tests/schema/fixtures" / folder;
}

std::vector<std::string> drizzleStatements(const fs::path& sqlFile) {
    std::vector<std::string> out;
    // Chunks after the first start with the newline of "--> statement-breakpoint\n".
    for (const auto& s : splitStatements(test::readText(sqlFile)))
        out.push_back(!out.empty() && !s.sql.empty() && s.sql.front() == '\n' ? s.sql.substr(1) : s.sql);
    return out;
}

/// Our statements for drizzle-kit's step `index` (the diff between its snapshots).
std::vector<std::string> ours(const std::string& folder, const SqlRenderer& renderer, int index) {
    const fs::path meta = fixture(folder) / "meta";
    Schema before;
    before.dialect = std::string(renderer.dialect());
    if (index > 0) before = Snapshot::read(meta / fmt::format("{:04d}_snapshot.json", index - 1)).schema;
    Schema after = Snapshot::read(meta / fmt::format("{:04d}_snapshot.json", index)).schema;
    return renderer.render(diff(before, after));
}

fs::path sqlFile(const std::string& folder, int index) {
    for (const auto& e : fs::directory_iterator(fixture(folder)))
        if (e.path().extension() == ".sql" && e.path().filename().string().rfind(fmt::format("{:04d}_", index), 0) == 0)
            return e.path();
    FAIL("no sql file " << index);
    return {};
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

TEST_CASE("PostgreSQL statements are drizzle-kit's for the same changes", "[schema][render][postgres]") {
    postgres::Renderer renderer;
    // Create enum, tables, foreign keys, indexes; then new tables, added columns, their keys.
    CHECK(ours("drizzle-postgresql", renderer, 0) == drizzleStatements(sqlFile("drizzle-postgresql", 0)));
    CHECK(ours("drizzle-postgresql", renderer, 1) == drizzleStatements(sqlFile("drizzle-postgresql", 1)));
    // Step 3 changes columns. ob::migrate converts types with USING and fills NULLs with the new
    // default before SET NOT NULL, where drizzle-kit's statements fail on existing rows.
    CHECK(ours("drizzle-postgresql", renderer, 2) ==
          std::vector<std::string>{
              "ALTER TYPE \"public\".\"role\" ADD VALUE 'guest';",
              "DROP INDEX \"posts_published_idx\";",
              "ALTER TABLE \"tags\" ALTER COLUMN \"name\" SET DATA TYPE varchar(64) USING \"name\"::varchar(64);",
              "ALTER TABLE \"users\" ALTER COLUMN \"email\" SET DATA TYPE varchar(320) USING \"email\"::varchar(320);",
              "ALTER TABLE \"users\" ALTER COLUMN \"name\" SET DEFAULT 'anonymous';",
              "UPDATE \"users\" SET \"name\" = 'anonymous' WHERE \"name\" IS NULL;",
              "ALTER TABLE \"users\" ALTER COLUMN \"name\" SET NOT NULL;",
              "CREATE INDEX \"posts_published_idx\" ON \"posts\" USING btree (\"published_at\") WHERE "
              "\"posts\".\"published_at\" IS NOT NULL;",
              "ALTER TABLE \"users\" DROP COLUMN \"age\";",
          });
}

TEST_CASE("SQLite statements are drizzle-kit's for the same changes", "[schema][render][sqlite]") {
    sqlite::Renderer renderer;
    // drizzle-kit writes a table's indexes right after it; ob::migrate after all tables.
    CHECK(sorted(ours("drizzle-sqlite", renderer, 0)) == sorted(drizzleStatements(sqlFile("drizzle-sqlite", 0))));
    CHECK(sorted(ours("drizzle-sqlite", renderer, 1)) == sorted(drizzleStatements(sqlFile("drizzle-sqlite", 1))));
    // Rebuilds: each in its own PRAGMA foreign_keys=OFF/ON pair (drizzle-kit drops the repeated
    // pragmas of a second rebuild), indexes recreated inside it, NULLs copied as the new default.
    CHECK(ours("drizzle-sqlite", renderer, 2) ==
          std::vector<std::string>{
              "PRAGMA foreign_keys=OFF;",
              "CREATE TABLE `__new_tags` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`name` text(64) NOT NULL\n);\n",
              "INSERT INTO `__new_tags`(\"id\", \"name\") SELECT \"id\", \"name\" FROM `tags`;",
              "DROP TABLE `tags`;",
              "ALTER TABLE `__new_tags` RENAME TO `tags`;",
              "CREATE UNIQUE INDEX `tags_name_idx` ON `tags` (`name`);",
              "PRAGMA foreign_keys=ON;",
              "PRAGMA foreign_keys=OFF;",
              "CREATE TABLE `__new_users` (\n\t`id` integer PRIMARY KEY NOT NULL,\n\t`email` text NOT NULL,\n"
              "\t`name` text DEFAULT 'anonymous' NOT NULL,\n\t`age` integer\n);\n",
              "INSERT INTO `__new_users`(\"id\", \"email\", \"name\", \"age\") SELECT \"id\", \"email\", "
              "COALESCE(\"name\", 'anonymous'), \"age\" FROM `users`;",
              "DROP TABLE `users`;",
              "ALTER TABLE `__new_users` RENAME TO `users`;",
              "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);",
              "PRAGMA foreign_keys=ON;",
          });
}

TEST_CASE("the DSL resolves to the PostgreSQL schema drizzle-kit serialised", "[schema][snapshot][postgres]") {
    postgres::Renderer renderer;
    Schema expected = Snapshot::read(fixture("drizzle-postgresql") / "meta" / "0002_snapshot.json").schema;
    Schema ours = schema_test::drizzleStep3("postgresql").resolve(renderer);
    CHECK(ours.enums == expected.enums);
    REQUIRE(ours.tables.size() == expected.tables.size());
    for (const auto& t : expected.tables) {
        INFO("table " << t.name);
        REQUIRE(ours.findTable(t.name));
        CHECK(*ours.findTable(t.name) == t);
    }
}
