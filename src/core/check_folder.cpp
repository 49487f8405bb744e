// check: a migrations folder against itself (journal, .sql files, snapshots, prevId chain).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/overloaded.hpp"
#include "files.hpp"
#include "ob/migrate/check.hpp"
#include "ob/migrate/diff.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

using detail::readFile;

bool endsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// A snapshot file's identity, as far as it could be read.
struct SnapshotFile {
    fs::path path;
    std::string relative;  ///< "meta/0002_snapshot.json", "<name>/snapshot.json"
    std::string id, dialect;
    std::vector<std::string> prevIds;  ///< 0.x: [prevId]; 1.0: every parent, the first the main one
    Schema schema;
    const FolderEntry* entry = nullptr;  ///< nullptr: a stray file
};

/// The objects an operation changes ("table users", "enum role", "schema billing", "sequence counter").
std::vector<std::string> objectsOf(const Operation& operation) {
    return std::visit(detail::Overloaded{
                          [](const op::CreateEnum& o) { return std::vector<std::string>{"enum " + o.value.name}; },
                          [](const op::DropEnum& o) { return std::vector<std::string>{"enum " + o.value.name}; },
                          [](const op::AddEnumValue& o) { return std::vector<std::string>{"enum " + o.target.name}; },
                          [](const op::RecreateEnum& o) { return std::vector<std::string>{"enum " + o.to.name}; },
                          [](const op::CreateTable& o) { return std::vector<std::string>{"table " + o.table.name}; },
                          [](const op::DropTable& o) { return std::vector<std::string>{"table " + o.table.name}; },
                          [](const op::RenameTable& o) {
                              return std::vector<std::string>{"table " + o.from, "table " + o.to};
                          },
                          [](const op::CreateSchema& o) { return std::vector<std::string>{"schema " + o.name}; },
                          [](const op::DropSchema& o) { return std::vector<std::string>{"schema " + o.name}; },
                          [](const op::CreateSequence& o) { return std::vector<std::string>{"sequence " + o.value.name}; },
                          [](const op::DropSequence& o) { return std::vector<std::string>{"sequence " + o.value.name}; },
                          [](const op::AlterSequence& o) { return std::vector<std::string>{"sequence " + o.to.name}; },
                          [](const op::CreateView& o) { return std::vector<std::string>{"view " + o.value.name}; },
                          [](const op::DropView& o) { return std::vector<std::string>{"view " + o.value.name}; },
                          [](const op::AlterView& o) { return std::vector<std::string>{"view " + o.to.name}; },
                          [](const auto& o) { return std::vector<std::string>{"table " + o.table}; },
                      },
                      operation);
}

class FolderChecker {
public:
    explicit FolderChecker(fs::path dir) : dir_(std::move(dir)) {}

    std::vector<Finding> run() {
        if (!open()) return std::move(findings_);
        checkEntries();
        checkStrays();
        checkChain();
        return std::move(findings_);
    }

private:
    void add(std::string subject, std::string message) {
        findings_.push_back(Finding{Finding::Kind::Folder, std::move(subject), std::move(message)});
    }

    std::string rel(const fs::path& p) const { return p.lexically_relative(dir_).generic_string(); }

    bool open() {
        if (const std::string problem = detail::folderProblem(dir_); !problem.empty()) {
            add(dir_.string(), fmt::format("{}: {}", dir_.string(), problem));
            return false;
        }
        try {
            folder_ = Folder::open(dir_);
        } catch (const MigrationSetError& e) {
            const bool journal = Folder::detect(dir_) == FolderFormat::Drizzle0;
            add(journal ? "meta/_journal.json" : dir_.string(), e.what());
            return false;
        }
        index_ = folder_->indexName();
        return true;
    }

    void checkEntries() {
        std::map<std::string, const FolderEntry*> tags;
        std::map<std::int64_t, const FolderEntry*> whens;
        for (const auto& e : folder_->entries()) {
            if (!tags.emplace(e.tag, &e).second) add(e.tag, fmt::format("{} lists {} twice", index_, e.tag));
            if (auto [it, fresh] = whens.emplace(e.when, &e); !fresh)
                add(e.tag, fmt::format("{}: {} and {} have the same `when` ({}); the tracking table cannot tell them "
                                       "apart",
                                       index_, it->second->tag, e.tag, e.when));
            const std::string up = rel(e.upFile);
            if (!fs::exists(e.upFile))
                add(up, fmt::format("{} is missing: {} lists {}", up, index_, e.tag));
            else if (fs::is_directory(e.upFile))
                add(up, fmt::format("{} is a directory, not a migration file", up));
            if (!fs::exists(e.snapshotFile)) {
                add(rel(e.snapshotFile), fmt::format("{} is missing: the snapshot of {}", rel(e.snapshotFile), e.tag));
                continue;
            }
            readSnapshot(e.snapshotFile, &e);
        }
    }

    void readSnapshot(const fs::path& file, const FolderEntry* entry) {
        SnapshotFile s{file, rel(file), {}, {}, {}, {}, entry};
        auto text = readFile(file);
        if (!text) {
            add(s.relative, fmt::format("{} cannot be read", s.relative));
            return;
        }
        try {
            Snapshot parsed = Snapshot::parse(*text, s.relative);
            if (parsed.drizzle1 != (folder_->format() == FolderFormat::Drizzle1))
                add(s.relative, fmt::format("{} is a Drizzle {} snapshot in a Drizzle {} folder", s.relative,
                                            parsed.drizzle1 ? "1.0" : "0.x", parsed.drizzle1 ? "0.x" : "1.0"));
            s.id = parsed.id;
            s.prevIds = parsed.prevIds.empty() ? std::vector<std::string>{parsed.prevId} : parsed.prevIds;
            s.dialect = parsed.schema.dialect;
            s.schema = std::move(parsed.schema);
        } catch (const Error& e) {
            add(s.relative, e.what());
            return;
        }
        if (!folder_->dialect().empty() && s.dialect != folder_->dialect())
            add(s.relative, fmt::format("{} is a {} snapshot in a {} folder", s.relative, s.dialect, folder_->dialect()));
        snapshots_.push_back(std::move(s));
    }

