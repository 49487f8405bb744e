// generate --online (GenerateOptions::online): the done-when folders of issue 15, linted, and
// migrated on a real PostgreSQL server (OB_MIGRATE_TEST_PG_URL) with rows in the tables.
#include <catch2/catch.hpp>

#include "ob/migrate/check.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/lint.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "ob/migrate/postgres/renderer.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "pg_scratch.hpp"
#include "support.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;

namespace {

dsl::Definition before() {
    auto orgs = table("orgs", {integer("id").primaryKey()});
    auto users = table("users", {integer("id").primaryKey(), text("email"), integer("org_id"), integer("age")});
    return schema({orgs, users});
}

/// An index, a unique constraint, a foreign key, a check and NOT NULL on tables that exist.
dsl::Definition after() {
    auto orgs = table("orgs", {integer("id").primaryKey()});
    auto users = table("users", {integer("id").primaryKey(), text("email").notNull().defaultValue("none"),
                                 integer("org_id").references(orgs, "id"), integer("age")})
                     .index("users_email_idx", {"email"})
                     .unique({"age"}, "users_age_unique")
                     .check("users_age_positive", "\"users\".\"age\" > 0");
    return schema({orgs, users});
}

std::int64_t tick = 1700000000000;

GenerateResult write(const dsl::Definition& d, const std::filesystem::path& dir, bool online, std::string name) {
    postgres::Renderer renderer;
    GenerateOptions options;
    options.name = std::move(name);
    options.online = online;
    options.clock = [] { return tick += 1000; };
    return generate(d, dir, renderer, options);
}

}  // namespace

TEST_CASE("lint fails the default folder and passes the one generate --online wrote", "[lint][online]") {
    test::TempDir plain, online;
    write(before(), plain.path(), false, "first");
    auto second = write(after(), plain.path(), false, "second");
    CHECK(second.more.empty());
    CHECK(second.sql.find("CREATE INDEX \"users_email_idx\" ON \"users\" USING btree (\"email\");") != std::string::npos);
    auto report = lintFolder(plain.path());
    CHECK(report.hasErrors());
    bool index = false;
    for (const auto& f : report.findings)
        if (f.rule == "index-not-concurrent" && f.tag == "0001_second" && f.line > 0) index = true;
    CHECK(index);
    auto r = test::runProcess({test::cliPath(), "--dir", plain.path().string(), "lint"});
    CHECK(r.exitCode == 3);
    CHECK(r.out.find("0001_second.sql:") != std::string::npos);

    write(before(), online.path(), true, "first");  // only new tables: written as usual
    auto safe = write(after(), online.path(), true, "second");
    REQUIRE(safe.more.size() == 1);
    CHECK(safe.tag == "0001_second");
    CHECK(safe.sql.find("NOT VALID;") != std::string::npos);
    CHECK(safe.sql.find("CREATE INDEX") == std::string::npos);
    const auto& own = safe.more[0];
    CHECK(own.tag == "0002_second_online");
    CHECK(own.sql.rfind("-- ob-migrate: no-transaction\n", 0) == 0);
    CHECK(own.sql.find("CREATE INDEX CONCURRENTLY \"users_email_idx\"") != std::string::npos);
    CHECK(own.sql.find("CREATE UNIQUE INDEX CONCURRENTLY \"users_age_unique\"") != std::string::npos);
    CHECK(own.sql.find("VALIDATE CONSTRAINT") != std::string::npos);
    CHECK(own.sql.find("SET NOT NULL") != std::string::npos);
    auto clean = lintFolder(online.path());
    for (const auto& f : clean.findings) UNSCOPED_INFO(f.format());
    CHECK(clean.findings.empty());
    r = test::runProcess({test::cliPath(), "--dir", online.path().string(), "lint"});
    CHECK(r.exitCode == 0);
    CHECK(checkFolder(online.path()).empty());
    // Nothing changed since: generate --online writes nothing.
    CHECK_FALSE(write(after(), online.path(), true, "again").changed);
}

