// Two migrations generated on two branches from one parent, then merged: `check` names both,
// and whether they change the same objects (exit 3).
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "branch_support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {

bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

void branches(const std::string& mine, const std::string& theirs, const std::string& expected) {
    test::TempDir dir;
    const fs::path main = dir / "main", other = dir / "other";
    test::generateOn(main.string(), "1", "init");
    test::copyFolder(main, other);
    test::generateOn(main.string(), mine, "mine");
    std::this_thread::sleep_for(std::chrono::milliseconds(2100));
    test::generateOn(other.string(), theirs, "theirs");
    test::mergeBranch(other, main);
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
