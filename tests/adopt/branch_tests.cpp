// Two migrations generated on two branches from one parent, then merged: `check` names both,
// and whether they change the same objects (exit 3).
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "ob/migrate/journal.hpp"
#include "pull_support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

/// The newest migration of `version`'s schema on top of `folder` (timestamp prefixes: branches
/// generated two seconds apart never share a file name: generate may already use the next second).
void generateOn(const std::string& folder, const std::string& version, const std::string& name) {
    auto r = test::runProcess({OB_ADOPT_PUSH_CLI, "--dir", folder, "generate", "--prefix", "timestamp", "--name", name,
                               "--allow-data-loss"},
                              {"OB_PUSH_TEST_SCHEMA=" + version});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
}

/// `branch`'s newest migration copied into `into`, its journal entry appended (a git merge).
void merge(const fs::path& branch, const fs::path& into) {
    const Journal theirs = Journal::parse(test::readText(branch / "meta" / "_journal.json"), "theirs");
    Journal ours = Journal::parse(test::readText(into / "meta" / "_journal.json"), "ours");
    JournalEntry entry = theirs.entries.back();
    entry.idx = ours.entries.back().idx + 1;
    ours.entries.push_back(entry);
    for (const auto& name : {entry.tag + ".sql", entry.tag + ".down.sql"}) fs::copy_file(branch / name, into / name);
    const std::string snapshot = "meta/" + entry.tag.substr(0, entry.tag.find('_')) + "_snapshot.json";
    fs::copy_file(branch / snapshot, into / snapshot);
    test::writeText(into / "meta" / "_journal.json", ours.toJson());
}

void branches(const std::string& mine, const std::string& theirs, const std::string& expected) {
    test::TempDir dir;
    const fs::path main = dir / "main", other = dir / "other";
    generateOn(main.string(), "1", "init");
    test::copyFolder(main, other);
    generateOn(main.string(), mine, "mine");
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    generateOn(other.string(), theirs, "theirs");
    merge(other, main);
    auto r = test::run(test::cliPath(), {"--dir", main.string(), "check", "--folder-only"});
    INFO(r.out << r.err);
    CHECK(r.exitCode == 3);
    CHECK(has(r.out, "both follow meta/"));
    CHECK(has(r.out, "they were generated from the same state on different branches"));
    CHECK(has(r.out, expected));
}

}  // namespace

TEST_CASE("check names two branch migrations of one parent, and the objects both change", "[adopt][branch]") {
    // Both change users (a rename and a new column; a new index and column).
    branches("2", "5", ", and they change the same objects: table posts, table users (");
}

TEST_CASE("check names two branch migrations of one parent that change different objects", "[adopt][branch]") {
    // One adds a column to users, the other an index to posts.
    branches("7", "6", ", and they change different objects (");
}
