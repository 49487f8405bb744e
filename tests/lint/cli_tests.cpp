// ob-migrate lint and check on folders: exit codes, the line format, --json, --since.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "ob/migrate/check.hpp"
#include "support.hpp"

using namespace ob::migrate;

namespace {
const std::string kFirst = "CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY, \"email\" text);";
const std::string kIndex = "\nCREATE INDEX \"users_email_idx\" ON \"users\" (\"email\");";
const std::string kDrop = "ALTER TABLE \"users\" DROP COLUMN \"email\";";

test::ProcessResult lintCli(const test::TempDir& dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{test::cliPath(), "--dir", dir.path().string(), "lint"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return test::runProcess(argv);
}
}  // namespace

TEST_CASE("ob-migrate lint exits 3 naming tag, line and rule; 0 when only warnings", "[lint][cli]") {
    test::TempDir dir;
    test::writeFolder(dir.path(), "postgresql", {{"0000_first", kFirst}, {"0001_index", kIndex}});
    auto r = lintCli(dir);
    CHECK(r.exitCode == 3);
    CHECK(r.out.find("0001_index.sql:2: index-not-concurrent: creates index users_email_idx on existing table users") !=
          std::string::npos);
    CHECK(r.out.find("1 finding (1 error, 0 warnings) in 2 migrations") != std::string::npos);

    test::TempDir warn;
    test::writeFolder(warn.path(), "postgresql", {{"0000_first", kFirst}, {"0001_drop", kDrop}});
    r = lintCli(warn);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("0001_drop.sql:1: drop-column:") != std::string::npos);

    // --since the second migration: nothing left to judge.
    r = lintCli(dir, {"--since", "0001_index"});
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("ok: 0 migrations") != std::string::npos);
    r = lintCli(dir, {"--since", "0007_unknown"});
    CHECK(r.exitCode == 2);
}

TEST_CASE("ob-migrate lint --json", "[lint][cli]") {
    test::TempDir dir;
    test::writeFolder(dir.path(), "postgresql", {{"0000_first", kFirst}, {"0001_index", kIndex}});
    auto r = lintCli(dir, {"--json"});
    CHECK(r.exitCode == 3);
    auto doc = nlohmann::json::parse(r.out);
    REQUIRE(doc["findings"].size() == 1);
    const auto& f = doc["findings"][0];
    CHECK(f["rule"] == "index-not-concurrent");
    CHECK(f["severity"] == "error");
    CHECK(f["tag"] == "0001_index");
    CHECK(f["file"] == "0001_index.sql");
    CHECK(f["line"] == 2);
    CHECK(f["statement"] == "CREATE INDEX \"users_email_idx\" ON \"users\" (\"email\")");
    CHECK(!f["message"].get<std::string>().empty());
    CHECK(f["fix"].get<std::string>().find("CONCURRENTLY") != std::string::npos);
}

TEST_CASE("check prints the lint findings; they do not change its exit code", "[lint][check]") {
    test::TempDir dir;
    test::writeFolder(dir.path(), "postgresql", {{"0000_first", kFirst}, {"0001_index", kIndex}, {"0002_drop", kDrop}});
    auto lint = checkLint(dir.path());
    REQUIRE(lint.size() == 2);
    CHECK(lint[0].format().rfind("0001_index.sql:2: index-not-concurrent:", 0) == 0);
    CHECK(lint[1].format().rfind("0002_drop.sql:1: drop-column:", 0) == 0);

    // writeFolder writes no snapshots: check has folder findings of its own, and lists lint apart.
    auto r = test::runProcess({test::cliPath(), "--dir", dir.path().string(), "check", "--folder-only"});
    CHECK(r.exitCode == 3);
    CHECK(r.out.find("lint: 0001_index.sql:2: index-not-concurrent:") != std::string::npos);
    CHECK(r.out.find("lint: 0002_drop.sql:1: drop-column:") != std::string::npos);
    CHECK(r.out.find("3 findings (3 folder)") != std::string::npos);
    r = test::runProcess({test::cliPath(), "--dir", dir.path().string(), "check", "--folder-only", "--json"});
    auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["findings"].size() == 3);
    REQUIRE(doc["lint"].size() == 2);
    CHECK(doc["lint"][0]["rule"] == "index-not-concurrent");
    CHECK(doc["lint"][1]["severity"] == "warning");
    // A folder that does not read: checkFolder reports it, lint adds nothing.
    test::TempDir empty;
    CHECK(checkLint(empty.path()).empty());
}
