// ob::migrate — an ordered set of migrations, from a Drizzle Kit folder, embedded data or a list.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ob::migrate {

/// The line Drizzle Kit puts between statements of a migration file.
inline constexpr std::string_view kStatementBreakpoint = "--> statement-breakpoint";
/// A first line that makes a migration run outside any transaction.
inline constexpr std::string_view kNoTransactionDirective = "-- ob-migrate: no-transaction";
/// A first line of a `.down.sql` file that marks its migration as impossible to undo.
inline constexpr std::string_view kIrreversibleDirective = "-- ob-migrate: irreversible";
/// Leading lines `-- ob-migrate: squashes <tag> <when> <sha256>`, one per migration an
/// `ob-migrate squash` migration replaces: a database that applied all of those has it applied.
inline constexpr std::string_view kSquashDirective = "-- ob-migrate: squashes";

/// One migration a squash replaced, as its tracking-table row records it.
struct SquashedMigration {
    std::string tag;
    std::int64_t when = 0;
    std::string hash;
};

/// One `--> statement-breakpoint` chunk of a migration file.
struct Statement {
    std::size_t index = 0;  ///< 1-based position of the chunk in its file
    std::size_t line = 0;   ///< 1-based line where the chunk's SQL starts
    std::string sql;        ///< the chunk as written (leading newlines kept, like Drizzle)

    /// First non-blank line of the chunk, for messages.
    std::string firstLine() const;
    /// True when the chunk holds only white space and comments.
    bool empty() const;
};

/// One script of a migration: its file, or its `<tag>.down.sql`. The text is kept byte for byte and
/// split into `--> statement-breakpoint` chunks on first use, so a boot that runs nothing never
/// splits the files of applied migrations.
class Script {
public:
    Script() = default;
    /// `sql` read from `file`; transactional unless its first line is kNoTransactionDirective.
    Script(std::string sql, std::string file);

    const std::string& sql() const noexcept { return sql_; }
    /// Every chunk, empty ones included (splitStatements), split on the first call. Thread-safe.
    const std::vector<Statement>& statements() const;
    /// False when the file starts with kNoTransactionDirective.
    bool transactional() const noexcept { return transactional_; }
    /// Where it was read from (path or "embedded:<tag>.sql"), for messages.
    const std::string& file() const noexcept { return file_; }
    /// Whether statements() has split the text yet.
    bool split() const noexcept;

private:
    std::string sql_;
    std::string file_;
    bool transactional_ = true;
    mutable std::shared_ptr<const std::vector<Statement>> statements_;
};

struct Migration {
    std::size_t idx = 0;      ///< journal idx
    std::string tag;          ///< e.g. "0000_majestic_cyclops"
    std::int64_t when = 0;    ///< journal `when`, epoch ms; the key in the tracking table
    bool breakpoints = true;  ///< journal `breakpoints`
    std::string hash;         ///< lowercase hex SHA-256 of `up.sql()` (Drizzle's hash)
    /// When `up.sql()` is not valid UTF-8: the hash Drizzle records for it (its reader replaces
    /// every invalid sequence with U+FFFD before hashing); accepted as well. Empty for valid UTF-8.
    std::string drizzleHash;
    Script up;                  ///< the migration file
    /// What this migration replaces (kSquashDirective lines), oldest first; empty for most.
    std::vector<SquashedMigration> squashes;
    /// The reverse migration, from `<tag>.down.sql` beside the file (Drizzle ignores it).
    std::optional<Script> down;
    /// A down file whose first line is kIrreversibleDirective says the migration cannot be undone.
    bool downIrreversible = false;

    /// True when a `<tag>.down.sql` exists and is not marked irreversible.
    bool reversible() const noexcept { return down.has_value() && !downIrreversible; }

    /// Attaches `<tag>.down.sql` text, read from `downFile` (for errors; default: the up file's
    /// name with `.down.sql`). Throws MigrationSetError when it holds a NUL byte.
    void setDown(std::string sql, const std::string& downFile = {});

    /// Builds a migration from its text: hashes it. Throws MigrationSetError naming the file and
    /// the byte offset when the text holds a NUL byte.
    static Migration fromSql(std::size_t idx, std::string tag, std::int64_t when, std::string sql,
                             bool breakpoints = true, std::string file = {});
};

/// Splits a migration file on `--> statement-breakpoint` exactly as Drizzle's runtime does; a
/// leading UTF-8 BOM is left out of the first chunk.
std::vector<Statement> splitStatements(std::string_view sql);

class MigrationSet {
public:
    /// Reads a migrations folder in either Drizzle layout (ob::migrate::Folder): 0.x
    /// `<dir>/meta/_journal.json` and every `<dir>/<tag>.sql` it lists, or 1.0
    /// `<dir>/<timestamp>_<name>/migration.sql` in name order.
    /// Throws MigrationSetError naming the journal or the missing/unreadable file.
    static MigrationSet fromDirectory(const std::filesystem::path& dir);

    /// Builds a set from journal text plus a way to read each tag's SQL (embedded data, archives).
    /// `origin` names the journal in errors. `readSql(name)` returns the text of `<name>.sql`, or
    /// nullopt when there is none; it is also asked for `<tag>.down` (optional down migrations).
    using SqlReader = std::function<std::optional<std::string>(const std::string& tag)>;
    static MigrationSet fromJournal(std::string_view journalJson, const SqlReader& readSql,
                                    const std::string& origin);

    /// A set from migrations built in code; validated like a folder.
    static MigrationSet fromMigrations(std::string dialect, std::vector<Migration> migrations,
                                       std::string origin = "in-memory set");

    MigrationSet() = default;

    const std::string& dialect() const noexcept { return dialect_; }
    const std::vector<Migration>& migrations() const noexcept { return migrations_; }
    const std::string& origin() const noexcept { return origin_; }
    std::size_t size() const noexcept { return migrations_.size(); }
    bool empty() const noexcept { return migrations_.empty(); }

    const Migration* findByWhen(std::int64_t when) const noexcept;
    const Migration* findByTag(std::string_view tag) const noexcept;

private:
    void validate() const;

    std::string dialect_;
    std::string origin_;
    std::vector<Migration> migrations_;
};

}  // namespace ob::migrate
