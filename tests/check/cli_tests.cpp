// CLI conventions: --help with examples on every command, --json on every read command, colour
// only on a terminal, documented exit codes.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "folders.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "support.hpp"

namespace ob::migrate {

namespace {
test::ProcessResult cli(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), test::cliPath());
    return test::runProcess(args, env);
}
}  // namespace

TEST_CASE("cli: every command has --help with an example", "[cli]") {
    for (const char* command : {"migrate", "status", "accept-checksum", "restore", "mark-applied", "drop", "check",
                                "test", "introspect"}) {
        auto r = cli({command, "--help"});
        INFO(command << ": " << r.out << r.err);
        CHECK(r.exitCode == 0);
        CHECK(r.out.find("Example") != std::string::npos);
    }
    auto top = cli({"--help"});
    CHECK(top.exitCode == 0);
    CHECK(top.out.find("Exit codes: 0 success") != std::string::npos);
    CHECK(cli({"check", "--help"}).out.find("3 findings") != std::string::npos);
}

TEST_CASE("cli: read commands speak JSON, and print no colour off a terminal", "[cli]") {
    test::TempDir dir;
    check_test::generateFolder(sqlite::Renderer(), dir / "m");
    const std::vector<std::string> base{"--db-type", "sqlite", "--url", (dir / "app.db").string(), "--dir",
                                        (dir / "m").string()};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    };
    test::writeText(dir / "app.db", "");  // an empty database: a dry run does not create one
    auto plan = with({"migrate", "--dry-run", "--json"});
    INFO(plan.out << plan.err);
    REQUIRE(plan.exitCode == 0);
    auto planDoc = nlohmann::json::parse(plan.out);
    REQUIRE(planDoc["migrations"].size() == 3);
    CHECK(planDoc["migrations"][0]["tag"] == "0000_users");
    CHECK_FALSE(planDoc["migrations"][0]["statements"].empty());
    REQUIRE(with({"migrate"}).exitCode == 0);
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"status", "--json"}, {"check", "--json"}, {"test", "--json"}, {"introspect", "--json"}}) {
        auto r = with(command);
        INFO(command[0] << ": " << r.out << r.err);
        CHECK(r.exitCode == 0);
        CHECK_NOTHROW(nlohmann::json::parse(r.out));
    }
    // Findings in colour only on a terminal: a pipe gets none, with or without NO_COLOR.
    test::writeText(dir / "m" / "0009_stray.sql", "SELECT 1;");
    auto plain = with({"check"});
    CHECK(plain.exitCode == 3);
    CHECK(plain.out.find("folder: stray file 0009_stray.sql") != std::string::npos);
    CHECK(plain.out.find("\x1b[") == std::string::npos);
    auto introspected = nlohmann::json::parse(with({"introspect", "--json"}).out);
    CHECK(introspected["tables"].contains("users"));
    CHECK_FALSE(introspected["tables"].contains("__drizzle_migrations"));
}

TEST_CASE("cli: check --folder-only needs no database", "[cli]") {
    test::TempDir dir;
    check_test::generateFolder(sqlite::Renderer(), dir / "m");
    auto r = cli({"--url", (dir / "missing" / "nowhere.db").string(), "--dir", (dir / "m").string(), "check",
                  "--folder-only"});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 0);
    CHECK(r.out.find("is consistent") != std::string::npos);
}

}  // namespace ob::migrate

namespace ob::migrate {

TEST_CASE("cli: check reports an applied migration whose file changed", "[cli]") {
    test::TempDir dir;
    check_test::generateFolder(sqlite::Renderer(), dir / "m");
    const std::vector<std::string> base{"--url", (dir / "app.db").string(), "--dir", (dir / "m").string()};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return cli(args);
    };
    REQUIRE(with({"migrate"}).exitCode == 0);
    test::writeText(dir / "m" / "0001_posts.sql", test::readText(dir / "m" / "0001_posts.sql") + "\n-- edited");
    auto r = with({"check"});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 3);
    CHECK(r.out.find("checksum: 0001_posts.sql was changed after it was applied to sqlite:") != std::string::npos);
    CHECK(r.out.find("1 finding (1 checksum)") != std::string::npos);
}

TEST_CASE("cli: colour on a terminal, never with NO_COLOR", "[cli]") {
    // script(1) (bsdutils, always installed on Debian) gives the command a pseudo-terminal.
    test::TempDir dir;
    check_test::generateFolder(sqlite::Renderer(), dir / "m");
    test::writeText(dir / "m" / "0009_stray.sql", "SELECT 1;");
    const std::string command = test::cliPath() + " --dir " + (dir / "m").string() + " check --folder-only";
    auto onTerminal = test::runProcess({"/usr/bin/script", "-qec", command, "/dev/null"}, {"TERM=xterm", "NO_COLOR="});
    INFO(onTerminal.out << onTerminal.err);
    CHECK(onTerminal.exitCode == 3);
    CHECK(onTerminal.out.find("\x1b[31mfolder:\x1b[0m stray file 0009_stray.sql") != std::string::npos);
    auto noColor = test::runProcess({"/usr/bin/script", "-qec", command, "/dev/null"}, {"TERM=xterm", "NO_COLOR=1"});
    CHECK(noColor.exitCode == 3);
    CHECK(noColor.out.find("folder: stray file 0009_stray.sql") != std::string::npos);
    CHECK(noColor.out.find("\x1b[") == std::string::npos);
}

}  // namespace ob::migrate
