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

#include "ob/migrate/dsl_index.hpp"
#include "ob/migrate/dsl_sequence.hpp"
#include "ob/migrate/dsl_view.hpp"
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
    Timestamp, Date, Json, Jsonb, Uuid, Serial, BigSerial, Enum,
    // PostgreSQL types (text, or integer for SmallSerial, on SQLite)
    Char, Time, Interval, Inet, Cidr, MacAddr, MacAddr8, Point, Line, SmallSerial
};

/// A portable column type; each dialect maps it to its own type string.
struct ColumnType {
    TypeKind kind = TypeKind::Text;
    int length = 0;                 ///< varchar(n), char(n); 0 = no length
    int precision = -1, scale = -1; ///< numeric(p, s); time/timestamp/interval precision; -1 = unspecified
    bool withTimezone = false;      ///< timestamp / time with time zone
    std::string enumName;           ///< TypeKind::Enum
    std::string fields;             ///< interval fields ("day to second"), empty = none
    int arrayDimensions = 0;        ///< PostgreSQL arrays: 1 = type[], 2 = type[][]
};

/// A portable default value; each dialect writes it as its own SQL.
struct DefaultSpec {
    enum class Kind { None, String, Number, Boolean, Json, Sql, Now, RandomUuid, Array };
    Kind kind = Kind::None;
    /// the string (unquoted), number text, "true"/"false", JSON text, SQL, or an array literal ({1,2})
    std::string value;
};

enum class IdentityKind { None, Always, ByDefault };

/// How a generated column is kept: Drizzle's default (stored on PostgreSQL, virtual on SQLite),
/// stored, or virtual (SQLite only).
enum class GeneratedMode { Default, Stored, Virtual };

struct GeneratedSpec {
    std::string expression;  ///< SQL, as written
    GeneratedMode mode = GeneratedMode::Default;
};

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
    SequenceSpec identityOptions;             ///< the identity's sequence (PostgreSQL)
    std::optional<GeneratedSpec> generated;   ///< GENERATED ALWAYS AS (expression)
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
    /// PostgreSQL identity columns, with the options of their sequence.
    ColumnBuilder& generatedAlwaysAsIdentity(const SequenceOptions& options = {});
    ColumnBuilder& generatedByDefaultAsIdentity(const SequenceOptions& options = {});
    /// A generated column: GENERATED ALWAYS AS (expression) STORED on PostgreSQL; VIRTUAL on SQLite
    /// unless `mode` says Stored (Drizzle's defaults). Virtual is SQLite only.
    ColumnBuilder& generatedAlwaysAs(std::string expression, GeneratedMode mode = GeneratedMode::Default);

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
    /// A PostgreSQL array default: '{"a","b"}' (strings), '{1,2}' (numbers), '{}' (none).
    ColumnBuilder& defaultArray(const std::vector<std::string>& values);
    ColumnBuilder& defaultArray(const std::vector<long long>& values);
    ColumnBuilder& defaultArray() { return defaultArray(std::vector<long long>{}); }
    /// The column holds arrays of its type (PostgreSQL); twice for two dimensions.
    ColumnBuilder& array();
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
    std::string schema;  ///< PostgreSQL schema (pgSchema()); empty = public
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
    /// In a PostgreSQL schema (see DbSchema::table()).
    TableBuilder(std::string name, std::string schema, std::vector<ColumnBuilder> columns);

    TableBuilder& index(std::string name, std::vector<std::string> columns, std::string where = {});
    TableBuilder& uniqueIndex(std::string name, std::vector<std::string> columns, std::string where = {});
    /// An index with keys, method, predicate and parameters (include/ob/migrate/dsl_index.hpp).
    TableBuilder& index(const IndexBuilder& index);
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
    EnumType(std::string name, std::vector<std::string> values, std::string schema = "public");
    /// A column of this enum type.
    ColumnBuilder operator()(std::string column) const;
    const std::string& name() const noexcept { return name_; }
    const std::string& schema() const noexcept { return schema_; }
    const std::vector<std::string>& values() const noexcept { return values_; }

private:
    std::string name_;
    std::vector<std::string> values_;
    std::string schema_;
};

/// A PostgreSQL schema (namespace), like Drizzle's pgSchema("billing"): tables, enums,
/// sequences and views declared through it live there; the migration creates the schema first and drops
/// it last. SQLite has no schemas: there the objects are plain tables (and no sequences).
class DbSchema {
public:
    explicit DbSchema(std::string name);
    TableBuilder table(std::string name, std::vector<ColumnBuilder> columns) const;
    EnumType enumType(std::string name, std::vector<std::string> values) const;
    SequenceType sequence(std::string name, SequenceOptions options = {}) const;
    ViewBuilder view(std::string name, std::vector<ColumnBuilder> columns = {}) const;
    ViewBuilder materializedView(std::string name, std::vector<ColumnBuilder> columns = {}) const;
    const std::string& name() const noexcept { return name_; }

private:
    std::string name_;
};

/// A validated portable schema.
class Definition {
public:
    /// Validates every name and reference; throws SchemaError naming the first defect.
    Definition(std::vector<TableBuilder> tables, std::vector<EnumType> enums = {},
               std::vector<SequenceType> sequences = {}, std::vector<ViewBuilder> views = {});

    const std::vector<TableSpec>& tables() const noexcept { return tables_; }
    const std::vector<EnumType>& enums() const noexcept { return enums_; }
    const std::vector<SequenceType>& sequences() const noexcept { return sequences_; }
    const std::vector<ViewSpec>& views() const noexcept { return views_; }
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
    std::vector<SequenceType> sequences_;
    std::vector<ViewSpec> views_;
};

// ---- builders ----
TableBuilder table(std::string name, std::vector<ColumnBuilder> columns);
EnumType enumType(std::string name, std::vector<std::string> values);
Definition schema(std::vector<TableBuilder> tables, std::vector<EnumType> enums = {},
                  std::vector<SequenceType> sequences = {}, std::vector<ViewBuilder> views = {});
DbSchema pgSchema(std::string name);

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
/// timestamp [(precision)] [with time zone]; precision -1 = the server's default.
ColumnBuilder timestamp(std::string name, bool withTimezone = false, int precision = -1);
ColumnBuilder timestamptz(std::string name);  ///< timestamp with time zone
ColumnBuilder date(std::string name);
ColumnBuilder json(std::string name);
ColumnBuilder jsonb(std::string name);
ColumnBuilder uuid(std::string name);
ColumnBuilder serial(std::string name);     ///< auto-numbered integer: serial / INTEGER PRIMARY KEY
ColumnBuilder bigserial(std::string name);  ///< auto-numbered bigint: bigserial / INTEGER PRIMARY KEY
ColumnBuilder enumeration(std::string name, const EnumType& type);
// PostgreSQL types; on SQLite they are text (smallserial: the INTEGER PRIMARY KEY).
ColumnBuilder character(std::string name, int length = 0);  ///< char(n); 0 = char
/// time [(precision)] [with time zone]
ColumnBuilder time(std::string name, bool withTimezone = false, int precision = -1);
/// interval [fields] [(precision)], e.g. interval("span", "day to second", 3)
ColumnBuilder interval(std::string name, std::string fields = {}, int precision = -1);
ColumnBuilder inet(std::string name);
ColumnBuilder cidr(std::string name);
ColumnBuilder macaddr(std::string name);
ColumnBuilder macaddr8(std::string name);
ColumnBuilder point(std::string name);
ColumnBuilder line(std::string name);
ColumnBuilder smallserial(std::string name);  ///< auto-numbered smallint

}  // namespace ob::migrate::dsl
