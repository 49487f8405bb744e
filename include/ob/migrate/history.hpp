// ob::migrate — the tracking table: which migrations a database records as applied.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/migration_set.hpp"

namespace ob::migrate {

/// One row of the tracking table.
struct AppliedRecord {
    std::int64_t when = 0;                 ///< created_at: the journal `when`
    std::string hash;                      ///< hash recorded when it was applied
    std::optional<std::string> name;       ///< tag, when the row was written by ob::migrate
    std::optional<std::int64_t> appliedAt; ///< epoch ms, when the row was written by ob::migrate
};

/// A backend's tracking table (Driver::history()): Drizzle's table, rows keyed by created_at (the
/// journal `when`), plus two nullable columns ob::migrate fills (name, applied_at). Writes run in
/// the caller's transaction when one is open (Driver::begin).
class History {
public:
    virtual ~History() = default;

    virtual bool exists() = 0;
    /// Creates the table (and its schema) when missing.
    virtual void ensure() = 0;
    /// Every row, ordered by created_at (then by id).
    virtual std::vector<AppliedRecord> read() = 0;
    /// Receives one row: its created_at (0 when NULL) and hash, valid during the call only.
    using RowVisitor = std::function<void(std::int64_t when, std::string_view hash)>;
    /// The no-op boot's read: every row's created_at and hash, in read()'s order, in one query,
    /// without copying a field. Returns false (no row visited) when the table does not exist.
    /// The default asks exists() and then read().
    virtual bool scan(const RowVisitor& row);
    virtual bool contains(std::int64_t when) = 0;
    /// Records `migration` as applied now.
    virtual void add(const Migration& migration) = 0;
    virtual void setHash(std::int64_t when, const std::string& hash) = 0;
    virtual void remove(std::int64_t when) = 0;
};

}  // namespace ob::migrate
