// ob::migrate — the one schema model: what a Drizzle snapshot holds, what the DSL resolves to for a
// dialect, and what introspection of a live database returns. Plain data: column types are the
// dialect's own type strings ("integer", "varchar(255)", "timestamp with time zone", an enum name).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ob/migrate/error.hpp"

namespace ob::migrate {

/// PostgreSQL identity column (GENERATED ... AS IDENTITY); all values as Drizzle writes them.
struct Identity {
    std::string type = "byDefault";  ///< "always" or "byDefault"
    std::string name;                ///< sequence name, `<table>_<column>_seq` by default
    std::string schema = "public";
    std::string increment = "1", startWith = "1", minValue = "1", maxValue, cache = "1";
    bool cycle = false;

    friend bool operator==(const Identity& a, const Identity& b);
    friend bool operator!=(const Identity& a, const Identity& b) { return !(a == b); }
};

/// A generated (computed) column, as read from a Drizzle snapshot.
struct Generated {
    std::string type;  ///< "stored" or "virtual"
    std::string as;    ///< the SQL expression as Drizzle wrote it

    friend bool operator==(const Generated& a, const Generated& b) { return a.type == b.type && a.as == b.as; }
    friend bool operator!=(const Generated& a, const Generated& b) { return !(a == b); }
};

struct Column {
    std::string name;
    std::string type;        ///< the dialect's type, e.g. "integer", "varchar(255)", an enum's name
    std::string typeSchema;  ///< schema of an enum type (PostgreSQL), else empty
    bool primaryKey = false;
    bool notNull = false;
    bool autoincrement = false;                ///< SQLite AUTOINCREMENT
    std::optional<std::string> defaultValue;   ///< SQL text: "'draft'", "0", "now()"
    std::optional<Identity> identity;          ///< PostgreSQL identity
    std::optional<Generated> generated;

    friend bool operator==(const Column& a, const Column& b);
    friend bool operator!=(const Column& a, const Column& b) { return !(a == b); }
};

struct IndexColumn {
    std::string expression;     ///< a column name, or an SQL expression when isExpression
    bool isExpression = false;
    bool asc = true;
    std::string nulls = "last"; ///< "first" or "last" (PostgreSQL)
    std::string opclass;        ///< operator class (PostgreSQL), usually empty

    friend bool operator==(const IndexColumn& a, const IndexColumn& b);
    friend bool operator!=(const IndexColumn& a, const IndexColumn& b) { return !(a == b); }
};

struct Index {
    std::string name;
    std::vector<IndexColumn> columns;
    bool isUnique = false;
    std::string where;              ///< partial index predicate; empty = none
    std::string method = "btree";   ///< PostgreSQL access method
    bool concurrently = false;      ///< PostgreSQL CREATE INDEX CONCURRENTLY
    std::vector<std::pair<std::string, std::string>> with;  ///< PostgreSQL storage parameters

    /// The plain column names of a column-only index.
    std::vector<std::string> columnNames() const;

    friend bool operator==(const Index& a, const Index& b);
    friend bool operator!=(const Index& a, const Index& b) { return !(a == b); }
};

struct ForeignKey {
    std::string name;
    std::string tableFrom;
    std::vector<std::string> columnsFrom;
    std::string tableTo;
    std::string schemaTo;  ///< empty = the default schema
    std::vector<std::string> columnsTo;
    std::string onDelete = "no action";  ///< "no action", "restrict", "cascade", "set null", "set default"
    std::string onUpdate = "no action";

    friend bool operator==(const ForeignKey& a, const ForeignKey& b);
    friend bool operator!=(const ForeignKey& a, const ForeignKey& b) { return !(a == b); }
};

struct PrimaryKey {
    std::string name;
    std::vector<std::string> columns;

    friend bool operator==(const PrimaryKey& a, const PrimaryKey& b) {
        return a.name == b.name && a.columns == b.columns;
    }
    friend bool operator!=(const PrimaryKey& a, const PrimaryKey& b) { return !(a == b); }
};

struct UniqueConstraint {
    std::string name;
    std::vector<std::string> columns;
    bool nullsNotDistinct = false;

    friend bool operator==(const UniqueConstraint& a, const UniqueConstraint& b) {
        return a.name == b.name && a.columns == b.columns && a.nullsNotDistinct == b.nullsNotDistinct;
    }
    friend bool operator!=(const UniqueConstraint& a, const UniqueConstraint& b) { return !(a == b); }
};

struct CheckConstraint {
    std::string name;
    std::string value;  ///< the SQL expression

