// Shared pieces of the conformance tests.
#pragma once

#include <catch2/catch.hpp>

#include "backends.hpp"
#include "ob/migrate/migrator.hpp"
#include "support.hpp"

namespace ob::migrate::conformance {

// Every test runs once per backend of the test harness (tests/support/backends.hpp).
using test::BackendKind;
using test::forEachBackend;
using test::TestBackend;

/// A migrations folder in a temp dir, for one dialect.
struct Folder {
    test::TempDir dir;
    std::string dialect;
    std::vector<test::FolderEntry> entries;

    explicit Folder(std::string d) : dialect(std::move(d)) {}
    Folder& add(std::string tag, std::string sql, std::int64_t when = 0) {
        entries.push_back(test::FolderEntry{std::move(tag), std::move(sql), when, true});
        write();
        return *this;
    }
    /// Writes `<tag>.down.sql`.
    Folder& down(const std::string& tag, const std::string& sql) {
        test::writeText(dir.path() / (tag + ".down.sql"), sql);
        return *this;
    }
    void write() const { test::writeFolder(dir.path(), dialect, entries); }
    std::string path() const { return dir.path().string(); }
    MigrationSet load() const { return MigrationSet::fromDirectory(dir.path()); }
};

/// Runs the ob-migrate CLI on `db` with `--dir` the folder, then `args`.
inline test::ProcessResult cli(const TestBackend& db, const Folder& folder, const std::vector<std::string>& args) {
    std::vector<std::string> argv{test::cliPath()};
    for (const auto& a : db.cliArgs()) argv.push_back(a);
    argv.insert(argv.end(), {"--dir", folder.path()});
    argv.insert(argv.end(), args.begin(), args.end());
    return test::runProcess(argv);
}

inline std::vector<std::string> tagsOf(const Report& report) {
    std::vector<std::string> tags;
    for (const auto& a : report.applied) tags.push_back(a.tag);
    return tags;
}

}  // namespace ob::migrate::conformance
