// What the studio shows of a database: its tables (columns, keys, indexes, checks) and rows.
// Plain data, filled by a Catalog and a Source of either backend.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ob::migrate::cli::studio {

struct ColumnInfo {
    std::string name;
    std::string type;  ///< as declared (SQLite) or format_type() (PostgreSQL)
    bool notNull = false;
    bool primaryKey = false;
    std::optional<std::string> defaultValue;  ///< SQL text
    std::string generated;                    ///< "", "stored", "virtual", "identity always", ...
};

struct IndexInfo {
    std::string name;
    std::vector<std::string> columns;  ///< names, or expressions
    bool unique = false;
    std::string where;       ///< partial index predicate, empty when none
    std::string definition;  ///< the CREATE INDEX statement when the database keeps one
};

struct ForeignKeyInfo {
    std::string name;  ///< empty where the database keeps none (SQLite)
    std::vector<std::string> columns;
    std::string tableSchema;  ///< referenced table's schema (PostgreSQL), else empty
    std::string table;        ///< referenced table
    std::vector<std::string> referencedColumns;
    std::string onUpdate = "no action";
    std::string onDelete = "no action";
};

struct CheckInfo {
    std::string name;
    std::string expression;
};

struct TableInfo {
    std::string schema;  ///< PostgreSQL schema; empty for SQLite
    std::string name;
    std::vector<ColumnInfo> columns;
    std::vector<std::string> primaryKey;  ///< in key order
    std::vector<IndexInfo> indexes;
    std::vector<ForeignKeyInfo> foreignKeys;
    std::vector<CheckInfo> checks;

    const ColumnInfo* findColumn(const std::string& column) const noexcept {
        for (const auto& c : columns)
            if (c.name == column) return &c;
        return nullptr;
    }
};

/// One value read from a row. SQLite keeps its storage class; PostgreSQL values are text (bytea
/// as "\x" hex, which PostgreSQL reads back as bytea).
struct Cell {
    enum class Kind { Null, Integer, Real, Text, Blob };
    Kind kind = Kind::Null;
    std::string text;                 ///< the value as text (blob: the raw bytes for SQLite)

    static Cell null() { return {}; }
    static Cell of(Kind kind, std::string text) { return Cell{kind, std::move(text)}; }
};

/// A row's identity: its primary key's values, in key order.
using RowKey = std::vector<Cell>;

struct RowFilter {
    std::string column;
    std::optional<std::string> value;  ///< nullopt: IS NULL
};

struct RowQuery {
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    std::string sortColumn;  ///< empty: primary key order (else the database's order)
    bool descending = false;
    std::optional<RowFilter> filter;
};

struct Row {
    std::vector<Cell> cells;  ///< in the table's column order
};

}  // namespace ob::migrate::cli::studio