TEST_CASE("generate --online --dry-run writes nothing and shows both migrations", "[lint][online]") {
    test::TempDir dir;
    write(before(), dir.path(), false, "first");
    postgres::Renderer renderer;
    GenerateOptions options;
    options.online = true;
    options.dryRun = true;
    options.name = "second";
    auto result = generate(after(), dir.path(), renderer, options);
    CHECK_FALSE(result.written);
    REQUIRE(result.more.size() == 1);
    CHECK(result.more[0].tag == "0002_second_online");
    CHECK(result.more[0].sqlFile.parent_path() == dir.path());
    CHECK_FALSE(std::filesystem::exists(dir.path() / "0001_second.sql"));
}

TEST_CASE("the folder generate --online wrote migrates on a real server, rows kept", "[lint][online][postgres]") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::TempDir dir;
    write(before(), dir.path(), true, "first");
    test::ScratchDatabase db(*server);
    {
        postgres::Dialect dialect(db.url());
        Migrator(dialect, MigrationSet::fromDirectory(dir.path())).upToDate();
    }
    db.exec("INSERT INTO orgs VALUES (1); INSERT INTO users VALUES (1, 'a@x', 1, 30), (2, NULL, NULL, 40);");
    write(after(), dir.path(), true, "second");
    postgres::Dialect dialect(db.url());
    auto report = Migrator(dialect, MigrationSet::fromDirectory(dir.path())).upToDate();
    CHECK(db.scalar("SELECT count(*) FROM users") == "2");
    CHECK(db.scalar("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "WHERE c.relname IN ('users_email_idx', 'users_age_unique') AND i.indisvalid") == "2");
    CHECK(db.scalar("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND NOT convalidated") == "0");
    CHECK(db.scalar("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email'") ==
          "true");
    CHECK(db.scalar("SELECT count(*) FROM pg_constraint WHERE conname = 'users_email_not_null'") == "0");
    // The live schema is the last snapshot's: no drift.
    auto check = ob::migrate::check(dialect, dir.path());
    for (const auto& f : check.findings) UNSCOPED_INFO(f.message);
    CHECK(check.clean());
}

#ifdef LINT_PROJECT_CLI
TEST_CASE("generate prints the lint findings of what it wrote; generate --online writes none", "[lint][online][cli]") {
    test::TempDir dir;
    auto generateCli = [&](const std::string& folder, const std::string& step, std::vector<std::string> extra) {
        std::vector<std::string> argv{LINT_PROJECT_CLI, "--db-type", "postgresql", "--dir", (dir.path() / folder).string(),
                                      "generate"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return test::runProcess(argv, {"LINT_TEST_STEP=" + step});
    };
    auto r = generateCli("plain", "1", {"--name", "first"});
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find(".sql:") == std::string::npos);  // new tables only: nothing to say
    r = generateCli("plain", "2", {"--name", "second"});
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("0001_second.sql:") != std::string::npos);
    CHECK(r.out.find(": index-not-concurrent: creates index users_email_idx") != std::string::npos);
    CHECK(r.out.find(": constraint-not-valid:") != std::string::npos);
    CHECK(r.out.find(": set-not-null:") != std::string::npos);

    REQUIRE(generateCli("online", "1", {"--name", "first", "--online"}).exitCode == 0);
    r = generateCli("online", "2", {"--name", "second", "--online"});
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.find("0001_second.sql") != std::string::npos);
    CHECK(r.out.find("0002_second_online.sql") != std::string::npos);
    CHECK(r.out.find(".sql:") == std::string::npos);
    CHECK(test::runProcess({test::cliPath(), "--dir", (dir.path() / "online").string(), "lint"}).exitCode == 0);
}
#endif

TEST_CASE("generate --online changes nothing on SQLite", "[lint][online][sqlite]") {
    test::TempDir plain, online;
    sqlite::Renderer renderer;
    for (auto* dir : {&plain, &online}) {
        GenerateOptions options;
        options.online = dir == &online;
        options.clock = [] { return std::int64_t{1700000000000}; };
        options.name = "first";
        generate(before(), dir->path(), renderer, options);
        options.name = "second";
        options.clock = [] { return std::int64_t{1700000005000}; };
        auto r = generate(after(), dir->path(), renderer, options);
        CHECK(r.more.empty());
    }
    CHECK(test::readText(plain.path() / "0001_second.sql") == test::readText(online.path() / "0001_second.sql"));
}
