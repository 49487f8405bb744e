// ob::migrate — SQL generation for PostgreSQL, in Drizzle Kit's style.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::postgres {

/// Portable types map to PostgreSQL's own (boolean, jsonb, uuid, timestamp with time zone, ...);
/// enums become named types; serial and identity columns are native. Every change is an ALTER:
/// foreign keys are added after all tables exist, a column made NOT NULL with a default first
/// has its NULLs set to the default, and enum values are removed by rebuilding the type.
class Renderer final : public SqlRenderer {
public:
    std::string_view dialect() const noexcept override { return "postgresql"; }
    std::string columnType(const dsl::ColumnType& type) const override;
    std::string defaultSql(const dsl::DefaultSpec& value, const dsl::ColumnType& type) const override;
    void applyAutoNumbering(const dsl::ColumnSpec& spec, std::string_view table, Column& column) const override;
    bool hasEnumTypes() const noexcept override { return true; }
    bool uniqueConstraintsAsIndexes() const noexcept override { return false; }
    bool hasSchemasAndSequences() const noexcept override { return true; }
    /// Stored (PostgreSQL has no virtual generated columns before 18, nor Drizzle Kit 0.31).
    Generated generatedColumn(const dsl::GeneratedSpec& spec, const std::string& where) const override;
    std::vector<std::string> render(const Diff& diff) const override;
};

/// `CREATE TABLE "name" (...);\n` with primary key, unique and check constraints (foreign keys
/// are separate statements), as Drizzle Kit writes it.
std::string createTableSql(const Table& table);
/// `CREATE [UNIQUE] INDEX "name" ON "table" USING btree (...)`.
std::string createIndexSql(const Table& table, const Index& index);
/// `CREATE [MATERIALIZED] VIEW "schema"."name" [USING "m"] [WITH (k = v, ..)] [TABLESPACE t] AS (query) [WITH NO DATA];`
std::string createViewSql(const View& view);
/// `"schema"."name"` of a view.
std::string viewName(const View& view);
/// A column's type as written in DDL: native types as they are, enums and other types quoted.
std::string typeSql(const Column& column);

}  // namespace ob::migrate::postgres
