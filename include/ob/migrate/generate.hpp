// ob::migrate — `generate`: diff a DSL schema against a migrations folder's last snapshot and
// write the next migration the way Drizzle Kit does (<tag>.sql, meta/<prefix>_snapshot.json,
// a meta/_journal.json entry), so either tool can continue the folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate {

enum class PrefixMode {
    Index,      ///< 0000, 0001, ... (default)
    Timestamp,  ///< UTC YYYYMMDDHHMMSS
    Unix,       ///< epoch seconds
    None,       ///< the name alone
};
/// Parses "index", "timestamp", "unix" or "none"; throws ConfigError.
PrefixMode parsePrefixMode(std::string_view text);

struct GenerateOptions {
    std::string name;               ///< migration name; empty = a random adjective_noun
    PrefixMode prefix = PrefixMode::Index;
    bool custom = false;            ///< write an empty migration for hand-written SQL
    bool allowDataLoss = false;     ///< write changes that drop or narrow data
    bool dryRun = false;            ///< compute everything, write nothing
    bool breakpoints = true;
    /// Also write `<tag>.down.sql`, the reverse (Drizzle ignores it; `migrate --to` runs it). A
    /// migration that loses data, or a custom one, gets a down file marked irreversible instead.
    bool down = true;
    RenameHints renames;            ///< added to the renames the schema declares
    /// PostgreSQL: write the forms that do not lock existing tables for long (ob-migrate lint
    /// passes them). Indexes and unique constraints on tables that already exist are built
    /// CONCURRENTLY in a second migration of their own, marked `-- ob-migrate: no-transaction`;
    /// foreign keys and checks are added NOT VALID and validated there; SET NOT NULL goes through
    /// a validated CHECK (col IS NOT NULL). drizzle-orm cannot run a no-transaction file, so the
    /// default (false) stays byte-identical to drizzle-kit. No effect on SQLite.
    bool online = false;
    /// The folder layout to write: nullopt = the folder's own (Drizzle 0.x for a new folder).
    /// A format other than the folder's is refused (convert it with `ob-migrate up`).
    std::optional<FolderFormat> format;
    /// Epoch milliseconds for the journal's `when` (default: the system clock).
    std::function<std::int64_t()> clock;
};

struct GenerateResult {
    bool written = false;           ///< files were written (false: no changes, or a dry run)
    bool changed = false;           ///< the schema differs from the last snapshot (or custom)
    std::string tag;                ///< e.g. "0003_brave_falcon"
    std::filesystem::path sqlFile, snapshotFile;
    std::filesystem::path journalFile;  ///< meta/_journal.json (Drizzle 0.x folders; empty for 1.0)
    std::filesystem::path downFile; ///< `<tag>.down.sql`, when written
    std::string sql;                ///< the migration file's text
    std::string downSql;            ///< the down file's text (empty when not asked for)
    bool reversible = false;        ///< the down file undoes the migration
    std::vector<std::string> statements;
    std::vector<std::string> operations;  ///< describe() of each operation
    std::vector<DataLoss> dataLoss;       ///< allowed findings (generate throws otherwise)
    std::string message;            ///< one line for a person: what was done
    /// Further migrations written after this one (GenerateOptions::online: the no-transaction one).
    std::vector<GenerateResult> more;
};

/// Writes the next migration of `folder` (created when missing) for `schema` in `renderer`'s
/// dialect. No change writes nothing and says so in the result. Throws DataLossError (nothing
/// written) for unallowed data loss, SchemaError, MigrationSetError for a folder it cannot
/// continue (other dialect, missing snapshot), Error for I/O failures.
GenerateResult generate(const dsl::Definition& schema, const std::filesystem::path& folder,
                        const SqlRenderer& renderer, const GenerateOptions& options = {});

/// The folder's newest snapshot, the one generate diffs against (Snapshot::empty(dialect) when the
/// journal lists no migration). `dialect` empty: the journal's. Throws MigrationSetError for a
/// folder with no journal, of another dialect, or whose snapshot does not read.
Snapshot lastSnapshot(const std::filesystem::path& folder, std::string dialect = {});

/// The SQL statements that create the whole schema from nothing, in `renderer`'s dialect.
std::vector<std::string> exportSql(const dsl::Definition& schema, const SqlRenderer& renderer);

/// Joins statements the way a migration file holds them.
std::string joinStatements(const std::vector<std::string>& statements, bool breakpoints = true);

/// A random `adjective_noun` migration name.
std::string randomMigrationName();

}  // namespace ob::migrate
