// Each PostgreSQL rule: the unsafe form fires (naming tag, line and rule), the safe form does not.
#include <catch2/catch.hpp>

#include "lint_support.hpp"
#include "ob/migrate/error.hpp"

using ob::migrate::test::lintLast;
using ob::migrate::test::ruleIds;
using Ids = std::vector<std::string>;

namespace {
const std::string kUsers =
    "CREATE TABLE \"users\" (\n\t\"id\" integer PRIMARY KEY NOT NULL,\n\t\"email\" varchar(100),\n\t\"age\" integer,\n"
    "\t\"org_id\" integer\n);\n--> statement-breakpoint\nCREATE TABLE \"orgs\" (\"id\" integer PRIMARY KEY);";
constexpr const char* kNoTx = "-- ob-migrate: no-transaction\n";

Ids pg(const std::string& migration) { return ruleIds(lintLast("postgresql", {kUsers, migration})); }
}  // namespace

TEST_CASE("index-not-concurrent: on a table of an earlier migration, not on one created here", "[lint]") {
    auto findings = lintLast("postgresql", {kUsers, "\nCREATE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\");"});
    REQUIRE(ruleIds(findings) == Ids{"index-not-concurrent"});
    CHECK(findings[0].tag == "0001_m1");
    CHECK(findings[0].line == 2);
    CHECK(findings[0].severity == ob::migrate::LintSeverity::Error);
    CHECK(findings[0].format().rfind("0001_m1.sql:2: index-not-concurrent: creates index users_email_idx", 0) == 0);
    CHECK(pg("CREATE TABLE t (id int);\nCREATE UNIQUE INDEX t_idx ON t (id);").empty());
    CHECK(pg(std::string(kNoTx) + "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);").empty());
    // The first migration itself creates its tables: nothing existed before it.
    CHECK(ruleIds(lintLast("postgresql", {kUsers + "\n--> statement-breakpoint\nCREATE INDEX i ON users (email);"})).empty());
}

TEST_CASE("concurrently-in-transaction: CONCURRENTLY needs a no-transaction migration", "[lint]") {
    CHECK(pg("CREATE INDEX CONCURRENTLY i ON users (email);") == Ids{"concurrently-in-transaction"});
    CHECK(pg("DROP INDEX CONCURRENTLY i;") == Ids{"concurrently-in-transaction"});
    CHECK(pg("REINDEX INDEX CONCURRENTLY i;") == Ids{"concurrently-in-transaction"});
    CHECK(pg(std::string(kNoTx) + "DROP INDEX CONCURRENTLY i;\nREINDEX INDEX CONCURRENTLY i;").empty());
}

TEST_CASE("constraint-not-valid and constraint-not-validated", "[lint]") {
    const std::string fk = "ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs(id)";
    CHECK(pg(fk + ";") == Ids{"constraint-not-valid"});
    CHECK(pg("ALTER TABLE users ADD CONSTRAINT age_ck CHECK (age > 0);") == Ids{"constraint-not-valid"});
    CHECK(pg("ALTER TABLE users ADD COLUMN boss integer REFERENCES users(id);") == Ids{"constraint-not-valid"});
    // Validated in the same transaction: the lock of the ADD is still held.
    CHECK(pg(fk + " NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_org_fk;") == Ids{"constraint-not-valid"});
    // NOT VALID and never validated: a warning.
    auto never = lintLast("postgresql", {kUsers, fk + " NOT VALID;"});
    REQUIRE(ruleIds(never) == Ids{"constraint-not-validated"});
    CHECK(never[0].severity == ob::migrate::LintSeverity::Warning);
    // Validated by a later migration, or in a no-transaction one: quiet.
    CHECK(ruleIds(lintLast("postgresql", {kUsers, fk + " NOT VALID;", "ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;"}))
              .empty());
    auto all = ob::migrate::lint(ob::migrate::test::migrations(
        "postgresql", {kUsers, fk + " NOT VALID;", "ALTER TABLE users VALIDATE CONSTRAINT users_org_fk;"}));
    CHECK(all.findings.empty());
    CHECK(pg(std::string(kNoTx) + fk + " NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT users_org_fk;").empty());
    // On a table created in the same migration.
    CHECK(pg("CREATE TABLE t (id int, org int);\nALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (org) REFERENCES orgs(id);")
              .empty());
}

