#include "scenarios.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "folders.hpp"
#include "ob/migrate/check.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/compare.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"
#include "support.hpp"

namespace ob::migrate::check_test {

namespace fs = std::filesystem;
using test::ProcessResult;

namespace {

ProcessResult cli(const std::vector<std::string>& connection, const fs::path& dir, std::vector<std::string> args) {
    std::vector<std::string> argv{test::cliPath()};
    argv.insert(argv.end(), connection.begin(), connection.end());
    argv.push_back("--dir");
    argv.push_back(dir.string());
    argv.insert(argv.end(), args.begin(), args.end());
    return test::runProcess(argv, {"NO_COLOR=1"});
}

void requireOk(const ProcessResult& r) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exitCode == 0);
}

Schema lastSnapshot(const fs::path& dir) { return Snapshot::read(*Folder::open(dir)->lastSnapshot()).schema; }

Schema snapshotOf(const fs::path& dir, std::size_t index) {
    return Snapshot::read(Folder::open(dir)->entries().at(index).snapshotFile).schema;
}

std::string joined(const std::vector<SchemaDifference>& diffs) {
    std::string out;
    for (const auto& d : diffs) out += d.message + "\n";
    return out;
}

/// `sql` without the statement chunks that contain `needle`.
std::string withoutChunk(const std::string& sql, const std::string& needle) {
    std::string out;
    for (const auto& s : splitStatements(sql)) {
        if (s.sql.find(needle) != std::string::npos) continue;
        if (!out.empty()) out += std::string(kStatementBreakpoint) + "\n";
        out += s.sql;
    }
    return out;
}

}  // namespace

void cleanDatabasePasses(Target& target) {
    test::TempDir dir;
    const fs::path folder = dir / "migrations";
    generateFolder(target.renderer(), folder);
    auto db = target.freshDatabase();

    // Nothing applied yet: compared with the empty schema, three pending, no finding.
    auto empty = cli(db->cliArgs(), folder, {"check", "--json"});
    requireOk(empty);
    auto emptyDoc = nlohmann::json::parse(empty.out);
    CHECK(emptyDoc["clean"] == true);
    CHECK(emptyDoc["pending"] == 3);
    CHECK(emptyDoc["comparedWith"].is_null());

    requireOk(cli(db->cliArgs(), folder, {"migrate"}));
    auto r = cli(db->cliArgs(), folder, {"check"});
    requireOk(r);
    CHECK(r.out.find("ok: ") != std::string::npos);
    CHECK(r.out.find("meta/0002_snapshot.json (0002_tags)") != std::string::npos);

    // The live schema introspects equal to the folder's last snapshot.
    auto dialect = db->connect();
    const Schema live = requireCapability<Introspection>(*dialect, "introspect").introspect();
    const Schema expected = lastSnapshot(folder);
    INFO(joined(compareSchemas(live, expected)));
    CHECK(compareSchemas(live, expected).empty());
    CHECK(comparable(live) == comparable(expected));
    CHECK(live.tables.size() == 3);
    // And the library says so too.
    const CheckReport report = check(*dialect, folder);
    CHECK(report.clean());
    CHECK(report.comparedTag == "0002_tags");
    CHECK(report.pending == 0);
}

void drizzleFolderMatches(Target& target, const fs::path& folder) {
    REQUIRE(fs::exists(folder / "meta" / "_journal.json"));
    auto db = target.freshDatabase();
    requireOk(cli(db->cliArgs(), folder, {"migrate"}));
    auto r = cli(db->cliArgs(), folder, {"check"});
    requireOk(r);
    CHECK(r.out.find("ok: ") != std::string::npos);
    const Schema live = requireCapability<Introspection>(*db->connect(), "introspect").introspect();
    const Schema expected = lastSnapshot(folder);
    INFO(joined(compareSchemas(live, expected)));
    CHECK(comparable(live) == comparable(expected));
    auto replayed = cli(target.testArgs(), folder, {"test"});
    requireOk(replayed);
    CHECK(replayed.out.find("ok: 3 migrations replayed") != std::string::npos);
}

void handChangesAreNamed(Target& target, const HandChange& change) {
    test::TempDir dir;
    const fs::path folder = dir / "migrations";
    generateFolder(target.renderer(), folder);
    auto db = target.freshDatabase();
    requireOk(cli(db->cliArgs(), folder, {"migrate"}));
    db->exec(change.sql);

    auto r = cli(db->cliArgs(), folder, {"check"});
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    CHECK(r.exitCode == 3);
    for (const auto& line : change.lines) CHECK(r.out.find("drift: " + line + "\n") != std::string::npos);
    CHECK(r.out.find(fmt::format("{} findings ({} drift)", change.lines.size(), change.lines.size())) !=
          std::string::npos);

    auto json = cli(db->cliArgs(), folder, {"check", "--json"});
    CHECK(json.exitCode == 3);
    auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["clean"] == false);
    REQUIRE(doc["findings"].size() == change.lines.size());
    for (const auto& f : doc["findings"]) CHECK(f["kind"] == "drift");

    auto dialect = db->connect();
    const CheckReport report = check(*dialect, folder);
    CHECK(report.findings.size() == change.lines.size());
}

