// ob::migrate — what a dialect knows when generating migrations: how portable types and defaults
// are written, and how schema operations become SQL. Backends implement it
// (ob::migrate::sqlite::Renderer, ob::migrate::postgres::Renderer); core code never asks which
// database it writes for.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/schema.hpp"

namespace ob::migrate {

class SqlRenderer {
public:
    virtual ~SqlRenderer() = default;
    SqlRenderer() = default;
    SqlRenderer(const SqlRenderer&) = delete;
    SqlRenderer& operator=(const SqlRenderer&) = delete;

    /// The journal's dialect name: "sqlite" or "postgresql".
    virtual std::string_view dialect() const noexcept = 0;

    // ---- resolving the portable DSL ----
    /// The dialect's type string for a portable type ("jsonb" -> "text" on SQLite).
    virtual std::string columnType(const dsl::ColumnType& type) const = 0;
    /// The dialect's SQL for a portable default of a column of `type`.
    virtual std::string defaultSql(const dsl::DefaultSpec& value, const dsl::ColumnType& type) const = 0;
    /// Applies serial / identity / autoincrement of `spec` to `column` (table `table`). Throws
    /// SchemaError when the dialect cannot express it.
    virtual void applyAutoNumbering(const dsl::ColumnSpec& spec, std::string_view table, Column& column) const = 0;
    /// True when enums are named types (PostgreSQL); false when enum columns are plain text.
    virtual bool hasEnumTypes() const noexcept = 0;
    /// True when unique constraints are written as unique indexes (SQLite, like Drizzle Kit).
    virtual bool uniqueConstraintsAsIndexes() const noexcept = 0;
    /// True when the dialect has schemas (namespaces) and sequences (PostgreSQL).
    virtual bool hasSchemasAndSequences() const noexcept = 0;
    /// The model's generated column for `spec` (of column `where`, "table.column"): the mode the
    /// dialect defaults to, the expression as the dialect's snapshot holds it. Throws SchemaError
    /// for a mode the dialect lacks.
    virtual Generated generatedColumn(const dsl::GeneratedSpec& spec, const std::string& where) const = 0;
    /// Throws SchemaError when the dialect cannot express `index` of table `table` (an access
    /// method, key order, operator class or parameter it lacks). Every index is expressible by default.
    virtual void checkIndex(std::string_view /*table*/, const Index& /*index*/) const {}

    // ---- rendering ----
    /// The statements that apply `diff`, each a complete statement as Drizzle Kit writes it
    /// (joined with "--> statement-breakpoint\n" in a migration file). Throws SchemaError for a
    /// change the dialect cannot make.
    virtual std::vector<std::string> render(const Diff& diff) const = 0;
};

}  // namespace ob::migrate
