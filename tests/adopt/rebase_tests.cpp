// rebase: the three-way merge of schemas it stands on, then `ob-migrate rebase` on real folders.
#include <catch2/catch.hpp>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/rebase.hpp"
#include "ob/migrate/sqlite/renderer.hpp"

using namespace ob::migrate;
using namespace ob::migrate::dsl;

namespace {

Schema resolved(const Definition& d) { return d.resolve(sqlite::Renderer()); }

Schema parentSchema() {
    auto users = table("users", {integer("id").primaryKey(), text("name").notNull()});
    auto posts = table("posts", {integer("id").primaryKey(), text("title")});
    return resolved(schema({users, posts}));
}

std::vector<std::string> columnsOf(const Schema& s, const char* table) {
    std::vector<std::string> out;
    if (const Table* t = s.findTable(table))
        for (const auto& c : t->columns) out.push_back(c.name);
    return out;
}

}  // namespace

TEST_CASE("mergeSchemas lays what one branch changed on the other", "[adopt][rebase]") {
    const Schema parent = parentSchema();
    SECTION("different tables: both changes kept, ours first") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull(),
                                                            text("email")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()}),
                                               table("posts", {integer("id").primaryKey(), text("title")}),
                                               table("tags", {integer("id").primaryKey()})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts.empty());
        REQUIRE(merged.schema.tables.size() == 3);
        CHECK(merged.schema.tables[2].name == "tags");
        CHECK(columnsOf(merged.schema, "users") == std::vector<std::string>{"id", "name", "email"});
    }
    SECTION("one table, different columns and an index: merged member by member") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull(),
                                                            text("email")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        auto users = table("users", {integer("id").primaryKey(), text("name").notNull(), integer("age")});
        users.index("users_name_idx", {"name"});
        const Schema theirs = resolved(schema({users, table("posts", {integer("id").primaryKey(), text("title")})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts.empty());
        CHECK(columnsOf(merged.schema, "users") == std::vector<std::string>{"id", "name", "email", "age"});
        REQUIRE(merged.schema.findTable("users")->indexes.size() == 1);
    }
    SECTION("a drop on one side, nothing on the other: dropped") {
        const Schema ours = parent;
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts.empty());
        CHECK(merged.schema.findTable("posts") == nullptr);
    }
    SECTION("the same column changed differently on both sides is a conflict naming it") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), integer("name")}),
                                               table("posts", {integer("id").primaryKey(), text("title")})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        CHECK(merged.conflicts == std::vector<std::string>{"column name of table users"});
    }
    SECTION("a table dropped on one side and changed on the other is a conflict") {
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()})}));
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()}),
                                               table("posts", {integer("id").primaryKey(), text("title"), text("body")})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        REQUIRE(merged.conflicts.size() == 1);
        CHECK(merged.conflicts[0] == "table posts (dropped on this branch, changed on the other)");
    }
    SECTION("an index one side adds on a column the other side drops is named") {
        auto posts = table("posts", {integer("id").primaryKey(), text("title")});
        posts.index("posts_title_idx", {"title"});
        const Schema ours = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()}), posts}));
        const Schema theirs = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()}),
                                               table("posts", {integer("id").primaryKey()})}));
        const auto merged = mergeSchemas(parent, ours, theirs);
        REQUIRE(merged.conflicts.size() == 1);
        CHECK(merged.conflicts[0] ==
              "index posts_title_idx of table posts names column posts.title, which the other branch dropped");
    }
    SECTION("the same change on both sides is no conflict") {
        const Schema both = resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull(),
                                                            text("email")}),
                                             table("posts", {integer("id").primaryKey(), text("title")})}));
        const auto merged = mergeSchemas(parent, both, both);
        CHECK(merged.conflicts.empty());
        CHECK(merged.schema == both);
    }
}