TEST_CASE("set-not-null: only through a validated check", "[lint]") {
    CHECK(pg("ALTER TABLE \"users\" ALTER COLUMN \"email\" SET NOT NULL;") == Ids{"set-not-null"});
    CHECK(ruleIds(lintLast("postgresql",
                           {kUsers, "ALTER TABLE users ADD CONSTRAINT email_nn CHECK (email IS NOT NULL) NOT VALID;",
                            "ALTER TABLE users VALIDATE CONSTRAINT email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT "
                            "NULL;"}))
              .empty());
    // A column added in this migration.
    CHECK(pg("ALTER TABLE users ADD COLUMN nick text;\nALTER TABLE users ALTER COLUMN nick SET NOT NULL;").empty());
}

TEST_CASE("type-rewrite: only changes that rewrite", "[lint]") {
    CHECK(pg("ALTER TABLE users ALTER COLUMN age SET DATA TYPE bigint;") == Ids{"type-rewrite"});
    CHECK(pg("ALTER TABLE users ALTER COLUMN email TYPE varchar(50);") == Ids{"type-rewrite"});
    CHECK(pg("ALTER TABLE users ALTER COLUMN email TYPE text USING upper(email);") == Ids{"type-rewrite"});
    CHECK(pg("ALTER TABLE users ALTER COLUMN email SET DATA TYPE varchar(200) USING \"email\"::varchar(200);").empty());
    CHECK(pg("ALTER TABLE users ALTER COLUMN email TYPE text;").empty());
    // An unknown old type is assumed to rewrite.
    CHECK(pg("ALTER TABLE elsewhere ALTER COLUMN x TYPE text;") == Ids{"type-rewrite"});
}

TEST_CASE("volatile-default: per-row defaults rewrite an existing table", "[lint]") {
    CHECK(pg("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();") == Ids{"volatile-default"});
    CHECK(pg("ALTER TABLE users ADD COLUMN n bigserial;") == Ids{"volatile-default"});
    CHECK(pg("ALTER TABLE users ADD COLUMN at timestamp DEFAULT clock_timestamp() NOT NULL;") == Ids{"volatile-default"});
    CHECK(pg("ALTER TABLE users ADD COLUMN at timestamp DEFAULT now() NOT NULL;").empty());
    CHECK(pg("ALTER TABLE users ADD COLUMN state text DEFAULT 'draft';").empty());
    CHECK(pg("CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN token uuid DEFAULT gen_random_uuid();").empty());
}

TEST_CASE("unique-without-index", "[lint]") {
    CHECK(pg("ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_unique\" UNIQUE(\"email\");") ==
          Ids{"unique-without-index"});
    CHECK(pg("ALTER TABLE orgs ADD PRIMARY KEY (id);") == Ids{"unique-without-index"});
    CHECK(pg("ALTER TABLE users ADD CONSTRAINT users_email_unique UNIQUE USING INDEX users_email_idx;").empty());
}

TEST_CASE("rename and drop of what the previous schema had", "[lint]") {
    CHECK(pg("ALTER TABLE users RENAME COLUMN email TO mail;") == Ids{"rename-column"});
    CHECK(pg("ALTER TABLE users RENAME TO people;") == Ids{"rename-table"});
    auto drops = lintLast("postgresql", {kUsers, "ALTER TABLE users DROP COLUMN age;\nDROP TABLE orgs CASCADE;"});
    REQUIRE(ruleIds(drops) == Ids{"drop-column", "drop-table"});
    CHECK(drops[0].severity == ob::migrate::LintSeverity::Warning);
    CHECK(pg("CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;\nALTER TABLE t DROP COLUMN b;\nDROP TABLE t;")
              .empty());
}

