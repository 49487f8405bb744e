// ob::migrate — the schema DSL: one portable definition of tables, columns, constraints and
// indexes that resolves to either dialect's Schema (include/ob/migrate/schema.hpp).
//
//   using namespace ob::migrate::dsl;
//   auto issuers = table("issuers", {text("id").primaryKey(), text("name").notNull(), jsonb("public_key"),
//                                    timestamp("created_at").notNull().defaultNow()});
//   auto badges = table("badge_classes", {
//       text("id").primaryKey(),
//       text("issuer_id").notNull().references(issuers, "id").onDelete(Action::Cascade),
//   }).index("badge_class_issuer_idx", {"issuer_id"});
//   Definition definition = schema({issuers, badges});   // validates; throws SchemaError
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ob/migrate/schema.hpp"

namespace ob::migrate {
class SqlRenderer;
struct RenameHints;
}  // namespace ob::migrate

namespace ob::migrate::dsl {

/// Referential action of a foreign key.
enum class Action { NoAction, Restrict, Cascade, SetNull, SetDefault };
/// "no action", "restrict", "cascade", "set null", "set default" (Drizzle's spelling).
const char* toSql(Action action) noexcept;

enum class TypeKind {
    Integer, BigInt, SmallInt, Real, Double, Numeric, Text, Varchar, Boolean, Blob,
    Timestamp, Date, Json, Jsonb, Uuid, Serial, BigSerial, Enum
};

/// A portable column type; each dialect maps it to its own type string.
struct ColumnType {
    TypeKind kind = TypeKind::Text;
    int length = 0;                 ///< varchar(n); 0 = no length
    int precision = -1, scale = -1; ///< numeric(p, s); -1 = unspecified
    bool withTimezone = false;      ///< timestamp with time zone
    std::string enumName;           ///< TypeKind::Enum
};

/// A portable default value; each dialect writes it as its own SQL.
struct DefaultSpec {
    enum class Kind { None, String, Number, Boolean, Json, Sql, Now, RandomUuid };
    Kind kind = Kind::None;
    std::string value;  ///< the string (unquoted), number text, "true"/"false", JSON text or SQL
};

enum class IdentityKind { None, Always, ByDefault };

struct Reference {
    std::string table, column;
    Action onDelete = Action::NoAction, onUpdate = Action::NoAction;
};

/// Everything a column declares, as plain data.
struct ColumnSpec {
    std::string name;
    ColumnType type;
    bool primaryKey = false, notNull = false, unique = false, autoincrement = false;
    std::string uniqueName;  ///< empty = `<table>_<column>_unique`
    IdentityKind identity = IdentityKind::None;
    DefaultSpec defaultValue;
    std::vector<std::pair<std::string, std::string>> defaultOverrides;  ///< dialect -> SQL
    std::vector<std::pair<std::string, std::string>> typeOverrides;     ///< dialect -> type
    std::optional<Reference> reference;
    std::string renamedFrom;
};

class TableBuilder;

/// A column under construction. Every modifier returns the column itself.
class ColumnBuilder {
public:
    ColumnBuilder(std::string name, ColumnType type);

    ColumnBuilder& primaryKey();
    ColumnBuilder& notNull();
    /// A single-column unique constraint (a unique index on SQLite), named `<table>_<column>_unique`.
    ColumnBuilder& unique(std::string name = {});
    /// SQLite AUTOINCREMENT on an integer primary key (ignored by PostgreSQL).
    ColumnBuilder& autoincrement();
    ColumnBuilder& generatedAlwaysAsIdentity();
    ColumnBuilder& generatedByDefaultAsIdentity();

    /// Literal defaults, quoted and written per dialect.
    ColumnBuilder& defaultValue(const char* text);
    ColumnBuilder& defaultValue(const std::string& text);
    ColumnBuilder& defaultValue(int number);
    ColumnBuilder& defaultValue(long long number);
    ColumnBuilder& defaultValue(double number);
    ColumnBuilder& defaultValue(bool flag);
    /// A JSON document default: '{"a":1}'::jsonb on PostgreSQL, '{"a":1}' on SQLite.
    ColumnBuilder& defaultJson(std::string json);
    /// An SQL expression default, written as is for every dialect (e.g. "CURRENT_TIMESTAMP").
    ColumnBuilder& defaultSql(std::string sql);
    /// An SQL expression default for one dialect ("sqlite" or "postgresql"), overriding the others.
    ColumnBuilder& defaultSqlFor(std::string dialect, std::string sql);
    /// The current time: now() on PostgreSQL, CURRENT_TIMESTAMP (CURRENT_DATE for dates) on SQLite.
    ColumnBuilder& defaultNow();
    /// A random UUID: gen_random_uuid() on PostgreSQL, a UUID v4 built from randomblob() on SQLite.
    ColumnBuilder& defaultRandom();

    ColumnBuilder& references(const TableBuilder& table, std::string column);
    ColumnBuilder& references(std::string table, std::string column);
    /// Actions of the reference declared last.
    ColumnBuilder& onDelete(Action action);
    ColumnBuilder& onUpdate(Action action);

    /// The column's previous name: the next migration renames it instead of dropping it.
    ColumnBuilder& renamedFrom(std::string oldName);
    /// The exact type to use on one dialect, e.g. typeFor("postgresql", "citext").
    ColumnBuilder& typeFor(std::string dialect, std::string type);

