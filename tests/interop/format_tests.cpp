// The folders the installed drizzle-kit writes have exactly the layout of
// shared/docs/drizzle-compat.md, and ob::migrate reads (and would write) them byte for byte.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interop.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"

using namespace ob::migrate;
using namespace ob::migrate::interop;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {
using Json = nlohmann::ordered_json;

std::vector<std::string> keysOf(const Json& object) {
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
    return keys;
}

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
    return n;
}

void checkFolder(const std::string& dialect, const fs::path& folder) {
    const auto text = test::readText(folder / "meta" / "_journal.json");
    INFO(dialect << " journal:\n" << text);
    // 2-space indented, no trailing newline, keys in Drizzle's order.
    CHECK_THAT(text, StartsWith("{\n  \"version\": \"7\",\n  \"dialect\": \"" + dialect + "\",\n  \"entries\": ["));
    CHECK_THAT(text, EndsWith("]\n}"));
    const auto doc = Json::parse(text);
    CHECK(keysOf(doc) == std::vector<std::string>{"version", "dialect", "entries"});
    REQUIRE(doc["entries"].size() >= 3);

    std::int64_t previousWhen = 0;
    std::string previousSnapshotId = "00000000-0000-0000-0000-000000000000";
    for (std::size_t i = 0; i < doc["entries"].size(); ++i) {
        const auto& e = doc["entries"][i];
        CHECK(keysOf(e) == std::vector<std::string>{"idx", "version", "when", "tag", "breakpoints"});
        CHECK(e["idx"] == i);
        CHECK(e["version"] == Journal::entryVersionFor(dialect));
        CHECK(e["breakpoints"] == true);
        const auto tag = e["tag"].get<std::string>();
        CHECK_THAT(tag, StartsWith(fmt::format("{:04}_", i)));
        const auto when = e["when"].get<std::int64_t>();
        CHECK(when > previousWhen);
        CHECK(when > 1'600'000'000'000);  // epoch milliseconds
        previousWhen = when;

        // Statements joined by "--> statement-breakpoint\n", no trailing newline.
        const auto sql = test::readText(folder / (tag + ".sql"));
        CHECK_FALSE(sql.empty());
        CHECK(sql.back() != '\n');
        CHECK(count(sql, "--> statement-breakpoint") == count(sql, "--> statement-breakpoint\n"));

        const auto snapshot = Json::parse(test::readText(folder / "meta" / fmt::format("{:04}_snapshot.json", i)));
        if (dialect == "sqlite") {
            CHECK(keysOf(snapshot) == std::vector<std::string>{"version", "dialect", "id", "prevId", "tables", "views",
                                                               "enums", "_meta", "internal"});
            CHECK(snapshot["version"] == "6");
            CHECK(keysOf(snapshot["_meta"]) == std::vector<std::string>{"schemas", "tables", "columns"});
            CHECK(keysOf(snapshot["tables"]["users"]) ==
                  std::vector<std::string>{"name", "columns", "indexes", "foreignKeys", "compositePrimaryKeys",
                                           "uniqueConstraints", "checkConstraints"});
            CHECK(snapshot["tables"]["users"]["indexes"].contains("users_email_unique"));
        } else {
            CHECK(keysOf(snapshot) == std::vector<std::string>{"id", "prevId", "version", "dialect", "tables", "enums",
                                                               "schemas", "sequences", "roles", "policies", "views",
                                                               "_meta"});
            CHECK(snapshot["version"] == "7");
            CHECK(keysOf(snapshot["_meta"]) == std::vector<std::string>{"columns", "schemas", "tables"});
            CHECK(keysOf(snapshot["tables"]["public.users"]) ==
                  std::vector<std::string>{"name", "schema", "columns", "indexes", "foreignKeys",
                                           "compositePrimaryKeys", "uniqueConstraints", "policies",
                                           "checkConstraints", "isRLSEnabled"});
            CHECK(snapshot["tables"]["public.users"]["uniqueConstraints"].contains("users_email_unique"));
        }
        CHECK(snapshot["dialect"] == dialect);
        CHECK(snapshot["prevId"] == previousSnapshotId);
        previousSnapshotId = snapshot["id"].get<std::string>();
    }

    // ob::migrate parses the journal and writes it back byte for byte.
    CHECK(Journal::parse(text, "drizzle-kit journal").toJson() == text);

    // ob::migrate splits each file where Drizzle's runtime does and hashes the bytes as read.
    const auto set = MigrationSet::fromDirectory(folder);
    REQUIRE(set.size() == doc["entries"].size());
    CHECK(set.dialect() == dialect);
    for (const auto& m : set.migrations()) {
        const auto sql = test::readText(folder / (m.tag + ".sql"));
        CHECK(m.up.sql() == sql);
        CHECK(m.up.statements().size() == count(sql, "--> statement-breakpoint") + 1);
        CHECK(m.hash.size() == 64);
    }
}
}  // namespace

TEST_CASE("drizzle-kit generate writes the documented folder format", "[interop][format]") {
    if (!toolsReady()) return;
    INFO("drizzle-kit " << NodeTools::instance().installedVersion("drizzle-kit") << ", drizzle-orm "
                        << NodeTools::instance().installedVersion("drizzle-orm"));
    SECTION("sqlite") {
        const auto& folder = generatedFolder("sqlite");
        checkFolder("sqlite", folder);
        const auto set = MigrationSet::fromDirectory(folder);
        CHECK_THAT(set.migrations()[0].up.sql(), Contains("CREATE TABLE `users` (\n\t`id` integer PRIMARY KEY NOT NULL,") &&
                                                Contains("ON UPDATE no action ON DELETE cascade\n);\n--> statement-breakpoint\n") &&
                                                Contains("CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);"));
        CHECK_THAT(set.migrations()[1].up.sql(), Contains("ALTER TABLE `users` ADD `age` integer;"));
        CHECK_THAT(set.migrations()[2].up.sql(), StartsWith("PRAGMA foreign_keys=OFF;--> statement-breakpoint\n") &&
                                                Contains("ALTER TABLE `__new_users` RENAME TO `users`;"));
    }
    SECTION("postgresql") {
        const auto& folder = generatedFolder("postgresql");
        checkFolder("postgresql", folder);
        const auto set = MigrationSet::fromDirectory(folder);
        CHECK_THAT(set.migrations()[0].up.sql(),
                   StartsWith("CREATE TYPE \"public\".\"role\" AS ENUM('admin', 'user');--> statement-breakpoint\n") &&
                       Contains("CONSTRAINT \"users_email_unique\" UNIQUE(\"email\")") &&
                       Contains("REFERENCES \"public\".\"users\"(\"id\") ON DELETE cascade ON UPDATE no action;") &&
                       Contains("CREATE INDEX \"posts_author_idx\" ON \"posts\" USING btree (\"author_id\");"));
        CHECK_THAT(set.migrations()[2].up.sql(),
                   Contains("ALTER TABLE \"users\" ALTER COLUMN \"email\" SET DATA TYPE varchar(320);"));
    }
}
