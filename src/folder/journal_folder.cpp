// The Drizzle 0.x layout: meta/_journal.json lists the migrations; <tag>.sql beside it.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "core/files.hpp"
#include "layouts.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/journal.hpp"

namespace ob::migrate::detail {

namespace fs = std::filesystem;

namespace {

bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class JournalFolder final : public Folder {
public:
    JournalFolder(fs::path dir, const std::string& newDialect) : Folder(std::move(dir)) {
        journalFile_ = dir_ / "meta" / "_journal.json";
        journal_.dialect = newDialect;
        std::error_code ec;
        if (!newDialect.empty() && !fs::exists(journalFile_, ec)) return;
        if (fs::is_directory(journalFile_, ec))
            throw MigrationSetError(journalFile_.string(), "is a directory, not a journal file");
        auto text = readFile(journalFile_);
        if (!text)
            throw MigrationSetError(journalFile_.string(),
                                    "cannot read the journal (is this a Drizzle Kit migrations folder?)");
        journal_ = Journal::parse(*text, journalFile_.string());
        for (const auto& e : journal_.entries) entries_.push_back(entryOf(e));
    }

    FolderFormat format() const noexcept override { return FolderFormat::Drizzle0; }
    std::string dialect() const override { return journal_.dialect; }
    const std::vector<FolderEntry>& entries() const noexcept override { return entries_; }
    std::string indexName() const override { return "meta/_journal.json"; }
    fs::path indexPath() const override { return journalFile_; }

    std::optional<fs::path> lastSnapshot() const override {
        if (entries_.empty()) return std::nullopt;
        std::error_code ec;
        if (fs::exists(entries_.back().snapshotFile, ec)) return entries_.back().snapshotFile;
        std::vector<fs::path> files;
        for (const auto& item : fs::directory_iterator(dir_ / "meta", ec)) {
            const std::string name = item.path().filename().string();
            if (!name.empty() && name[0] != '_' && item.path().extension() == ".json") files.push_back(item.path());
        }
        if (files.empty()) return entries_.back().snapshotFile;
        std::sort(files.begin(), files.end());
        return files.back();
    }

    std::string tagFor(std::string_view name, std::int64_t, std::string_view prefix) const override {
        return prefix.empty() ? std::string(name) : fmt::format("{}_{}", prefix, name);
    }

    std::int64_t nextWhen(std::int64_t clock, bool secondsPrefix) const override {
        if (entries_.empty()) return clock;
        const std::int64_t last = entries_.back().when;
        return std::max(clock, secondsPrefix ? (last / 1000 + 1) * 1000 : last + 1);
    }

    FolderEntry planned(const NewEntry& entry) const override {
        FolderEntry e;
        e.idx = entries_.empty() ? 0 : entries_.back().idx + 1;
        e.tag = entry.tag;
        e.when = entry.when;
        e.breakpoints = entry.breakpoints;
        e.upFile = dir_ / (entry.tag + ".sql");
        e.downFile = dir_ / (entry.tag + ".down.sql");
        const std::string prefix = entry.snapshotPrefix.empty() ? fmt::format("{:04d}", e.idx) : entry.snapshotPrefix;
        e.snapshotFile = dir_ / "meta" / (prefix + "_snapshot.json");
        return e;
    }

    FolderEntry append(const NewEntry& entry) override {
        FolderEntry e = planned(entry);
        for (const auto& old : entries_)
            if (old.tag == e.tag) throw ConfigError(fmt::format("the journal already has a migration {}", e.tag));
        std::error_code ec;
        for (const auto& f : {e.upFile, e.snapshotFile})
            if (fs::exists(f, ec)) throw ConfigError(fmt::format("{} already exists", f.string()));
        fs::create_directories(dir_ / "meta", ec);
        if (ec) throw Error(fmt::format("cannot create {}: {}", (dir_ / "meta").string(), ec.message()));
        JournalEntry je;
        je.idx = e.idx;
        je.version = Journal::entryVersionFor(journal_.dialect);
        je.when = e.when;
        je.tag = e.tag;
        je.breakpoints = e.breakpoints;
        Journal next = journal_;
        next.entries.push_back(je);
        const std::string journalText = next.toJson();  // fails before any file is written
        // The journal goes last: a folder whose journal does not list the new files is unchanged.
        writeFileAtomically(e.upFile, entry.sql);
        if (entry.down) writeFileAtomically(e.downFile, *entry.down);
        writeFileAtomically(e.snapshotFile, entry.snapshotJson);
        writeFileAtomically(journalFile_, journalText);
        journal_ = std::move(next);
        entries_.push_back(e);
        return e;
    }

    FolderEntry dropLast() override {
        if (entries_.empty()) throw Error(fmt::format("{}: there is no migration to drop", journalFile_.string()));
        const FolderEntry last = entries_.back();
        const auto files = existingFiles(last);
        Journal next = journal_;
        next.entries.pop_back();
        // The journal first, atomically: an interruption leaves either the old folder or a valid
        // journal with files nothing lists.
        writeFileAtomically(journalFile_, next.toJson());
        journal_ = std::move(next);
        entries_.pop_back();
        for (const auto& f : files) removeIfExists(f, fmt::format("dropped {} from the journal but", last.tag));
        return last;
    }

    std::string replacementTag(std::size_t, std::string_view name) const override {
        const std::string& first = entries_.at(0).tag;
        const auto underscore = first.find('_');
        return underscore == std::string::npos ? std::string(name) : fmt::format("{}_{}", first.substr(0, underscore), name);
    }

    Replacement replaceFirst(std::size_t count, const NewEntry& entry, bool write) override {
        if (count == 0 || count > entries_.size())
            throw Error(fmt::format("{}: cannot replace {} of {} migrations", journalFile_.string(), count, entries_.size()));
        for (std::size_t i = 0; i < entries_.size(); ++i)
            if (entries_[i].tag == entry.tag)
                throw ConfigError(i < count ? fmt::format("{} is the name of a migration it replaces: pass another name",
                                                          entry.tag)
                                            : fmt::format("the journal already has a migration {}", entry.tag));
        const FolderEntry& first = entries_.front();
        Replacement r;
        r.entry.idx = first.idx;
        r.entry.tag = entry.tag;
        r.entry.when = entry.when;
        r.entry.breakpoints = entry.breakpoints;
        r.entry.upFile = dir_ / (entry.tag + ".sql");
        r.entry.downFile = dir_ / (entry.tag + ".down.sql");
        const auto underscore = first.tag.find('_');
        const std::string prefix =
            underscore == std::string::npos ? fmt::format("{:04d}", first.idx) : first.tag.substr(0, underscore);
        r.entry.snapshotFile = dir_ / "meta" / (prefix + "_snapshot.json");
        r.written = {r.entry.upFile};
        if (entry.down) r.written.push_back(r.entry.downFile);
        r.written.push_back(r.entry.snapshotFile);
        r.written.push_back(journalFile_);
        std::error_code ec;
        for (std::size_t i = 0; i < count; ++i)
            for (const auto& f : existingFiles(entries_[i]))
                if (std::find(r.written.begin(), r.written.end(), f) == r.written.end()) r.removed.push_back(f);
        JournalEntry je;
        je.idx = r.entry.idx;
        je.version = Journal::entryVersionFor(journal_.dialect);
        je.when = r.entry.when;
        je.tag = r.entry.tag;
        je.breakpoints = r.entry.breakpoints;
        Journal next = journal_;
        next.entries.erase(next.entries.begin(), next.entries.begin() + static_cast<std::ptrdiff_t>(count));
        next.entries.insert(next.entries.begin(), je);
        const std::string journalText = next.toJson();
        if (!write) return r;
        // New files first, the journal next (it names them), then the snapshot, then the old files.
        writeFileAtomically(r.entry.upFile, entry.sql);
        if (entry.down) writeFileAtomically(r.entry.downFile, *entry.down);
        writeFileAtomically(journalFile_, journalText);
        writeFileAtomically(r.entry.snapshotFile, entry.snapshotJson);
        journal_ = std::move(next);
        entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(count));
        entries_.insert(entries_.begin(), r.entry);
        for (const auto& f : r.removed) removeIfExists(f, fmt::format("replaced by {} but", r.entry.tag));
        return r;
    }

