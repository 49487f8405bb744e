// The ob-migrate CLI on PostgreSQL: many processes at once, and parity with psql -f.
#include <catch2/catch.hpp>
#include <sstream>

#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using ob::migrate::test::contains;
using Catch::Matchers::Contains;

namespace {
std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

/// pg_dump --schema-only of everything but the tracking schema, minus lines that differ per run.
std::string schemaDump(const std::string& pgDump, const std::string& url) {
    auto r = test::runProcess({pgDump, "--schema-only", "--no-owner", "--no-privileges", "--exclude-schema=drizzle",
                               "--dbname", url});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    std::istringstream in(r.out);
    std::string line, out;
    while (std::getline(in, line)) {
        if (line.rfind("\\restrict", 0) == 0 || line.rfind("\\unrestrict", 0) == 0) continue;  // random keys
        out += line + '\n';
    }
    return out;
}

// Drizzle-Kit-style PostgreSQL migrations: enum, serial, FK, btree index, ALTER TYPE, a function
// with a dollar-quoted body, a trigger, a view, a custom file without breakpoints, and a file that
// runs outside a transaction.
std::vector<test::FolderEntry> drizzleStyleFolder() {
    return {
        {"0000_bright_falcon",
         "CREATE TYPE \"public\".\"role\" AS ENUM('admin', 'user');--> statement-breakpoint\n"
         "CREATE TABLE \"users\" (\n"
         "\t\"id\" serial PRIMARY KEY NOT NULL,\n"
         "\t\"email\" varchar(255) NOT NULL,\n"
         "\t\"role\" \"role\" DEFAULT 'user' NOT NULL,\n"
         "\t\"created_at\" timestamp DEFAULT now() NOT NULL,\n"
         "\tCONSTRAINT \"users_email_unique\" UNIQUE(\"email\")\n"
         ");\n"
         "--> statement-breakpoint\n"
         "CREATE TABLE \"posts\" (\n"
         "\t\"id\" serial PRIMARY KEY NOT NULL,\n"
         "\t\"author_id\" integer NOT NULL,\n"
         "\t\"title\" text DEFAULT 'untitled' NOT NULL,\n"
         "\t\"body\" jsonb\n"
         ");\n"
         "--> statement-breakpoint\n"
         "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_id_users_id_fk\" FOREIGN KEY (\"author_id\") "
         "REFERENCES \"public\".\"users\"(\"id\") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint\n"
         "CREATE INDEX \"posts_author_idx\" ON \"posts\" USING btree (\"author_id\");",
         0, true},
        {"0001_quiet_storm",
         "ALTER TABLE \"users\" ALTER COLUMN \"email\" SET DATA TYPE varchar(320);--> statement-breakpoint\n"
         "ALTER TABLE \"users\" ADD COLUMN \"bio\" text;--> statement-breakpoint\n"
         "CREATE FUNCTION touch() RETURNS trigger AS $$\n"
         "BEGIN\n"
         "  NEW.created_at := now(); -- a semicolon; inside dollar quotes\n"
         "  RETURN NEW;\n"
         "END;\n"
         "$$ LANGUAGE plpgsql;--> statement-breakpoint\n"
         "CREATE TRIGGER users_touch BEFORE UPDATE ON \"users\" FOR EACH ROW EXECUTE FUNCTION touch();"
         "--> statement-breakpoint\n"
         "CREATE VIEW \"admins\" AS SELECT id, email FROM users WHERE role = 'admin';",
         0, true},
        {"0002_custom_sequence",
         "-- Custom SQL migration file, put your code below! --\n"
         "COMMENT ON TABLE users IS 'people; with a semicolon';\n"
         "CREATE SEQUENCE invoice_no START 1000;\n"
         "ALTER TABLE posts ADD COLUMN invoice bigint DEFAULT nextval('invoice_no');",
         0, false},
        {"0003_created_index",
         "-- ob-migrate: no-transaction\n"
         "CREATE INDEX CONCURRENTLY \"users_created_idx\" ON \"users\" (\"created_at\");",
         0, true},
    };
}
}  // namespace

TEST_CASE("16 ob-migrate processes at once: every migration, and its INSERT, runs exactly once") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_events", "CREATE TABLE events (id serial PRIMARY KEY, note text NOT NULL);")
        .add("0001_seed",
             "INSERT INTO events (note) VALUES ('seeded once');\n--> statement-breakpoint\nSELECT pg_sleep(0.2);")
        .add("0002_index",
             "-- ob-migrate: no-transaction\nCREATE INDEX CONCURRENTLY events_note_idx ON events (note);")
        .add("0003_more", "INSERT INTO events (note) VALUES ('after the index');");

    auto results = test::runConcurrently({test::cliPath(), "migrate", "--db-type", "postgresql", "--url", db.url(),
                                          "--dir", folder.path()},
                                         16);
    std::string allOut;
    for (const auto& r : results) {
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exitCode == 0);
        allOut += r.out;
    }
    CHECK(db.scalarInt("SELECT count(*) FROM events WHERE note = 'seeded once'") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM events") == 2);
    CHECK(db.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 4);
    CHECK(db.scalarInt("SELECT count(DISTINCT created_at) FROM drizzle.__drizzle_migrations") == 4);
    for (const char* tag : {"0000_events", "0001_seed", "0002_index", "0003_more"})
        CHECK(occurrences(allOut, std::string("applied ") + tag + " in") == 1);
    CHECK(db.scalarInt("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "WHERE c.relname = 'events_note_idx' AND i.indisvalid") == 1);
}

TEST_CASE("ob-migrate migrate gives the same schema as psql -f of the files") {
    auto server = test::requirePgServer();
    if (!server) return;
    const std::string psql = test::findProgram("psql"), pgDump = test::findProgram("pg_dump");
    if (psql.empty() || pgDump.empty()) {
        if (std::getenv("CI")) FAIL("psql and pg_dump are needed (apt-get install postgresql-client)");
        WARN("skipped: psql or pg_dump not found");
        return;
    }
    test::TempDir dir;
    const auto entries = drizzleStyleFolder();
    test::writeFolder(dir.path(), "postgresql", entries);

    test::ScratchDatabase viaCli(*server);
    auto r = test::runProcess(
        {test::cliPath(), "migrate", "--db-type", "postgresql", "--url", viaCli.url(), "--dir", dir.path().string()});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK_THAT(r.out, Contains("4 migrations applied"));

    test::ScratchDatabase viaPsql(*server);
    for (const auto& e : entries) {
        auto p = test::runProcess({psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", viaPsql.url(), "-f",
                                   (dir.path() / (e.tag + ".sql")).string()});
        INFO(e.tag << ": " << p.err);
        REQUIRE(p.exitCode == 0);
    }

    const std::string cliSchema = schemaDump(pgDump, viaCli.url());
    const std::string psqlSchema = schemaDump(pgDump, viaPsql.url());
    CHECK(contains(cliSchema, "CREATE TABLE public.users"));
    CHECK(contains(cliSchema, "CREATE INDEX users_created_idx"));
    CHECK(contains(cliSchema, "CREATE FUNCTION public.touch()"));
    CHECK_FALSE(contains(cliSchema, "__drizzle_migrations"));
    CHECK(cliSchema == psqlSchema);
    CHECK(viaCli.scalarInt("SELECT count(*) FROM drizzle.__drizzle_migrations") == 4);
}