    const ColumnSpec& spec() const noexcept { return spec_; }

private:
    ColumnSpec spec_;
};

struct IndexSpec {
    std::string name;
    std::vector<std::string> columns;
    bool unique = false;
    std::string where;
};

struct ForeignKeySpec {
    std::string name;  ///< empty = `<table>_<cols>_<target>_<cols>_fk`
    std::vector<std::string> columns;
    std::string targetTable;
    std::vector<std::string> targetColumns;
    Action onDelete = Action::NoAction, onUpdate = Action::NoAction;
};

struct ConstraintSpec {
    std::string name;  ///< empty = the Drizzle default name
    std::vector<std::string> columns;
};

struct CheckSpec {
    std::string name, expression;
};

/// Everything a table declares, as plain data.
struct TableSpec {
    std::string name;
    std::vector<ColumnSpec> columns;
    std::vector<IndexSpec> indexes;
    std::vector<ForeignKeySpec> foreignKeys;
    std::optional<ConstraintSpec> primaryKey;  ///< composite primary key
    std::vector<ConstraintSpec> uniques;
    std::vector<CheckSpec> checks;
    std::string renamedFrom;
};

/// A table under construction. Every modifier returns the table itself.
class TableBuilder {
public:
    TableBuilder(std::string name, std::vector<ColumnBuilder> columns);

    TableBuilder& index(std::string name, std::vector<std::string> columns, std::string where = {});
    TableBuilder& uniqueIndex(std::string name, std::vector<std::string> columns, std::string where = {});
    /// Composite primary key, named `<table>_<cols>_pk` unless named.
    TableBuilder& primaryKey(std::vector<std::string> columns, std::string name = {});
    /// Multi-column unique constraint (a unique index on SQLite), named `<table>_<cols>_unique` unless named.
    TableBuilder& unique(std::vector<std::string> columns, std::string name = {});
    TableBuilder& foreignKey(std::vector<std::string> columns, const TableBuilder& target, std::vector<std::string> targetColumns,
                      Action onDelete = Action::NoAction, Action onUpdate = Action::NoAction, std::string name = {});
    TableBuilder& foreignKey(std::vector<std::string> columns, std::string target, std::vector<std::string> targetColumns,
                      Action onDelete = Action::NoAction, Action onUpdate = Action::NoAction, std::string name = {});
    TableBuilder& check(std::string name, std::string expression);
    /// The table's previous name: the next migration renames it instead of dropping it.
    TableBuilder& renamedFrom(std::string oldName);

    const std::string& name() const noexcept { return spec_.name; }
    const TableSpec& spec() const noexcept { return spec_; }

private:
    TableSpec spec_;
};

/// An enumeration: a named type on PostgreSQL, a text column on SQLite.
class EnumType {
public:
    EnumType(std::string name, std::vector<std::string> values);
    /// A column of this enum type.
    ColumnBuilder operator()(std::string column) const;
    const std::string& name() const noexcept { return name_; }
    const std::vector<std::string>& values() const noexcept { return values_; }

private:
    std::string name_;
    std::vector<std::string> values_;
};

/// A validated portable schema.
class Definition {
public:
    /// Validates every name and reference; throws SchemaError naming the first defect.
    Definition(std::vector<TableBuilder> tables, std::vector<EnumType> enums = {});

    const std::vector<TableSpec>& tables() const noexcept { return tables_; }
    const std::vector<EnumType>& enums() const noexcept { return enums_; }
    const TableSpec* findTable(std::string_view name) const noexcept;
    const EnumType* findEnum(std::string_view name) const noexcept;

    /// The schema for the renderer's dialect. Throws SchemaError when the dialect cannot express it.
    Schema resolve(const SqlRenderer& renderer) const;
    /// The renames the definition declares (renamedFrom on tables and columns).
    RenameHints renames() const;

private:
    void validate() const;

    std::vector<TableSpec> tables_;
    std::vector<EnumType> enums_;
};

// ---- builders ----
TableBuilder table(std::string name, std::vector<ColumnBuilder> columns);
EnumType enumType(std::string name, std::vector<std::string> values);
Definition schema(std::vector<TableBuilder> tables, std::vector<EnumType> enums = {});

ColumnBuilder integer(std::string name);
ColumnBuilder bigint(std::string name);
ColumnBuilder smallint(std::string name);
ColumnBuilder real(std::string name);
ColumnBuilder doublePrecision(std::string name);
ColumnBuilder numeric(std::string name, int precision = -1, int scale = -1);
ColumnBuilder text(std::string name);
ColumnBuilder varchar(std::string name, int length = 0);
ColumnBuilder boolean(std::string name);
ColumnBuilder blob(std::string name);
ColumnBuilder bytea(std::string name);  ///< same as blob
ColumnBuilder timestamp(std::string name, bool withTimezone = false);
ColumnBuilder timestamptz(std::string name);  ///< timestamp with time zone
ColumnBuilder date(std::string name);
ColumnBuilder json(std::string name);
ColumnBuilder jsonb(std::string name);
ColumnBuilder uuid(std::string name);
ColumnBuilder serial(std::string name);     ///< auto-numbered integer: serial / INTEGER PRIMARY KEY
ColumnBuilder bigserial(std::string name);  ///< auto-numbered bigint: bigserial / INTEGER PRIMARY KEY
ColumnBuilder enumeration(std::string name, const EnumType& type);

}  // namespace ob::migrate::dsl
