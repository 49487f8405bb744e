// ob::migrate — Drizzle Kit's meta/<prefix>_snapshot.json: version "6" for SQLite, "7" for
// PostgreSQL, read and written key for key as Drizzle Kit does.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ob/migrate/diff.hpp"
#include "ob/migrate/schema.hpp"

namespace ob::migrate {

/// The prevId of a folder's first snapshot.
inline constexpr std::string_view kOriginSnapshotId = "00000000-0000-0000-0000-000000000000";

struct Snapshot {
    std::string id;      ///< UUID v4
    std::string prevId;  ///< the previous snapshot's id (kOriginSnapshotId for the first)
    /// Drizzle 1.0 (`snapshot.json` with a `ddl` list): every parent (prevId is the first).
    std::vector<std::string> prevIds;
    bool drizzle1 = false;  ///< read from a Drizzle 1.0 snapshot (SQLite version 7, PostgreSQL 8)
    Schema schema;
    /// `_meta`: renames done by the migration this snapshot follows.
    std::vector<RenameHints::TableRename> renamedTables;
    std::vector<RenameHints::ColumnRename> renamedColumns;
    /// Top-level sections ob::migrate does not model (roles, policies),
    /// and per-table `policies` / `isRLSEnabled` (PostgreSQL), kept as raw JSON and written back
    /// unchanged. Key: section name, or "<table>.policies" / "<table>.isRLSEnabled".
    std::vector<std::pair<std::string, std::string>> unmodeled;

    /// An empty schema of `dialect` with id kOriginSnapshotId (what a new folder starts from).
    static Snapshot empty(std::string dialect);
    /// Parses snapshot JSON, either Drizzle line's; throws MigrationSetError naming `origin` on any defect, or on a
    /// version this code does not read.
    static Snapshot parse(std::string_view json, const std::string& origin);
    static Snapshot read(const std::filesystem::path& file);
    /// Drizzle Kit's layout for the schema's dialect: 2-space indented, no trailing newline.
    std::string toJson() const;
};

/// A fresh random UUID v4 (lowercase, hyphenated).
std::string randomUuid();

}  // namespace ob::migrate
