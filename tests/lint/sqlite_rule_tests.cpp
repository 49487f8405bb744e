// The SQLite rules: rebuilds of a parent with cascading children, and the pragma in a transaction.
#include <catch2/catch.hpp>

#include "lint_support.hpp"

using ob::migrate::test::lintLast;
using ob::migrate::test::ruleIds;
using Ids = std::vector<std::string>;

namespace {
const std::string kTables =
    "CREATE TABLE `issuers` (\n\t`id` text PRIMARY KEY NOT NULL,\n\t`name` text\n);\n--> statement-breakpoint\n"
    "CREATE TABLE `badges` (\n\t`id` text PRIMARY KEY NOT NULL,\n\t`issuer_id` text NOT NULL,\n\tFOREIGN KEY "
    "(`issuer_id`) REFERENCES `issuers`(`id`) ON UPDATE no action ON DELETE cascade\n);";
const std::string kRebuild =
    "CREATE TABLE `__new_issuers` (\n\t`id` text PRIMARY KEY NOT NULL,\n\t`name` text NOT NULL\n);\n"
    "--> statement-breakpoint\nINSERT INTO `__new_issuers`(\"id\", \"name\") SELECT \"id\", \"name\" FROM `issuers`;\n"
    "--> statement-breakpoint\nDROP TABLE `issuers`;\n--> statement-breakpoint\n"
    "ALTER TABLE `__new_issuers` RENAME TO `issuers`;";
}  // namespace

TEST_CASE("sqlite-rebuild-cascade: a parent rebuilt without the pragma lines", "[lint][sqlite]") {
    auto findings = lintLast("sqlite", {kTables, kRebuild});
    REQUIRE(ruleIds(findings) == Ids{"sqlite-rebuild-cascade"});
    CHECK(findings[0].line == 8);  // the DROP TABLE
    CHECK(findings[0].message.find("badges") != std::string::npos);
    // Drizzle Kit's form, with the pragma lines: quiet.
    CHECK(lintLast("sqlite", {kTables, "PRAGMA foreign_keys=OFF;--> statement-breakpoint\n" + kRebuild +
                                           "\n--> statement-breakpoint\nPRAGMA foreign_keys=ON;"})
              .empty());
    // A table without cascading children, or a plain drop (no rebuild): quiet.
    CHECK(lintLast("sqlite", {"CREATE TABLE `issuers` (`id` text PRIMARY KEY);", kRebuild}).empty());
    CHECK(lintLast("sqlite", {kTables, "DROP TABLE `badges`;"}).empty());
}

TEST_CASE("sqlite-pragma-in-transaction: PRAGMA foreign_keys after the file's own BEGIN", "[lint][sqlite]") {
    CHECK(ruleIds(lintLast("sqlite", {kTables, "BEGIN;\nPRAGMA foreign_keys=OFF;\nCOMMIT;"})) ==
          Ids{"sqlite-pragma-in-transaction"});
    CHECK(lintLast("sqlite", {kTables, "PRAGMA foreign_keys=OFF;\nBEGIN;\nCOMMIT;\nPRAGMA foreign_keys=ON;"}).empty());
}

TEST_CASE("sqlite-rebuild-cascade: a rebuild after the ON line is covered, as ob::migrate suspends the whole migration",
          "[lint][sqlite]") {
    // drizzle-kit writes a second rebuild after `PRAGMA foreign_keys=ON` (tests/schema/fixtures/drizzle-sqlite);
    // ob::migrate suspends enforcement around the whole transaction when the file has an OFF line.
    CHECK(lintLast("sqlite", {kTables, "PRAGMA foreign_keys=OFF;--> statement-breakpoint\nPRAGMA foreign_keys=ON;"
                                       "--> statement-breakpoint\n" + kRebuild})
              .empty());
}
