// The Drizzle 1.0 layout: a folder per migration, <YYYYMMDDHHMMSS>_<name>/{migration.sql,
// snapshot.json}, in name order; no journal.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>

#include "core/files.hpp"
#include "dialects.hpp"
#include "layouts.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* kUp = "migration.sql";
constexpr const char* kDown = "down.sql";
constexpr const char* kSnapshot = "snapshot.json";

/// The dialect a 1.0 snapshot names ("postgres" there), or "" when it does not read.
std::string dialectOfSnapshot(const fs::path& file) {
    auto text = readFile(file);
    if (!text) return {};
    try {
        auto doc = nlohmann::json::parse(*text);
        if (!doc.is_object() || !doc.contains("dialect") || !doc["dialect"].is_string()) return {};
        const std::string d = doc["dialect"].get<std::string>();
        const FolderDialect* known = detail::snapshotDialect(d);
        return known ? std::string(known->name) : d;
    } catch (const nlohmann::json::exception&) {
        return {};
    }
}

class DirFolder final : public Folder {
public:
    DirFolder(fs::path dir, const std::string& newDialect) : Folder(std::move(dir)), dialect_(newDialect) {
        std::error_code ec;
        std::vector<std::string> names;
        for (const auto& item : fs::directory_iterator(dir_, ec)) {
            const fs::path p = item.path();
            if (item.is_directory(ec) && (fs::exists(p / kUp, ec) || fs::exists(p / kSnapshot, ec)))
                names.push_back(p.filename().string());
        }
        std::sort(names.begin(), names.end());
        for (const auto& name : names) {
            auto when = drizzle1When(name);
            if (!when)
                throw MigrationSetError((dir_ / name).string(),
                                        "a Drizzle 1.0 migration folder's name must start with its UTC time, "
                                        "YYYYMMDDHHMMSS (drizzle-orm reads created_at from it)");
            entries_.push_back(entryOf(entries_.size(), name, *when));
        }
        if (dialect_.empty())
            for (const auto& e : entries_)
                if (!(dialect_ = dialectOfSnapshot(e.snapshotFile)).empty()) break;
    }

    FolderFormat format() const noexcept override { return FolderFormat::Drizzle1; }
    std::string dialect() const override { return dialect_; }
    const std::vector<FolderEntry>& entries() const noexcept override { return entries_; }
    std::string indexName() const override { return dir_.filename().string() + "/"; }
    fs::path indexPath() const override { return dir_; }

    std::string tagFor(std::string_view name, std::int64_t when, std::string_view) const override {
        return drizzle1Name(fmt::format("_{}", name), when);
    }

    std::int64_t nextWhen(std::int64_t clock, bool) const override {
        const std::int64_t now = clock / 1000 * 1000;  // the name holds seconds
        return entries_.empty() ? now : std::max(now, (entries_.back().when / 1000 + 1) * 1000);
    }

    FolderEntry planned(const NewEntry& entry) const override {
        return entryOf(entries_.size(), entry.tag, entry.when);
    }

    FolderEntry append(const NewEntry& entry) override {
        FolderEntry e = planned(entry);
        if (drizzle1When(e.tag) != e.when)
            throw ConfigError(fmt::format("{}: a Drizzle 1.0 migration's name must start with the UTC time of its "
                                          "`when` ({})",
                                          e.tag, e.when));
        if (!entries_.empty() && e.tag <= entries_.back().tag)
            throw ConfigError(fmt::format("{} would not sort after {}, the newest migration", e.tag,
                                          entries_.back().tag));
        std::error_code ec;
        const fs::path target = dir_ / e.tag;
        if (fs::exists(target, ec)) throw ConfigError(fmt::format("{} already exists", target.string()));
        // Written into a hidden folder, then renamed into place: readers see all of it or nothing.
        const fs::path temp = dir_ / ("." + e.tag + ".tmp");
        fs::remove_all(temp, ec);
        fs::create_directories(temp, ec);
        if (ec) throw Error(fmt::format("cannot create {}: {}", temp.string(), ec.message()));
        try {
            writeFileAtomically(temp / kSnapshot, entry.snapshotJson);
            writeFileAtomically(temp / kUp, entry.sql);
            if (entry.down) writeFileAtomically(temp / kDown, *entry.down);
            renameDurably(temp, target);
        } catch (...) {
            fs::remove_all(temp, ec);
            throw;
        }
        if (dialect_.empty()) dialect_ = dialectOfSnapshot(e.snapshotFile);
        entries_.push_back(e);
        return e;
    }

