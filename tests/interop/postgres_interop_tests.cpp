// Interop on a real PostgreSQL (OB_MIGRATE_TEST_PG_URL), a fresh database per case: a folder
// written by the real `drizzle-kit generate`, applied partly by drizzle-orm/node-postgres's
// migrator and partly by ob-migrate, in both orders. Built when the postgresql backend is.
#ifdef OB_MIGRATE_INTEROP_POSTGRES

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <optional>
#include <pqxx/pqxx>

#include "interop.hpp"
#include "pg_scratch.hpp"
#include "ob/migrate/journal.hpp"

using namespace ob::migrate;
using namespace ob::migrate::interop;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

using test::ScratchDatabase;

/// `--db-type postgresql --url <db>` for the ob-migrate CLI.
std::vector<std::string> cliConnection(const ScratchDatabase& db) {
    return {"--db-type", "postgresql", "--url", db.url()};
}

std::string field(const pqxx::field& f) { return f.is_null() ? "NULL" : f.c_str(); }

/// Tables' columns, constraints, indexes, enums and sequences of schema public, sorted.
std::vector<std::string> schemaOf(const std::string& url) {
    pqxx::connection c(url);
    pqxx::read_transaction tx(c);
    const char* queries[] = {
        "SELECT 'column', table_name, column_name, data_type, udt_name, character_maximum_length, is_nullable, "
        "column_default FROM information_schema.columns WHERE table_schema = 'public'",
        "SELECT 'constraint', conrelid::regclass::text, conname, contype::text, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
        "SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
        "SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_type t "
        "JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname",
        "SELECT 'sequence', sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = 'public'",
    };
    std::vector<std::string> out;
    for (const char* q : queries) {
        for (const auto& row : tx.exec(q)) {
            std::string line;
            for (const auto& f : row) line += (line.empty() ? "" : " | ") + field(f);
            out.push_back(line);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> trackingRowsOf(const std::string& url) {
    pqxx::connection c(url);
    pqxx::read_transaction tx(c);
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (const auto& row : tx.exec("SELECT hash, created_at FROM drizzle.__drizzle_migrations"))
        rows.emplace_back(row[0].as<std::string>(), row[1].as<std::int64_t>());
    std::sort(rows.begin(), rows.end());
    return rows;
}

test::ProcessResult obMigratePg(const ScratchDatabase& db, const fs::path& folder) {
    auto args = cliConnection(db);
    args.insert(args.end(), {"--dir", folder.string(), "migrate"});
    return obMigrate(args);
}

std::size_t appliedLines(const std::string& out) {
    std::size_t n = 0;
    for (std::size_t pos = out.find("applied "); pos != std::string::npos; pos = out.find("applied ", pos + 1))
        if (pos == 0 || out[pos - 1] == '\n') ++n;
    return n;
}

/// The schema drizzle-orm alone builds from the whole folder.
const std::vector<std::string>& referenceSchema(const std::string& server) {
    static std::optional<std::vector<std::string>> cached;
    if (!cached) {
        ScratchDatabase db(server);
        NodeTools::instance().migratePostgres(db.url(), generatedFolder("postgresql"));
        cached = schemaOf(db.url());
    }
    return *cached;
}

}  // namespace

TEST_CASE("drizzle-orm applies the first migrations, ob-migrate the rest (PostgreSQL)", "[interop][postgres]") {
    if (!toolsReady()) return;
    auto server = test::requirePgServer();
    if (!server) return;
    const auto& folder = generatedFolder("postgresql");
    const auto total = journalSize(folder);
    REQUIRE(total >= 3);
    REQUIRE(referenceSchema(*server).size() >= 20);

    for (std::size_t n = 1; n <= total; ++n) {
        DYNAMIC_SECTION("drizzle-orm applies " << n << " of " << total) {
            ScratchDatabase db(*server);
            NodeTools::instance().migratePostgres(db.url(), folder, static_cast<int>(n));
            REQUIRE(trackingRowsOf(db.url()).size() == n);

            auto first = obMigratePg(db, folder);
            INFO("ob-migrate migrate: " << first.out << first.err);
            REQUIRE(first.exitCode == 0);
            CHECK(appliedLines(first.out) == total - n);
            requireAllApplied(cliConnection(db), folder);

            auto second = obMigratePg(db, folder);
            REQUIRE(second.exitCode == 0);
            CHECK_THAT(second.out, Contains("nothing to apply"));

            CHECK(trackingRowsOf(db.url()) == expectedTrackingRows(folder));
            CHECK(schemaOf(db.url()) == referenceSchema(*server));
        }
    }
}

TEST_CASE("ob-migrate applies the first migrations, drizzle-orm the rest (PostgreSQL)", "[interop][postgres]") {
    if (!toolsReady()) return;
    auto server = test::requirePgServer();
    if (!server) return;
    const auto& folder = generatedFolder("postgresql");
    const auto total = journalSize(folder);
    REQUIRE(total >= 3);

    for (std::size_t n = 1; n <= total; ++n) {
        DYNAMIC_SECTION("ob-migrate applies " << n << " of " << total) {
            ScratchDatabase db(*server);
            test::TempDir tmp;
            copyFirstEntries(folder, tmp / "first", n);
            auto first = obMigratePg(db, tmp / "first");
            INFO("ob-migrate migrate: " << first.out << first.err);
            REQUIRE(first.exitCode == 0);
            REQUIRE(appliedLines(first.out) == n);

            NodeTools::instance().migratePostgres(db.url(), folder);
            CHECK(trackingRowsOf(db.url()) == expectedTrackingRows(folder));
            CHECK(schemaOf(db.url()) == referenceSchema(*server));

            requireAllApplied(cliConnection(db), folder);
            auto again = obMigratePg(db, folder);
            REQUIRE(again.exitCode == 0);
            CHECK(appliedLines(again.out) == 0);
        }
    }
}

TEST_CASE("a folder drizzle-kit wrote migrates to the same schema as psql -f of its files", "[interop][postgres]") {
    if (!toolsReady()) return;
    auto server = test::requirePgServer();
    if (!server) return;
    auto lookup = test::runProcess({"/bin/sh", "-c", "command -v psql"});
    std::string psql = lookup.out.substr(0, lookup.out.find('\n'));
    if (lookup.exitCode != 0 || psql.empty()) {
        if (std::getenv("CI")) FAIL("psql is needed (apt-get install postgresql-client)");
        WARN("skipped: psql not found");
        return;
    }
    const auto& folder = generatedFolder("postgresql");
    const auto journal = Journal::parse(test::readText(folder / "meta" / "_journal.json"), "journal");

    ScratchDatabase viaPsql(*server);
    for (const auto& entry : journal.entries) {  // `--> statement-breakpoint` is an SQL comment to psql
        auto r = test::runProcess({psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--dbname", viaPsql.url(), "-f",
                                   (folder / (entry.tag + ".sql")).string()});
        INFO(entry.tag << ": " << r.err);
        REQUIRE(r.exitCode == 0);
    }
    ScratchDatabase viaTool(*server);
    auto first = obMigratePg(viaTool, folder);
    INFO(first.out << first.err);
    REQUIRE(first.exitCode == 0);
    CHECK(appliedLines(first.out) == journal.entries.size());
    CHECK(schemaOf(viaTool.url()) == schemaOf(viaPsql.url()));
    auto second = obMigratePg(viaTool, folder);
    REQUIRE(second.exitCode == 0);
    CHECK_THAT(second.out, Contains("nothing to apply"));
}

#endif  // OB_MIGRATE_INTEROP_POSTGRES