TEST_CASE("mergeSchemas merges views like tables: one side's new view kept, both changing one named", "[adopt][rebase]") {
    const Schema parent = parentSchema();
    auto withView = [](const char* name, const char* sql) {
        return resolved(schema({table("users", {integer("id").primaryKey(), text("name").notNull()}),
                                table("posts", {integer("id").primaryKey(), text("title")})},
                               {}, {}, {view(name, {}).as(sql)}));
    };
    const auto added = mergeSchemas(parent, parent, withView("names", "select name from users"));
    CHECK(added.conflicts.empty());
    REQUIRE(added.schema.views.size() == 1);
    CHECK(added.schema.views[0].definition == "select name from users");
    const auto both = mergeSchemas(parent, withView("names", "select name from users"),
                                   withView("names", "select name from users where id > 0"));
    REQUIRE(both.conflicts.size() == 1);
    CHECK(both.conflicts[0].rfind("view ", 0) == 0);
}

// ---- ob-migrate rebase on real folders and databases -------------------------------------------

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "branch_support.hpp"
#include "ob/migrate/compare.hpp"
#include "ob/migrate/sqlite/introspect.hpp"

namespace {

namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

/// Every file of a folder with its bytes.
std::map<std::string, std::string> contents(const fs::path& folder) {
    std::map<std::string, std::string> out;
    for (const auto& f : fs::recursive_directory_iterator(folder))
        if (f.is_regular_file()) out[fs::relative(f.path(), folder).string()] = test::readText(f.path());
    return out;
}

/// Two branches of one folder generated from schema 1 (`mine` then, two seconds later, `theirs`),
/// merged into `main`; a development database `dev` migrated on main before the merge; `other` the
/// database of the other branch, which applied its migration.
struct Branches {
    test::TempDir dir;
    fs::path main = dir / "main", other = dir / "other";
    std::string dev = (dir / "dev.db").string(), otherDb = (dir / "other.db").string();
    std::string mineTag, theirsTag;

    Branches(const std::string& mine, const std::string& theirs) {
        const std::string cli = test::cliPath();
        test::generateOn(main.string(), "1", "init");
        test::copyFolder(main, other);
        test::generateOn(main.string(), mine, "mine");
        REQUIRE(test::run(cli, {"--url", dev, "--dir", main.string(), "migrate"}).exitCode == 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(2100));
        test::generateOn(other.string(), theirs, "theirs");
        REQUIRE(test::run(cli, {"--url", otherDb, "--dir", other.string(), "migrate"}).exitCode == 0);
        test::mergeBranch(other, main);
        const Journal j = Journal::parse(test::readText(main / "meta" / "_journal.json"), "journal");
        mineTag = j.entries[1].tag;
        theirsTag = j.entries[2].tag;
    }

    test::ProcessResult cli(std::vector<std::string> args, const std::string& url = {}) const {
        std::vector<std::string> all{"--dir", main.string()};
        if (!url.empty()) all.insert(all.end(), {"--url", url});
        all.insert(all.end(), args.begin(), args.end());
        return test::run(test::cliPath(), all);
    }
};

}  // namespace