TEST_CASE("enum-value-in-transaction: a new value used in the same transaction", "[lint]") {
    const std::string add = "ALTER TYPE \"public\".\"role\" ADD VALUE 'owner';\n";
    CHECK(pg(add + "UPDATE users SET email = 'owner' WHERE id = 1;") == Ids{"enum-value-in-transaction"});
    CHECK(pg(add).empty());
    CHECK(pg(std::string(kNoTx) + add + "UPDATE users SET email = 'owner' WHERE id = 1;").empty());
}

TEST_CASE("vacuum-full, cluster, reindex-not-concurrent, lock-table", "[lint]") {
    CHECK(pg("VACUUM FULL users;") == Ids{"vacuum-full"});
    CHECK(pg("VACUUM (FULL, ANALYZE) users;") == Ids{"vacuum-full"});
    CHECK(pg("VACUUM ANALYZE users;").empty());
    CHECK(pg("CLUSTER users USING users_pkey;") == Ids{"cluster"});
    CHECK(pg("REINDEX TABLE users;") == Ids{"reindex-not-concurrent"});
    CHECK(pg(std::string(kNoTx) + "REINDEX TABLE CONCURRENTLY users;").empty());
    CHECK(pg("LOCK TABLE users IN ACCESS EXCLUSIVE MODE;") == Ids{"lock-table"});
}

TEST_CASE("backfill-with-ddl: UPDATE without WHERE next to DDL on the table", "[lint]") {
    CHECK(pg("ALTER TABLE users ADD COLUMN score integer;\nUPDATE users SET score = 0;") == Ids{"backfill-with-ddl"});
    CHECK(pg("ALTER TABLE users ADD COLUMN score integer;\nUPDATE users SET score = 0 WHERE score IS NULL;").empty());
    CHECK(pg("UPDATE users SET age = 0;").empty());
}

TEST_CASE("lint-ignore: a comment line right above exempts one rule, with a reason", "[lint]") {
    const std::string index = "CREATE INDEX i ON users (email);";
    CHECK(pg("-- ob-migrate: lint-ignore index-not-concurrent users has 12 rows\n" + index).empty());
    CHECK(pg("-- ob-migrate: lint-ignore index-not-concurrent\n" + index) == Ids{"index-not-concurrent"});  // no reason
    CHECK(pg("-- ob-migrate: lint-ignore set-not-null tiny\n" + index) == Ids{"index-not-concurrent"});    // other rule
    CHECK(pg("-- ob-migrate: lint-ignore index-not-concurrent tiny\nSELECT 1;\n" + index) == Ids{"index-not-concurrent"});
}

TEST_CASE("the schema before a migration comes from the statements and the dollar quotes stay whole", "[lint]") {
    // A DO block's semicolons and a quote inside it do not split or confuse the statement list.
    auto findings = lintLast("postgresql",
                             {kUsers, "DO $$\nBEGIN\n  PERFORM 'it''s; fine';\nEND $$;\nCREATE INDEX i ON users (email);"});
    REQUIRE(ruleIds(findings) == Ids{"index-not-concurrent"});
    CHECK(findings[0].line == 5);
    // --since: only later migrations are judged, earlier ones still shape the schema.
    auto set = ob::migrate::test::migrations("postgresql", {kUsers, "CREATE INDEX a ON users (email);", "CREATE INDEX b ON users (age);"});
    ob::migrate::LintOptions since;
    since.since = "0001_m1";
    auto report = ob::migrate::lint(set, {}, since);
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].tag == "0002_m2");
    CHECK(report.migrations == 1);
    since.since = "0009_nope";
    CHECK_THROWS_AS(ob::migrate::lint(set, {}, since), ob::migrate::ConfigError);
}
