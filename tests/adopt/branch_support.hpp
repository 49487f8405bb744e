// Two branches of one folder, for the branch tests: a migration generated on each, then merged.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "ob/migrate/journal.hpp"
#include "pull_support.hpp"

namespace ob::migrate::test {

/// The newest migration of `version`'s schema (push_schema_cli.cpp) on top of `folder` (timestamp
/// prefixes: branches generated two seconds apart never share a file name: generate may already use
/// the next second).
inline void generateOn(const std::string& folder, const std::string& version, const std::string& name) {
    auto r = runProcess({OB_ADOPT_PUSH_CLI, "--dir", folder, "generate", "--prefix", "timestamp", "--name", name,
                         "--allow-data-loss"},
                        {"OB_PUSH_TEST_SCHEMA=" + version});
    INFO(r.out << r.err);
    REQUIRE(r.exitCode == 0);
}

/// `branch`'s newest migration copied into `into`, its journal entry appended (a git merge).
inline void mergeBranch(const std::filesystem::path& branch, const std::filesystem::path& into) {
    namespace fs = std::filesystem;
    const Journal theirs = Journal::parse(readText(branch / "meta" / "_journal.json"), "theirs");
    Journal ours = Journal::parse(readText(into / "meta" / "_journal.json"), "ours");
    JournalEntry entry = theirs.entries.back();
    entry.idx = ours.entries.back().idx + 1;
    ours.entries.push_back(entry);
    for (const auto& name : {entry.tag + ".sql", entry.tag + ".down.sql"}) fs::copy_file(branch / name, into / name);
    const std::string snapshot = "meta/" + entry.tag.substr(0, entry.tag.find('_')) + "_snapshot.json";
    fs::copy_file(branch / snapshot, into / snapshot);
    writeText(into / "meta" / "_journal.json", ours.toJson());
}

}  // namespace ob::migrate::test
