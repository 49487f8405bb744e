// ob-migrate push on real databases: the plan, the SQL of a dry run, renames without a prompt,
// data loss refused, table rebuilds that keep child rows, a failing push that leaves nothing.
#include <catch2/catch.hpp>

#include "backends.hpp"
#include "pull_support.hpp"
#include "push_target.hpp"

using namespace ob::migrate;

namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

test::ProcessResult push(const test::PushTarget& target, const std::string& version, std::vector<std::string> args) {
    std::vector<std::string> argv{OB_ADOPT_PUSH_CLI};
    argv.insert(argv.end(), target.args.begin(), target.args.end());
    argv.push_back("push");
    argv.insert(argv.end(), args.begin(), args.end());
    return test::runProcess(argv, {"OB_PUSH_TEST_SCHEMA=" + version});
}

}  // namespace

namespace ob::migrate::test {

void pushScenario(const PushTarget& target) {
    auto first = push(target, "1", {});
    INFO(first.out << first.err);
    REQUIRE(first.exitCode == 0);
    CHECK(has(first.out, "create table users"));
    auto again = push(target, "1", {});
    CHECK(again.exitCode == 0);
    CHECK(has(again.out, "already has the schema: nothing to push"));
    target.exec("INSERT INTO users (id, name, age) VALUES (1, 'Ada', 36), (2, 'Bob', NULL)");
    target.exec("INSERT INTO posts (id, user_id, title) VALUES (10, 1, 'hello'), (11, 2, 'x')");

    // A dry run prints the plan and the SQL and runs nothing.
    auto dry = push(target, "2", {"--dry-run"});
    INFO(dry.out << dry.err);
    REQUIRE(dry.exitCode == 0);
    CHECK(has(dry.out, "rename column users.name to full_name"));
    CHECK(has(dry.out, "-- SQL (dry run, nothing run)"));
    CHECK(has(dry.out, "RENAME COLUMN"));
    CHECK(target.scalar("SELECT name FROM users WHERE id = 1") == "Ada");

    // Undeclared, the rename is a drop and an add: refused, nothing run.
    auto undeclared = push(target, "3", {});
    INFO(undeclared.out << undeclared.err);
    CHECK(undeclared.exitCode == 1);
    CHECK(has(undeclared.err, "push refused"));
    CHECK(has(undeclared.err, "drops column users.name"));
    CHECK(has(undeclared.err, "nothing was run"));
    CHECK(target.scalar("SELECT name FROM users WHERE id = 1") == "Ada");

    // Declared on the command line, it is a rename; the parent table's rebuild keeps its children.
    auto renamed = push(target, "3", {"--rename", "users.name=full_name"});
    INFO(renamed.out << renamed.err);
    REQUIRE(renamed.exitCode == 0);
    CHECK(has(renamed.out, "pushed"));
    CHECK(target.scalar("SELECT full_name FROM users WHERE id = 1") == "Ada");
    CHECK(target.scalar("SELECT age FROM users WHERE id = 2") == "0");
    CHECK(target.scalar("SELECT count(*) FROM posts") == "2");
    CHECK(target.trackingTables() == "0");  // push records nothing
    CHECK(has(push(target, "2", {}).out, "nothing to push"));  // renamedFrom says the same

    // A push the database refuses part way leaves nothing of it.
    auto failing = push(target, "5", {});
    INFO(failing.out << failing.err);
    CHECK(failing.exitCode == 1);
    CHECK(has(failing.err, "users_email_idx"));
    CHECK_THROWS(target.scalar("SELECT nickname FROM users"));

    // Data loss: refused and named, then allowed.
    auto loss = push(target, "4", {});
    INFO(loss.out << loss.err);
    CHECK(loss.exitCode == 1);
    CHECK(has(loss.err, "drops table posts"));
    CHECK(has(loss.err, "drops column users.age"));
    CHECK(target.scalar("SELECT count(*) FROM posts") == "2");
    auto allowed = push(target, "4", {"--allow-data-loss"});
    INFO(allowed.out << allowed.err);
    CHECK(allowed.exitCode == 0);
    CHECK_THROWS(target.scalar("SELECT count(*) FROM posts"));
    CHECK(target.scalar("SELECT full_name FROM users WHERE id = 2") == "Bob");
}

}  // namespace ob::migrate::test

TEST_CASE("push on a SQLite file: plan, dry run, renames, rebuilds, refusals", "[adopt][push]") {
    const auto db = test::backendKind("sqlite").freshDatabase();
    test::PushTarget target;
    target.args = {"--url", db->url()};
    target.scalar = [&](const std::string& sql) { return db->scalar(sql).value_or(""); };
    target.exec = [&](const std::string& sql) { db->exec(sql); };
    target.trackingTables = [&] {
        return target.scalar("SELECT count(*) FROM sqlite_master WHERE name = '__drizzle_migrations'");
    };
    test::pushScenario(target);
}

TEST_CASE("push without a project schema says what it needs", "[adopt][push]") {
    test::TempDir dir;
    auto r = test::run(test::cliPath(), {"--url", (dir / "x.db").string(), "push"});
    CHECK(r.exitCode == 2);
    CHECK(has(r.err, "`push` needs the project's schema"));
}
