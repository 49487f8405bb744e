// ob::migrate — a migrations folder on disk, in either layout Drizzle Kit writes. The only code
// that knows where a migration's SQL, down SQL and snapshot live.
//
//   Drizzle 0.x:  meta/_journal.json, <tag>.sql, <tag>.down.sql, meta/<prefix>_snapshot.json
//   Drizzle 1.0:  <YYYYMMDDHHMMSS>_<name>/migration.sql, .../down.sql, .../snapshot.json
//                 (no journal: the folders in name order; snapshots chained by prevIds)
//
//   auto folder = ob::migrate::Folder::open("drizzle");       // the layout found on disk
//   for (const auto& e : folder->entries()) use(e.tag, e.upFile);
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ob::migrate {

/// The two layouts; the number is what `generate --format` takes.
enum class FolderFormat { Drizzle0 = 0, Drizzle1 = 1 };

/// "0" or "1"; parseFolderFormat throws ConfigError for anything else.
const char* toString(FolderFormat format) noexcept;
FolderFormat parseFolderFormat(std::string_view text);

/// One migration of a folder.
struct FolderEntry {
    std::size_t idx = 0;     ///< 0.x: the journal's idx; 1.0: position in name order (from 0)
    std::string tag;         ///< 0.x: the journal's tag; 1.0: the migration's folder name
    std::int64_t when = 0;   ///< epoch ms: 0.x the journal's `when`; 1.0 the name's UTC timestamp
                             ///< (seconds), as drizzle-orm 1.0 records it in created_at
    bool breakpoints = true; ///< 0.x: the journal's `breakpoints`; 1.0: always true
    std::filesystem::path upFile;        ///< the migration's SQL (may be missing: check says so)
    std::filesystem::path downFile;      ///< where its down SQL is or would be (optional file)
    std::filesystem::path snapshotFile;  ///< its snapshot (may be missing: check says so)
};

/// What Folder::append writes.
struct NewEntry {
    std::string tag;    ///< from Folder::tagFor
    std::int64_t when = 0;
    bool breakpoints = true;
    std::string sql;                  ///< migration file text
    std::optional<std::string> down;  ///< down file text, if any
    std::string snapshotJson;         ///< snapshot text, in the folder's format
    /// 0.x only: the snapshot's file prefix (meta/<prefix>_snapshot.json); empty = the idx, 4 digits.
    std::string snapshotPrefix;
};

class Folder {
public:
    virtual ~Folder() = default;

    /// The layout of `dir`: Drizzle0 when meta/_journal.json exists, Drizzle1 when a subfolder
    /// holds migration.sql or snapshot.json, nullopt for a missing or empty folder.
    static std::optional<FolderFormat> detect(const std::filesystem::path& dir);
    /// The folder in the layout found on disk. Throws MigrationSetError naming the folder when it
    /// does not exist, is a file, or is in neither layout; or naming the journal when it does not read.
    static std::unique_ptr<Folder> open(const std::filesystem::path& dir);
    /// For writing: the layout found on disk, or `format` for a missing or empty folder (default
    /// Drizzle0), with `dialect` ("sqlite" or "postgresql") for a new one. Throws ConfigError when
    /// `format` is given and differs from the folder's (convert with `ob-migrate up`).
    static std::unique_ptr<Folder> create(const std::filesystem::path& dir, const std::string& dialect,
                                          std::optional<FolderFormat> format = std::nullopt);

    virtual FolderFormat format() const noexcept = 0;
    const std::filesystem::path& dir() const noexcept { return dir_; }
    /// "sqlite" or "postgresql"; 0.x: the journal's; 1.0: the snapshots' (empty when unknown).
    virtual std::string dialect() const = 0;
    /// Every migration, in order.
    virtual const std::vector<FolderEntry>& entries() const noexcept = 0;
    /// The newest entry's snapshot file, nullopt for a folder with no entries. 0.x: when the
    /// entry's own is missing, the last meta/*.json in name order (Drizzle Kit's rule).
    virtual std::optional<std::filesystem::path> lastSnapshot() const;
    /// Where the folder names things for a person: "meta/_journal.json" or the folder.
    virtual std::string indexName() const = 0;
    /// What lists the migrations, for errors: <dir>/meta/_journal.json (0.x) or <dir> itself (1.0).
    virtual std::filesystem::path indexPath() const = 0;

    /// The tag a new migration `name` written at `when` gets. 0.x: `<prefix>_<name>` (`name`
    /// alone when prefix is empty); 1.0: `<UTC YYYYMMDDHHMMSS of when>_<name>` (prefix ignored).
    virtual std::string tagFor(std::string_view name, std::int64_t when, std::string_view prefix) const = 0;
    /// The smallest `when` a new entry may have at `clock`: later than the newest entry (1.0 and
    /// `secondsPrefix`: in a later second, since the name holds only seconds).
    virtual std::int64_t nextWhen(std::int64_t clock, bool secondsPrefix) const = 0;
    /// The paths a new entry would be written to (nothing is written).
    virtual FolderEntry planned(const NewEntry& entry) const = 0;
    /// Writes a new last entry (0.x: the journal last, so an interrupted write leaves the folder
    /// as it was). Throws ConfigError when a file it would write exists, Error on I/O failure.
    virtual FolderEntry append(const NewEntry& entry) = 0;
    /// The files of `entry` that exist (SQL, down SQL, snapshot; 1.0: then its folder).
    std::vector<std::filesystem::path> existingFiles(const FolderEntry& entry) const;
    /// Removes the newest entry and its files and returns it. Throws Error when there is none.
    virtual FolderEntry dropLast() = 0;

    /// What replaceFirst writes and removes.
    struct Replacement {
        FolderEntry entry;                              ///< the new first entry
        std::vector<std::filesystem::path> written;     ///< its files (0.x: and the journal)
        std::vector<std::filesystem::path> removed;     ///< the replaced entries' files it does not reuse
    };
    /// The tag replaceFirst(count, ...) gives a migration called `name` (`squash`): 0.x the first
    /// entry's prefix and `name`; 1.0 the folder name of the last replaced entry, since drizzle-orm
    /// 1.0 matches migrations by name (a database that applied it then skips the replacement).
    virtual std::string replacementTag(std::size_t count, std::string_view name) const = 0;
    /// Replaces the first `count` entries (1 <= count <= entries().size()) by `entry`, which takes
    /// the first one's idx. The new files first (0.x: then the journal), then the old files go.
    /// `write` false: only says what it would do. Throws ConfigError when `entry.tag` clashes with
    /// an entry it keeps, Error on I/O failure.
    virtual Replacement replaceFirst(std::size_t count, const NewEntry& entry, bool write) = 0;
    /// Files and folders inside `dir` that no entry owns (for `check`), relative to dir, sorted.
    virtual std::vector<std::string> strays() const = 0;

protected:
    explicit Folder(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path dir_;
};

/// drizzle-kit 1.0's folder name for a 0.x entry (`drizzle-kit up`): the UTC timestamp of `when`
/// (seconds), "_", the tag after its first "_" ("0003_brave_falcon" -> "<ts>_brave_falcon").
std::string drizzle1Name(std::string_view tag, std::int64_t when);

/// The epoch ms drizzle-orm 1.0 reads from a 1.0 folder name (its first 14 digits, UTC);
/// nullopt when the name does not start with 14 digits of a valid time.
std::optional<std::int64_t> drizzle1When(std::string_view folderName);

}  // namespace ob::migrate

namespace ob::migrate {

/// What upgradeToDrizzle1 did: the 0.x tag and the 1.0 folder name of each migration, in order.
struct FolderUpgrade {
    std::vector<std::pair<std::string, std::string>> renamed;
};

/// `drizzle-kit up` (1.0): converts a Drizzle 0.x folder in place to the 1.0 layout. Each
/// journal entry becomes `<UTC timestamp of when>_<tag after its prefix>/` holding its
/// migration.sql (byte for byte, so its hash is unchanged), down.sql when there is one, and its
/// snapshot in the 1.0 format (same id, prevIds [prevId]); then meta/ and the old files go.
/// Every new folder is written before anything is removed. Throws MigrationSetError for a folder
/// that is not 0.x or whose entries would share a folder name, Error on I/O failure.
FolderUpgrade upgradeToDrizzle1(const std::filesystem::path& dir);

}  // namespace ob::migrate
