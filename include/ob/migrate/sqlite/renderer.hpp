// ob::migrate — SQL generation for SQLite, in Drizzle Kit's style (backticks, table rebuilds).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::sqlite {

/// Portable types map to SQLite's affinities: integer (also boolean, bigint, serial), real,
/// numeric, text (also varchar, json, jsonb, uuid, timestamp, date, enums) and blob.
/// A change ALTER TABLE cannot make rebuilds the table: PRAGMA foreign_keys=OFF, CREATE TABLE
/// `__new_x`, INSERT ... SELECT of the columns both tables share, DROP, RENAME, its indexes,
/// PRAGMA foreign_keys=ON (the Migrator lifts the pragmas out of the transaction and runs
/// PRAGMA foreign_key_check before commit).
class Renderer final : public SqlRenderer {
public:
    std::string_view dialect() const noexcept override { return "sqlite"; }
    std::string columnType(const dsl::ColumnType& type) const override;
    std::string defaultSql(const dsl::DefaultSpec& value, const dsl::ColumnType& type) const override;
    void applyAutoNumbering(const dsl::ColumnSpec& spec, std::string_view table, Column& column) const override;
    bool hasEnumTypes() const noexcept override { return false; }
    bool uniqueConstraintsAsIndexes() const noexcept override { return true; }
    bool hasSchemasAndSequences() const noexcept override { return false; }
    /// Virtual unless asked for stored (Drizzle's default); the expression in parentheses.
    Generated generatedColumn(const dsl::GeneratedSpec& spec, const std::string& where) const override;
    /// Refuses what Drizzle's SQLite indexes cannot say: a method, key order, nulls placement,
    /// operator class, storage parameters, CONCURRENTLY.
    void checkIndex(std::string_view table, const Index& index) const override;
    std::vector<std::string> render(const Diff& diff) const override;
};

/// `CREATE TABLE `name` (...);\n` for `table` (FOREIGN KEY clauses inline), as Drizzle Kit writes it.
std::string createTableSql(const Table& table, std::string_view name);
/// `CREATE [UNIQUE] INDEX ...;`
std::string createIndexSql(const std::string& table, const Index& index);

}  // namespace ob::migrate::sqlite