void baselineHandMadeDatabase(Target& target, const std::string& handSql, const std::string& wrongSql,
                              const std::string& wrongLine) {
    test::TempDir dir;
    const fs::path folder = dir / "migrations";
    generateFolder(target.renderer(), folder);
    {
        auto db = target.freshDatabase();
        db->exec(handSql);
        auto r = cli(db->cliArgs(), folder, {"baseline", "--to", "0001_posts"});
        requireOk(r);
        CHECK(r.out.find("recorded 0000_users as applied") != std::string::npos);
        CHECK(r.out.find("recorded 0001_posts as applied") != std::string::npos);
        auto m = cli(db->cliArgs(), folder, {"migrate"});
        requireOk(m);
        CHECK(m.out.find("applied 0002_tags") != std::string::npos);
        requireOk(cli(db->cliArgs(), folder, {"check"}));
    }
    {
        auto db = target.freshDatabase();
        db->exec(wrongSql);
        auto r = cli(db->cliArgs(), folder, {"mark-applied", "--to", "0001_posts"});
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exitCode == 3);
        CHECK(r.err.find("drift: " + wrongLine + "\n") != std::string::npos);
        CHECK(r.err.find("does not have the schema of 0001_posts (meta/0001_snapshot.json)") != std::string::npos);
        auto status = nlohmann::json::parse(cli(db->cliArgs(), folder, {"status", "--json"}).out);
        for (const auto& m : status["migrations"]) CHECK(m["state"] == "pending");
        auto forced = cli(db->cliArgs(), folder, {"mark-applied", "--to", "0001_posts", "--force"});
        requireOk(forced);
        CHECK(forced.out.find("2 migrations recorded") != std::string::npos);
    }
}

void migrateToRoundTrip(Target& target) {
    test::TempDir dir;
    const fs::path folder = dir / "migrations";
    generateFolder(target.renderer(), folder);
    auto db = target.freshDatabase();
    requireOk(cli(db->cliArgs(), folder, {"migrate"}));
    const Schema first = requireCapability<Introspection>(*db->connect(), "introspect").introspect();

    auto down = cli(db->cliArgs(), folder, {"migrate", "--to", "0000_users"});
    requireOk(down);
    CHECK(down.out.find("2 rolled back") != std::string::npos);
    {
        auto dialect = db->connect();
        const Schema atFirst = requireCapability<Introspection>(*dialect, "introspect").introspect();
        INFO(joined(compareSchemas(atFirst, snapshotOf(folder, 0))));
        CHECK(compareSchemas(atFirst, snapshotOf(folder, 0)).empty());
        CHECK(atFirst.tables.size() == 1);
    }
    requireOk(cli(db->cliArgs(), folder, {"migrate", "--to", "0002_tags"}));
    const Schema again = requireCapability<Introspection>(*db->connect(), "introspect").introspect();
    INFO(joined(compareSchemas(again, first)));
    CHECK(comparable(again) == comparable(first));
    requireOk(cli(db->cliArgs(), folder, {"check"}));
}

void replayPasses(Target& target) {
    test::TempDir dir;
    const fs::path folder = dir / "migrations";
    generateFolder(target.renderer(), folder);
    std::vector<std::string> args = target.testArgs();
    auto r = cli(args, folder, {"test"});
    requireOk(r);
    CHECK(r.out.find("ok: 3 migrations replayed") != std::string::npos);
    CHECK(r.out.find("3 down migrations run and re-applied") != std::string::npos);
    auto json = cli(args, folder, {"test", "--json"});
    requireOk(json);
    auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["clean"] == true);
    CHECK(doc["migrations"] == 3);
    CHECK(doc["roundTrips"] == 3);
    CHECK(doc["findings"].empty());
}

void replayNamesBadMigrations(Target& target) {
    test::TempDir dir;
    const fs::path folder = dir / "migrations";
    generateFolder(target.renderer(), folder);
    const std::vector<std::string> args = target.testArgs();

    SECTION("a migration whose SQL lacks an index its snapshot has") {
        const fs::path sql = folder / "0001_posts.sql";
        test::writeText(sql, withoutChunk(test::readText(sql), "posts_author_idx"));
        auto r = cli(args, folder, {"test"});
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exitCode == 3);
        CHECK(r.out.find("replay: 0001_posts disagrees with its snapshot (meta/0001_snapshot.json): table posts: "
                         "index posts_author_idx is missing\n") != std::string::npos);
        CHECK(r.out.find("0000_users disagrees") == std::string::npos);
        CHECK(r.out.find("0002_tags disagrees") == std::string::npos);  // reported once, where it arose
        auto doc = nlohmann::json::parse(cli(args, folder, {"test", "--json"}).out);
        CHECK(doc["clean"] == false);
        REQUIRE(!doc["findings"].empty());
        CHECK(doc["findings"][0]["subject"] == "0001_posts");
    }
    SECTION("a down migration that does not restore the previous snapshot") {
        test::writeText(folder / "0002_tags.down.sql", "SELECT 1;");
        auto r = cli(args, folder, {"test"});
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exitCode == 3);
        CHECK(r.out.find("replay: 0002_tags.down.sql does not restore the schema before it (meta/0001_snapshot.json): "
                         "table tags is not expected\n") != std::string::npos);
    }
    SECTION("a migration whose SQL fails") {
        const fs::path sql = folder / "0002_tags.sql";
        test::writeText(sql, test::readText(sql) + "\n--> statement-breakpoint\nALTER TABLE nowhere ADD x integer;");
        auto r = cli(args, folder, {"test"});
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exitCode == 3);
        CHECK(r.out.find("replay: 0002_tags failed: ") != std::string::npos);
    }
}

}  // namespace ob::migrate::check_test
