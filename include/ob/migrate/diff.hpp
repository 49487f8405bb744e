// ob::migrate — two schemas in, an ordered list of operations out, plus what would lose data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ob/migrate/schema.hpp"

namespace ob::migrate {

/// Renames to apply instead of drop + add. Table names are the new names.
struct RenameHints {
    struct TableRename {
        std::string from, to;
    };
    struct ColumnRename {
        std::string table;  ///< the table's (new) name
        std::string from, to;
    };
    std::vector<TableRename> tables;
    std::vector<ColumnRename> columns;

    /// Parses "old=new" (a table) and "table.old=new" or "table.old=table.new" (a column).
    /// Throws ConfigError on anything else.
    static RenameHints parse(const std::vector<std::string>& specs);
    /// Adds `other`'s hints after this one's.
    void merge(const RenameHints& other);
    bool empty() const noexcept { return tables.empty() && columns.empty(); }
};

namespace op {
/// A PostgreSQL schema (namespace) that tables, enums and sequences live in.
struct CreateSchema { std::string name; };
struct DropSchema { std::string name; };
struct CreateSequence { Sequence value; };
struct DropSequence { Sequence value; };
/// Increment, bounds, start, cache or cycle changed.
struct AlterSequence { Sequence from, to; };
/// Views (never an existing one). A changed definition, kind or withNoData is DropView + CreateView.
struct CreateView { View value; };
struct DropView { View value; };
/// Options (with), tablespace or access method changed, the definition did not (PostgreSQL).
struct AlterView { View from, to; };
struct CreateEnum { Enum value; };
struct DropEnum { Enum value; };
/// Adds `value` to an enum; `before` names the existing value it goes before (empty = at the end).
struct AddEnumValue { Enum target; std::string value, before; };
/// Values were removed or reordered: the type is rebuilt and its columns converted.
struct RecreateEnum {
    Enum from, to;
    struct Use { std::string table, column; std::optional<std::string> defaultValue; };
    std::vector<Use> columns;
};
/// A new table, its foreign keys and indexes included (they also come as AddForeignKey and
/// CreateIndex operations with `newTable` set, for dialects that add them separately).
struct CreateTable { Table table; };
struct DropTable { Table table; };
struct RenameTable { std::string from, to; };
struct AddColumn { std::string table; Column column; };
struct DropColumn { std::string table; Column column; };
struct RenameColumn { std::string table; std::string from, to; };
/// Anything about a column but its name changed (type, null-ness, default, key, identity).
struct AlterColumn { std::string table; Column from, to; };
struct CreateIndex { std::string table; Index index; bool newTable = false; };
struct DropIndex { std::string table; Index index; };
/// Same definition under a new name.
struct RenameIndex { std::string table; std::string from; Index index; };
struct AddForeignKey { std::string table; ForeignKey key; bool newTable = false; };
struct DropForeignKey { std::string table; ForeignKey key; };
struct AddPrimaryKey { std::string table; PrimaryKey key; };
struct DropPrimaryKey { std::string table; PrimaryKey key; };
struct AddUnique { std::string table; UniqueConstraint constraint; };
struct DropUnique { std::string table; UniqueConstraint constraint; };
struct AddCheck { std::string table; CheckConstraint constraint; };
struct DropCheck { std::string table; CheckConstraint constraint; };
/// A foreign key, primary key, unique or check constraint kept as it was under a new name.
struct RenameConstraint {
    enum class Kind { ForeignKey, PrimaryKey, Unique, Check };
    Kind kind;
    std::string table;
    std::string from, to;
};
}  // namespace op

using Operation = std::variant<op::CreateEnum, op::DropEnum, op::AddEnumValue, op::RecreateEnum, op::CreateTable,
                               op::DropTable, op::RenameTable, op::AddColumn, op::DropColumn, op::RenameColumn,
                               op::AlterColumn, op::CreateIndex, op::DropIndex, op::RenameIndex, op::AddForeignKey,
                               op::DropForeignKey, op::AddPrimaryKey, op::DropPrimaryKey, op::AddUnique,
                               op::DropUnique, op::AddCheck, op::DropCheck, op::RenameConstraint, op::CreateSchema,
                               op::DropSchema, op::CreateSequence, op::DropSequence, op::AlterSequence, op::CreateView,
                               op::DropView, op::AlterView>;

/// One line for a person: "create table users", "alter column users.email".
std::string describe(const Operation& operation);

/// A change that can lose rows or values, or fail on existing rows.
struct DataLoss {
    enum class Kind {
        DropTable,             ///< the table and its rows go
        DropColumn,            ///< the column's values go
        NarrowType,            ///< a type change that is not known to keep every value
        NotNullWithoutDefault, ///< NOT NULL on an existing column, or a new one, with no default
        DropEnumValue,         ///< rows holding a removed value cannot be converted
    };
    Kind kind;
    std::string table, column;
    std::string message;  ///< e.g. "drops column users.age (integer)"
};

struct Diff {
    Schema from, to;
    std::vector<Operation> operations;
    std::vector<DataLoss> dataLoss;
    std::vector<RenameHints::TableRename> renamedTables;
    std::vector<RenameHints::ColumnRename> renamedColumns;

    bool empty() const noexcept { return operations.empty(); }
    /// The old definition of a table of `to` (by its new name), or nullptr for a new table.
    const Table* previous(std::string_view table) const noexcept;
    /// True when `column` of `to`'s `table` existed before (maybe under another name).
    bool existedBefore(std::string_view table, std::string_view column) const noexcept;
    /// The old name of a column of `to`'s `table` (its name when it was not renamed).
    std::string previousColumnName(std::string_view table, std::string_view column) const;
};

/// Everything that turns `from` into `to`, in an order every dialect can run. Both schemas must be
/// of the same dialect. Renames are taken from `hints` when the old name exists in `from` and
/// the new one does not; a hint naming something absent is ignored (already applied).
Diff diff(const Schema& from, const Schema& to, const RenameHints& hints = {});

/// True when changing a column from type `from` to `to` keeps every value (smallint -> integer,
/// varchar(10) -> varchar(20), varchar -> text, numeric(5,2) -> numeric(8,2), ...).
bool isWideningTypeChange(std::string_view from, std::string_view to);

}  // namespace ob::migrate
