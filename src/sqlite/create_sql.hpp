// Private to the SQLite backend: what introspection needs from the CREATE TABLE / CREATE INDEX
// text SQLite keeps in sqlite_master (constraint names, CHECK and generated expressions, index
// expressions and WHERE clauses), which its pragmas do not report.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ob::migrate::sqlite::detail {

struct TableConstraint {
    enum class Kind { PrimaryKey, Unique, Check, ForeignKey };
    Kind kind = Kind::Check;
    std::string name;                  ///< empty when unnamed
    std::vector<std::string> columns;  ///< PRIMARY KEY / UNIQUE / FOREIGN KEY columns
    std::string expression;            ///< CHECK expression as written
};

struct ColumnDefinition {
    std::string name;
    std::vector<TableConstraint> constraints;  ///< column constraints (CHECK, UNIQUE), columns = {name}
    std::string generatedAs;                   ///< "(expr)" of a generated column, as written
    std::string generatedType;                 ///< "stored" or "virtual"
};

struct TableDefinition {
    std::vector<ColumnDefinition> columns;
    std::vector<TableConstraint> constraints;  ///< table constraints, in order
    bool autoincrement = false;
    const ColumnDefinition* findColumn(std::string_view name) const;
};

/// Reads a CREATE TABLE statement; unknown pieces are skipped, never rejected.
TableDefinition parseCreateTable(std::string_view sql);

struct IndexTerm {
    std::string text;       ///< column name, or the expression as written
    bool isExpression = false;
};

struct IndexDefinition {
    std::vector<IndexTerm> terms;
    std::string where;  ///< the partial index predicate as written, or empty
};

/// Reads a CREATE INDEX statement.
IndexDefinition parseCreateIndex(std::string_view sql);

}  // namespace ob::migrate::sqlite::detail