    friend bool operator==(const CheckConstraint& a, const CheckConstraint& b) {
        return a.name == b.name && a.value == b.value;
    }
    friend bool operator!=(const CheckConstraint& a, const CheckConstraint& b) { return !(a == b); }
};

struct Table {
    std::string name;
    std::string schema;  ///< PostgreSQL schema; empty = the default ("public")
    std::vector<Column> columns;
    std::vector<Index> indexes;
    std::vector<ForeignKey> foreignKeys;
    std::vector<PrimaryKey> compositePrimaryKeys;
    std::vector<UniqueConstraint> uniqueConstraints;
    std::vector<CheckConstraint> checkConstraints;

    const Column* findColumn(std::string_view column) const noexcept;
    Column* findColumn(std::string_view column) noexcept;
    const Index* findIndex(std::string_view index) const noexcept;
    const ForeignKey* findForeignKey(std::string_view key) const noexcept;
    /// The primary key's columns: the composite key's, or the columns marked primaryKey.
    std::vector<std::string> primaryKeyColumns() const;

    friend bool operator==(const Table& a, const Table& b);
    friend bool operator!=(const Table& a, const Table& b) { return !(a == b); }
};

struct Enum {
    std::string name;
    std::string schema = "public";
    std::vector<std::string> values;

    friend bool operator==(const Enum& a, const Enum& b) {
        return a.name == b.name && a.schema == b.schema && a.values == b.values;
    }
    friend bool operator!=(const Enum& a, const Enum& b) { return !(a == b); }
};

/// A PostgreSQL sequence (CREATE SEQUENCE); values as Drizzle writes them (decimal text).
struct Sequence {
    std::string name;
    std::string schema = "public";
    std::string increment = "1", startWith = "1", minValue = "1", maxValue = "9223372036854775807", cache = "1";
    bool cycle = false;

    friend bool operator==(const Sequence& a, const Sequence& b);
    friend bool operator!=(const Sequence& a, const Sequence& b) { return !(a == b); }
};

/// A view from an SQL definition (CREATE [MATERIALIZED] VIEW ... AS definition), as Drizzle keeps it.
/// The declared columns are only what the snapshot records; the SQL is the definition.
struct View {
    std::string name;
    std::string schema = "public";  ///< PostgreSQL schema; unused on SQLite
    std::vector<Column> columns;    ///< the columns the view declares (snapshot only)
    std::string definition;         ///< the query; empty for an existing view
    bool isExisting = false;        ///< exists already: never created, dropped or compared by definition
    bool materialized = false;      ///< PostgreSQL materialized view
    /// PostgreSQL options, Drizzle's camelCase key -> JSON value text ("checkOption" -> "\"cascaded\"").
    std::vector<std::pair<std::string, std::string>> with;
    bool withNoData = false;        ///< materialized: created WITH NO DATA
    std::string tablespace, using_; ///< materialized: TABLESPACE, USING (access method); empty = default

    friend bool operator==(const View& a, const View& b);
    friend bool operator!=(const View& a, const View& b) { return !(a == b); }
};

/// A view option as PostgreSQL names it: "checkOption" -> "check_option" (Drizzle's camelCase snake_cased).
std::string viewOptionSqlName(std::string_view key);
/// The inverse: "security_barrier" -> "securityBarrier".
std::string viewOptionModelName(std::string_view sqlName);
/// An option's value as SQL writes it: a JSON string unquoted ("\"cascaded\"" -> cascaded), the rest as is.
std::string viewOptionSqlValue(std::string_view jsonValue);

/// A whole database schema for one dialect.
struct Schema {
    std::string dialect;  ///< "sqlite" or "postgresql"
    std::vector<Table> tables;
    std::vector<Enum> enums;
    std::vector<Sequence> sequences;  ///< PostgreSQL
    std::vector<std::string> schemas; ///< PostgreSQL schemas the schema creates (not "public")
    std::vector<View> views;          ///< in Drizzle's order (PostgreSQL: plain views, then materialized)

    const Table* findTable(std::string_view table) const noexcept;
    Table* findTable(std::string_view table) noexcept;
    const Enum* findEnum(std::string_view name) const noexcept;
    /// The view `name` in `schema` (PostgreSQL; ignored for SQLite views, whose schema is unused).
    const View* findView(std::string_view name, std::string_view schema = "public") const noexcept;
    /// Whether names live in schemas (PostgreSQL): messages then qualify them.
    bool hasSchemas() const noexcept;

    friend bool operator==(const Schema& a, const Schema& b);
    friend bool operator!=(const Schema& a, const Schema& b) { return !(a == b); }
};

/// SQL string literal: 'it''s'.
std::string quoteLiteral(std::string_view text);

}  // namespace ob::migrate
