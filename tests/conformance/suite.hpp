// Shared pieces of the conformance tests.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <functional>

#include "backend.hpp"
#include "ob/migrate/migrator.hpp"
#include "support.hpp"

namespace ob::migrate::conformance {

/// Runs `body` once per backend, each in its own section. A backend that cannot run here fails
/// the test in CI (env CI set) and is reported and skipped elsewhere.
inline void forEachBackend(const std::function<void(Backend&)>& body) {
    for (const auto& backend : backends()) {
        DYNAMIC_SECTION("backend " << backend->dialect()) {
            std::string reason = backend->unavailableReason();
            if (!reason.empty()) {
                if (std::getenv("CI")) FAIL(backend->dialect() << " backend unavailable in CI: " << reason);
                WARN("skipping " << backend->dialect() << ": " << reason);
                continue;
            }
            body(*backend);
        }
    }
}

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
inline test::ProcessResult cli(Database& db, const Folder& folder, const std::vector<std::string>& args) {
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