    void checkStrays() {
        const bool journal = folder_->format() == FolderFormat::Drizzle0;
        for (const auto& f : folder_->strays()) {
            if (endsWith(f, ".json"))
                add(f, fmt::format("stray file {}: no {} has this snapshot", f, journal ? "journal entry" : "migration"));
            else if (journal)
                add(f, fmt::format("stray file {}: {} has no entry {}", f, index_, fs::path(f).stem().string()));
            else
                add(f, fmt::format("stray {}: {} is not a migration's migration.sql, down.sql or snapshot.json", f, f));
            if (endsWith(f, "_snapshot.json") || endsWith(f, "/snapshot.json")) readSnapshot(dir_ / f, nullptr);
        }
    }

    std::string describeParent(const std::string& id) const {
        if (id == kOriginSnapshotId) return "the empty schema";
        for (const auto& s : snapshots_)
            if (s.id == id) return s.relative;
        return "a snapshot that is not in the folder";
    }

    /// What a migration whose snapshot is `s` changed: the objects of the diff from its parent.
    std::set<std::string> touched(const SnapshotFile& s) const {
        Schema parent;
        parent.dialect = s.schema.dialect;
        for (const auto& other : snapshots_)
            if (other.id == s.prevIds.front()) parent = other.schema;
        std::set<std::string> out;
        for (const auto& op : diff(parent, s.schema).operations)
            for (auto& object : objectsOf(op)) out.insert(std::move(object));
        return out;
    }

    /// ", and both change table users" or ", and they change different objects (a: table x; b: nothing)".
    std::string overlap(const std::vector<const SnapshotFile*>& list) const {
        std::map<std::string, int> counts;
        std::vector<std::string> each;
        for (const auto* s : list) {
            const auto objects = touched(*s);
            for (const auto& o : objects) ++counts[o];
            each.push_back(fmt::format("{}: {}", s->relative,
                                       objects.empty() ? std::string("nothing") : fmt::format("{}", fmt::join(objects, ", "))));
        }
        std::vector<std::string> shared;
        for (const auto& [object, n] : counts)
            if (n > 1) shared.push_back(object);
        if (shared.empty()) return fmt::format(", and they change different objects ({})", fmt::join(each, "; "));
        return fmt::format(", and they change the same objects: {} ({})", fmt::join(shared, ", "), fmt::join(each, "; "));
    }

    void checkChain() {
        // Two snapshots that follow the same parent: migrations generated on two branches.
        std::map<std::string, std::vector<const SnapshotFile*>> children;
        for (const auto& s : snapshots_) children[s.prevIds.front()].push_back(&s);
        std::set<const SnapshotFile*> reported;
        for (const auto& [parent, list] : children) {
            if (list.size() < 2) continue;
            std::vector<std::string> names;
            for (const auto* s : list) names.push_back(s->relative);
            add(list.back()->relative,
                fmt::format("{} {} follow {} (prevId {}): they were generated from the same state on different "
                            "branches{}; drop the later migration and generate it again on top of the other",
                            fmt::join(names, " and "), list.size() == 2 ? "both" : "all", describeParent(parent),
                            parent, overlap(list)));
            for (std::size_t i = 1; i < list.size(); ++i) reported.insert(list[i]);
        }
        std::map<std::string, const SnapshotFile*> ids;
        for (const auto& s : snapshots_)
            if (auto [it, fresh] = ids.emplace(s.id, &s); !fresh)
                add(s.relative, fmt::format("{} and {} have the same id {}", it->second->relative, s.relative, s.id));
        // The folder's order: each snapshot follows the previous entry's.
        const SnapshotFile* previous = nullptr;
        bool first = true;
        for (const auto& e : folder_->entries()) {
            auto it = std::find_if(snapshots_.begin(), snapshots_.end(),
                                   [&](const SnapshotFile& s) { return s.entry == &e; });
            if (it == snapshots_.end()) {
                previous = nullptr;
                first = false;
                continue;
            }
            const std::string expected =
                first ? std::string(kOriginSnapshotId) : previous ? previous->id : it->prevIds.front();
            const bool follows = std::find(it->prevIds.begin(), it->prevIds.end(), expected) != it->prevIds.end();
            if (!follows && !reported.count(&*it))
                add(it->relative, fmt::format("{} has prevId {}, expected {} (the id of {})", it->relative,
                                              it->prevIds.front(), expected,
                                              first ? "the empty schema" : previous->relative));
            previous = &*it;
            first = false;
        }
    }

    fs::path dir_;
    std::unique_ptr<Folder> folder_;
    std::string index_;
    std::vector<SnapshotFile> snapshots_;
    std::vector<Finding> findings_;
};

}  // namespace

const char* toString(Finding::Kind kind) noexcept {
    switch (kind) {
        case Finding::Kind::Folder: return "folder";
        case Finding::Kind::Checksum: return "checksum";
        case Finding::Kind::History: return "history";
        case Finding::Kind::Drift: return "drift";
        case Finding::Kind::Replay: return "replay";
    }
    return "?";
}

std::vector<Finding> checkFolder(const fs::path& dir) { return FolderChecker(dir).run(); }

}  // namespace ob::migrate