TEST_CASE("rebase regenerates the later branch migration on top of the other; check and test pass",
          "[adopt][rebase]") {
    Branches b("7", "6");  // users.bio on main; an index on posts.title on the other branch
    REQUIRE(b.cli({"check", "--folder-only"}).exitCode == 3);

    auto dry = b.cli({"rebase", b.theirsTag, "--dry-run"}, b.dev);
    INFO(dry.out << dry.err);
    REQUIRE(dry.exitCode == 0);
    CHECK(has(dry.out, "CREATE INDEX `posts_title_idx`"));
    CHECK_FALSE(has(dry.out, "bio"));
    const auto before = contents(b.main);
    CHECK(contents(b.main) == before);

    auto r = b.cli({"rebase", b.theirsTag}, b.dev);
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(has(r.out, "rebased " + b.theirsTag + " onto " + b.mineTag));
    const Journal j = Journal::parse(test::readText(b.main / "meta" / "_journal.json"), "journal");
    REQUIRE(j.entries.size() == 3);
    CHECK(j.entries[2].when > j.entries[1].when);
    CHECK(j.entries[2].tag.substr(j.entries[2].tag.find('_')) == "_theirs");
    const std::string sql = test::readText(b.main / (j.entries[2].tag + ".sql"));
    CHECK(has(sql, "CREATE INDEX `posts_title_idx`"));
    CHECK_FALSE(has(sql, "bio"));

    auto check = b.cli({"check", "--folder-only"});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    auto replay = b.cli({"test"});
    INFO(replay.out << replay.err);
    CHECK(replay.exitCode == 0);

    // The development database takes the rebased migration alone; a fresh one gets the same schema.
    auto migrate = b.cli({"migrate"}, b.dev);
    INFO(migrate.out << migrate.err);
    REQUIRE(migrate.exitCode == 0);
    CHECK(has(migrate.out, "1 migration applied"));
    const std::string fresh = (b.dir / "fresh.db").string();
    REQUIRE(b.cli({"migrate"}, fresh).exitCode == 0);
    SQLite::Database x(b.dev), y(fresh);
    const auto differences = compareSchemas(sqlite::introspect(x), sqlite::introspect(y));
    for (const auto& d : differences) UNSCOPED_INFO(d.message);
    CHECK(differences.empty());
    CHECK(sqlite::introspect(y).findTable("users")->findColumn("bio") != nullptr);
}

