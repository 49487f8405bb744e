// replay: a folder on a scratch database, migration by migration, down and up again.
#include "ob/migrate/replay.hpp"

#include <fmt/format.h>

#include <set>

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/compare.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

class Replayer {
public:
    Replayer(Driver& driver, fs::path dir, const ReplayOptions& options)
        : driver_(driver), introspection_(requireCapability<Introspection>(driver, "introspect: ob-migrate test needs it")), dir_(std::move(dir)), options_(options) {}

    ReplayReport run() {
        report_.findings = checkFolder(dir_);
        MigrationSet set;
        try {
            set = MigrationSet::fromDirectory(dir_);
            folder_ = Folder::open(dir_);
        } catch (const MigrationSetError& e) {
            if (report_.findings.empty()) add(Finding::Kind::Folder, dir_.string(), e.what());
            return std::move(report_);
        }
        if (!introspection_.introspect().tables.empty())
            throw Error(fmt::format("{} is not empty: ob-migrate test replays a folder on a scratch database",
                                    driver_.describe()));
        MigratorOptions mo;
        Migrator migrator(driver_, std::move(set), mo);
        const auto& ms = migrator.migrations().migrations();
        const std::size_t total = ms.size();
        std::set<std::string> previous;  // differences already reported for the state before
        for (std::size_t i = 0; i < total; ++i) {
            const Migration& m = ms[i];
            progress(i + 1, total, "applying " + m.tag);
            if (!step(m, [&] { migrator.migrateTo(m.tag); }, "")) return std::move(report_);
            ++report_.migrations;
            auto applied = compare(m, previous, fmt::format("{} disagrees with its snapshot", m.tag));
            if (m.reversible()) {
                progress(i + 1, total, "rolling back " + m.tag);
                const bool down = step(
                    m, [&] { i == 0 ? (void)migrator.rollBackAll() : (void)migrator.migrateTo(ms[i - 1].tag); }, ".down");
                if (down) {
                    compareBefore(m, i, ms);
                    progress(i + 1, total, "re-applying " + m.tag);
                    if (!step(m, [&] { migrator.migrateTo(m.tag); }, " (again, after its down migration)"))
                        return std::move(report_);
                    ++report_.roundTrips;
                    compare(m, applied,
                            fmt::format("{} applied again after its down migration disagrees with its snapshot", m.tag));
                }
            }
            previous = std::move(applied);
        }
        secondRun(migrator, total);
        return std::move(report_);
    }

private:
    void add(Finding::Kind kind, std::string subject, std::string message) {
        report_.findings.push_back(Finding{kind, std::move(subject), std::move(message)});
    }

    void progress(std::size_t index, std::size_t total, const std::string& what) {
        if (options_.onProgress) options_.onProgress(index, total, what);
    }

    template <class F>
    bool step(const Migration& m, F&& f, const std::string& which) {
        try {
            f();
            return true;
        } catch (const MigrationFailed& e) {
            add(Finding::Kind::Replay, m.tag, fmt::format("{}{} failed: {}", m.tag, which, e.what()));
        } catch (const DatabaseError& e) {
            add(Finding::Kind::Replay, m.tag, fmt::format("{}{} failed: {}", m.tag, which, e.what()));
        }
        return false;
    }

    /// Where `m`'s snapshot is (the folder's entry of the same tag).
    fs::path snapshotFile(const Migration& m) const {
        for (const auto& e : folder_->entries())
            if (e.tag == m.tag) return e.snapshotFile;
        return {};
    }

    std::string snapshotName(const Migration& m) const {
        return snapshotFile(m).lexically_relative(dir_).generic_string();
    }

    std::optional<Schema> snapshotOf(const Migration& m) {
        try {
            return Snapshot::read(snapshotFile(m)).schema;
        } catch (const Error&) {
            return std::nullopt;  // reported by checkFolder
        }
    }

    /// Compares the live schema with `m`'s snapshot; reports differences not in `known`.
    std::set<std::string> compare(const Migration& m, const std::set<std::string>& known, const std::string& what) {
        std::set<std::string> seen;
        auto expected = snapshotOf(m);
        if (!expected) return seen;
        const std::string file = snapshotName(m);
        for (const auto& f : checkDrift(driver_, *expected)) {
            seen.insert(f.message);
            if (!known.count(f.message)) add(Finding::Kind::Replay, m.tag, fmt::format("{} ({}): {}", what, file, f.message));
        }
        return seen;
    }

    /// After rolling `m` back: the schema must be the previous migration's snapshot.
    void compareBefore(const Migration& m, std::size_t index, const std::vector<Migration>& all) {
        std::optional<Schema> expected;
        std::string file = "the empty schema";
        if (index == 0) {
            expected = Snapshot::empty(std::string(driver_.name())).schema;
        } else {
            expected = snapshotOf(all[index - 1]);
            file = snapshotName(all[index - 1]);
        }
        if (!expected) return;
        for (const auto& f : checkDrift(driver_, *expected))
            add(Finding::Kind::Replay, m.tag,
                fmt::format("{} does not restore the schema before it ({}): {}",
                            fs::path(m.down->file()).lexically_relative(dir_).generic_string(), file, f.message));
    }

    void secondRun(Migrator& migrator, std::size_t total) {
        progress(total, total, "applying the folder a second time");
        const Schema before = comparable(introspection_.introspect());
        Report second;
        try {
            second = migrator.upToDate();
        } catch (const Error& e) {
            add(Finding::Kind::Replay, "", fmt::format("applying the folder a second time failed: {}", e.what()));
            return;
        }
        for (const auto& a : second.applied)
            add(Finding::Kind::Replay, a.tag,
                fmt::format("applying the folder a second time applied {} again", a.tag));
        if (comparable(introspection_.introspect()) != before)
            add(Finding::Kind::Replay, "", "applying the folder a second time changed the schema");
    }

    Driver& driver_;
    Introspection& introspection_;
    fs::path dir_;
    std::unique_ptr<Folder> folder_;
    const ReplayOptions& options_;
    ReplayReport report_;
};

}  // namespace

ReplayReport replay(Driver& scratch, const fs::path& dir, const ReplayOptions& options) {
    return Replayer(scratch, dir, options).run();
}

}  // namespace ob::migrate
