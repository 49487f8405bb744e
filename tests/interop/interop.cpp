#include "interop.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate::interop {

namespace fs = std::filesystem;

bool toolsReady() {
    const bool ci = std::getenv("CI") != nullptr;
    if (auto reason = NodeTools::unavailableReason()) {
        if (ci) FAIL("interop tests need node and npm in CI: " << *reason);
        WARN("SKIPPED: interop tests with the real Drizzle tools: " << *reason);
        return false;
    }
    try {
        NodeTools::instance();
    } catch (const ToolError& e) {
        FAIL(e.what());
    }
    return true;
}

const fs::path& generatedFolder(const std::string& dialect) {
    static test::TempDir root;
    static std::map<std::string, fs::path> folders;
    auto it = folders.find(dialect);
    if (it != folders.end()) return it->second;
    auto out = root / (dialect + "-migrations");
    NodeTools::instance().generate(dialect, out);
    return folders.emplace(dialect, out).first->second;
}

std::size_t journalSize(const fs::path& folder) {
    return Journal::parse(test::readText(folder / "meta" / "_journal.json"), folder.string()).entries.size();
}

void copyFirstEntries(const fs::path& folder, const fs::path& dest, std::size_t count) {
    auto journal = Journal::parse(test::readText(folder / "meta" / "_journal.json"), folder.string());
    REQUIRE(count <= journal.entries.size());
    journal.entries.resize(count);
    for (const auto& e : journal.entries) test::writeText(dest / (e.tag + ".sql"), test::readText(folder / (e.tag + ".sql")));
    test::writeText(dest / "meta" / "_journal.json", journal.toJson());
}

std::vector<std::pair<std::string, std::int64_t>> expectedTrackingRows(const fs::path& folder) {
    std::vector<std::pair<std::string, std::int64_t>> rows;
    const auto set = MigrationSet::fromDirectory(folder);
    for (const auto& m : set.migrations()) rows.emplace_back(m.hash, m.when);
    std::sort(rows.begin(), rows.end());
    return rows;
}

test::ProcessResult obMigrate(const std::vector<std::string>& args) {
    std::vector<std::string> argv{test::cliPath()};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::runProcess(argv);
}

void requireAllApplied(const std::vector<std::string>& connection, const fs::path& folder) {
    auto args = connection;
    args.insert(args.end(), {"--dir", folder.string(), "status", "--json"});
    auto r = obMigrate(args);
    INFO("ob-migrate status --json: " << r.out << r.err);
    REQUIRE(r.exitCode == 0);
    auto doc = nlohmann::json::parse(r.out);
    auto set = MigrationSet::fromDirectory(folder);
    REQUIRE(doc.at("migrations").size() == set.size());
    for (std::size_t i = 0; i < set.size(); ++i) {
        const auto& m = doc["migrations"][i];
        CHECK(m.at("tag") == set.migrations()[i].tag);
        CHECK(m.at("when") == set.migrations()[i].when);
        CHECK(m.at("hash") == set.migrations()[i].hash);
        CHECK(m.at("state") == "applied");
    }
}

std::string normaliseSql(const std::string& sql) {
    std::string out;
    bool space = false;
    for (char c : sql) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace ob::migrate::interop