TEST_CASE("rebase of two migrations changing one table keeps only what the later one adds", "[adopt][rebase]") {
    Branches b("2", "5");  // both rename users.name and add users.email; the other adds nickname + index
    auto r = b.cli({"rebase", b.theirsTag, "--folder-only"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const Journal j = Journal::parse(test::readText(b.main / "meta" / "_journal.json"), "journal");
    const std::string sql = test::readText(b.main / (j.entries[2].tag + ".sql"));
    CHECK(has(sql, "nickname"));
    CHECK(has(sql, "users_email_idx"));
    CHECK_FALSE(has(sql, "RENAME"));
    CHECK(b.cli({"check", "--folder-only"}).exitCode == 0);
    auto replay = b.cli({"test"});
    INFO(replay.out << replay.err);
    CHECK(replay.exitCode == 0);
}

TEST_CASE("rebase refuses, changing nothing: conflicts, hand edits, an applied migration, not the newest",
          "[adopt][rebase]") {
    SECTION("both branches change one table differently: the table is named") {
        Branches b("4", "6");  // posts dropped on main, indexed on the other branch
        const auto before = contents(b.main);
        auto r = b.cli({"rebase", b.theirsTag, "--folder-only"});
        INFO(r.out << r.err);
        CHECK(r.exitCode != 0);
        CHECK(has(r.err, "table posts (dropped on this branch, changed on the other)"));
        CHECK(contents(b.main) == before);
    }
    SECTION("SQL edited by hand") {
        Branches b("7", "6");
        const fs::path file = b.main / (b.theirsTag + ".sql");
        test::writeText(file, test::readText(file) + "\nUPDATE posts SET title = 'x';");
        const auto before = contents(b.main);
        auto r = b.cli({"rebase", b.theirsTag, "--folder-only"});
        INFO(r.out << r.err);
        CHECK(r.exitCode != 0);
        CHECK(has(r.err, "edited by hand"));
        CHECK(contents(b.main) == before);
    }
    SECTION("a database that applied it") {
        Branches b("7", "6");
        const auto before = contents(b.main);
        auto r = b.cli({"rebase", b.theirsTag}, b.otherDb);
        INFO(r.out << r.err);
        CHECK(r.exitCode != 0);
        CHECK(has(r.err, "refusing to rebase " + b.theirsTag + ": it is applied to"));
        CHECK(contents(b.main) == before);
    }
    SECTION("a migration that is not the newest") {
        Branches b("7", "6");
        const auto before = contents(b.main);
        auto r = b.cli({"rebase", b.mineTag, "--folder-only"});
        INFO(r.out << r.err);
        CHECK(r.exitCode != 0);
        CHECK(has(r.err, b.mineTag + " is not the newest migration"));
        CHECK(contents(b.main) == before);
    }
}

TEST_CASE("rebase of a custom migration keeps its SQL and chains its snapshot to the other", "[adopt][rebase]") {
    test::TempDir dir;
    const fs::path main = dir / "main", other = dir / "other";
    test::generateOn(main.string(), "1", "init");
    test::copyFolder(main, other);
    test::generateOn(main.string(), "7", "mine");
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    auto custom = test::runProcess({OB_ADOPT_PUSH_CLI, "--dir", other.string(), "generate", "--prefix", "timestamp",
                                    "--name", "seed", "--custom"},
                                   {"OB_PUSH_TEST_SCHEMA=1"});
    INFO(custom.out << custom.err);
    REQUIRE(custom.exitCode == 0);
    const Journal branch = Journal::parse(test::readText(other / "meta" / "_journal.json"), "journal");
    const std::string seed = "INSERT INTO users (id, name) VALUES (1, 'ada');";
    test::writeText(other / (branch.entries.back().tag + ".sql"), seed);
    test::mergeBranch(other, main);
    auto r = test::run(test::cliPath(), {"--dir", main.string(), "rebase", branch.entries.back().tag, "--folder-only"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const Journal j = Journal::parse(test::readText(main / "meta" / "_journal.json"), "journal");
    REQUIRE(j.entries.size() == 3);
    CHECK(test::readText(main / (j.entries[2].tag + ".sql")) == seed);
    auto check = test::run(test::cliPath(), {"--dir", main.string(), "check", "--folder-only"});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    const std::string db = (dir / "fresh.db").string();
    REQUIRE(test::run(test::cliPath(), {"--url", db, "--dir", main.string(), "migrate"}).exitCode == 0);
    SQLite::Database d(db);
    CHECK(d.execAndGet("SELECT name FROM users WHERE id = 1").getString() == "ada");
}

TEST_CASE("rebase in a Drizzle 1.0 folder: the later migration's folder written again after the other's",
          "[adopt][rebase]") {
    test::TempDir dir;
    const fs::path main = dir / "main", other = dir / "other";
    auto generate = [](const fs::path& folder, const std::string& version, const std::string& name) {
        auto r = test::runProcess({OB_ADOPT_PUSH_CLI, "--dir", folder.string(), "generate", "--format", "1", "--name",
                                   name, "--allow-data-loss"},
                                  {"OB_PUSH_TEST_SCHEMA=" + version});
        INFO(r.out << r.err);
        REQUIRE(r.exitCode == 0);
    };
    auto folders = [](const fs::path& folder) {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(folder))
            if (e.is_directory()) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    };
    generate(main, "1", "init");
    test::copyFolder(main, other);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    generate(main, "7", "mine");
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    generate(other, "6", "theirs");
    const std::string theirs = folders(other).back();
    fs::copy(other / theirs, main / theirs, fs::copy_options::recursive);  // the merge
    REQUIRE(test::run(test::cliPath(), {"--dir", main.string(), "check", "--folder-only"}).exitCode == 3);

    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a 1.0 name holds seconds: the new one differs
    auto r = test::run(test::cliPath(), {"--dir", main.string(), "rebase", theirs, "--folder-only"});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
    const auto after = folders(main);
    REQUIRE(after.size() == 3);
    CHECK(after[2] != theirs);
    CHECK(after[2].substr(after[2].find('_')) == "_theirs");
    CHECK(!fs::exists(main / theirs));
    CHECK(has(test::readText(main / after[2] / "migration.sql"), "posts_title_idx"));
    auto check = test::run(test::cliPath(), {"--dir", main.string(), "check", "--folder-only"});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    auto replay = test::run(test::cliPath(), {"--dir", main.string(), "test"});
    INFO(replay.out << replay.err);
    CHECK(replay.exitCode == 0);
}