    std::vector<std::string> strays() const override {
        std::set<fs::path> known{journalFile_.lexically_normal()};
        for (const auto& e : entries_)
            for (const auto& f : {e.upFile, e.downFile, e.snapshotFile}) known.insert(f.lexically_normal());
        std::vector<std::string> out;
        std::error_code ec;
        for (const auto& item : fs::directory_iterator(dir_, ec))
            if (item.is_regular_file(ec) && item.path().extension() == ".sql" &&
                !known.count(item.path().lexically_normal()))
                out.push_back(item.path().filename().generic_string());
        for (const auto& item : fs::directory_iterator(dir_ / "meta", ec))
            if (item.is_regular_file(ec) && !known.count(item.path().lexically_normal()))
                out.push_back("meta/" + item.path().filename().generic_string());
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    FolderEntry entryOf(const JournalEntry& j) const {
        FolderEntry e;
        e.idx = j.idx;
        e.tag = j.tag;
        e.when = j.when;
        e.breakpoints = j.breakpoints;
        e.upFile = dir_ / (j.tag + ".sql");
        e.downFile = dir_ / (j.tag + ".down.sql");
        // Drizzle Kit names a snapshot after the tag's prefix (0003_x -> meta/0003_snapshot.json);
        // prefix mode "none" after the idx.
        const std::string prefix = j.tag.substr(0, j.tag.find('_'));
        const fs::path byIndex = dir_ / "meta" / fmt::format("{:04d}_snapshot.json", j.idx);
        const fs::path byPrefix = dir_ / "meta" / (prefix + "_snapshot.json");
        std::error_code ec;
        e.snapshotFile = prefix.empty() || (!fs::exists(byPrefix, ec) && (fs::exists(byIndex, ec) || !allDigits(prefix)))
                             ? byIndex
                             : byPrefix;
        return e;
    }

    fs::path journalFile_;
    Journal journal_;
    std::vector<FolderEntry> entries_;
};

}  // namespace

std::unique_ptr<Folder> openJournalFolder(const fs::path& dir, const std::string& newDialect) {
    return std::make_unique<JournalFolder>(dir, newDialect);
}

void writeNewFile(const fs::path& file, const std::string& text) {
    std::error_code ec;
    if (fs::exists(file, ec)) throw ConfigError(fmt::format("{} already exists", file.string()));
    writeFileAtomically(file, text);
}

void removeIfExists(const fs::path& file, const std::string& what) {
    std::error_code ec;
    if (fs::exists(file, ec) && !fs::remove(file, ec))
        throw Error(fmt::format("{} cannot remove {}: {}", what, file.string(), ec.message()));
}

}  // namespace ob::migrate::detail
