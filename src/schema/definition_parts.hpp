// Private to the DSL: checking column types, and checking and resolving the indexes a table declares.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::dsl::detail {

/// Throws SchemaError naming the defect of the type of column `column` (`where`: "column t.c"):
/// a precision out of range, unknown interval fields, arrays of what cannot be one, a default
/// that does not fit an array column.
void validateColumnType(const std::string& where, const ColumnSpec& column);

/// Throws SchemaError naming the first defect of `index` of table `table` (columns: its column names).
void validateIndex(const std::string& table, const IndexSpec& index, const std::set<std::string>& columns);

/// Throws SchemaError for a defect of the PostgreSQL schemas and sequences `definition` declares:
/// a bad or reserved schema name, a sequence declared twice, options that cannot hold.
void validateNamespaces(const Definition& definition);

/// Adds the definition's sequences and its schemas other than public (of its tables, enums and
/// sequences, in that order) to `schema`.
void addSchemasAndSequences(const Definition& definition, Schema& schema);

/// Applies the identity options to `column.identity` with Drizzle's defaults for unset ones.
void applyIdentityOptions(const SequenceSpec& options, const std::string& tableSchema, Column& column);

/// The model's index for `dialect`; nullopt when the index exists on another dialect only.
std::optional<ob::migrate::Index> resolveIndex(const IndexSpec& index, std::string_view dialect);

/// A column's name, type (override, or the dialect's), enum schema, key, null-ness and default:
/// what tables and views resolve alike.
ob::migrate::Column resolveColumn(const Definition& definition, const ColumnSpec& column, const SqlRenderer& renderer);

/// Throws SchemaError for a defect of the views `definition` declares: a bad or duplicate name, a
/// missing definition, options on a view that cannot take them (src/schema/dsl_view.cpp).
void validateViews(const Definition& definition);

/// Adds the definition's views to `schema` in Drizzle's order (PostgreSQL: plain views, then
/// materialized ones). Throws SchemaError for what the dialect lacks (SQLite: materialized views, options).
void addViews(const Definition& definition, const SqlRenderer& renderer, Schema& schema);

}  // namespace ob::migrate::dsl::detail