    FolderEntry dropLast() override {
        if (entries_.empty()) throw Error(fmt::format("{}: there is no migration to drop", dir_.string()));
        const FolderEntry last = entries_.back();
        const fs::path folder = dir_ / last.tag;
        std::error_code ec;
        std::vector<std::string> others;
        for (const auto& item : fs::directory_iterator(folder, ec)) {
            const std::string name = item.path().filename().string();
            if (name != kUp && name != kDown && name != kSnapshot) others.push_back(name);
        }
        if (!others.empty())
            throw Error(fmt::format("refusing to drop {}: its folder also holds {} (move them first)", last.tag,
                                    fmt::join(others, ", ")));
        // migration.sql first: without it, neither drizzle-orm nor ob::migrate runs the migration.
        for (const char* f : {kUp, kDown, kSnapshot}) removeIfExists(folder / f, fmt::format("dropping {}:", last.tag));
        removeIfExists(folder, fmt::format("dropping {}:", last.tag));
        entries_.pop_back();
        return last;
    }

    std::string replacementTag(std::size_t count, std::string_view) const override {
        return entries_.at(count - 1).tag;
    }

    Replacement replaceFirst(std::size_t count, const NewEntry& entry, bool write) override {
        if (count == 0 || count > entries_.size())
            throw Error(fmt::format("{}: cannot replace {} of {} migrations", dir_.string(), count, entries_.size()));
        if (drizzle1When(entry.tag) != entry.when)
            throw ConfigError(fmt::format("{}: a Drizzle 1.0 migration's name must start with the UTC time of its "
                                          "`when` ({})",
                                          entry.tag, entry.when));
        for (std::size_t i = count; i < entries_.size(); ++i)
            if (entry.tag >= entries_[i].tag)
                throw ConfigError(fmt::format("{} would not sort before {}, a migration it keeps", entry.tag,
                                              entries_[i].tag));
        Replacement r;
        r.entry = entryOf(0, entry.tag, entry.when);
        r.written = {r.entry.upFile};
        if (entry.down) r.written.push_back(r.entry.downFile);
        r.written.push_back(r.entry.snapshotFile);
        std::vector<fs::path> folders;
        for (std::size_t i = 0; i < count; ++i) {
            for (const auto& f : existingFiles(entries_[i]))
                if (std::find(r.written.begin(), r.written.end(), f) == r.written.end() && f != dir_ / entry.tag)
                    (f == dir_ / entries_[i].tag ? folders : r.removed).push_back(f);
        }
        r.removed.insert(r.removed.end(), folders.begin(), folders.end());  // a folder after its files
        if (!write) return r;
        std::error_code ec;
        fs::create_directories(dir_ / entry.tag, ec);
        if (ec) throw Error(fmt::format("cannot create {}: {}", (dir_ / entry.tag).string(), ec.message()));
        writeFileAtomically(r.entry.snapshotFile, entry.snapshotJson);
        if (entry.down) writeFileAtomically(r.entry.downFile, *entry.down);
        writeFileAtomically(r.entry.upFile, entry.sql);
        for (const auto& f : r.removed) removeIfExists(f, fmt::format("replaced by {} but", entry.tag));
        entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(count));
        entries_.insert(entries_.begin(), r.entry);
        for (std::size_t i = 0; i < entries_.size(); ++i) entries_[i].idx = i;
        return r;
    }

    std::vector<std::string> strays() const override {
        std::set<std::string> tags;
        for (const auto& e : entries_) tags.insert(e.tag);
        std::vector<std::string> out;
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(dir_, ec)) {
            const std::string name = item.path().filename().string();
            if (!item.is_directory(ec)) {
                if (name != "migrations.js") out.push_back(name);  // drizzle-kit's bundle for Expo / Durable Objects
                continue;
            }
            if (!tags.count(name)) {
                out.push_back(name + "/");
                continue;
            }
            for (const auto& inner : fs::directory_iterator(item.path(), ec)) {
                const std::string file = inner.path().filename().string();
                if (file != kUp && file != kDown && file != kSnapshot) out.push_back(name + "/" + file);
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    FolderEntry entryOf(std::size_t idx, const std::string& name, std::int64_t when) const {
        FolderEntry e;
        e.idx = idx;
        e.tag = name;
        e.when = when;
        e.upFile = dir_ / name / kUp;
        e.downFile = dir_ / name / kDown;
        e.snapshotFile = dir_ / name / kSnapshot;
        return e;
    }

    std::string dialect_;
    std::vector<FolderEntry> entries_;
};

}  // namespace

std::unique_ptr<Folder> openDirFolder(const fs::path& dir, const std::string& newDialect) {
    return std::make_unique<DirFolder>(dir, newDialect);
}

}  // namespace ob::migrate::detail
