// Private to lint and generate --online: a migration's SQL statements, split and classified over
// the shared lexer. It recognises the statements the rules judge and leaves the rest as Other.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/sql_lexer.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate::lintdetail {

using detail::SqlToken;

/// One SQL statement of a migration file (a breakpoint chunk may hold several).
struct SqlStatement {
    std::size_t line = 0;           ///< 1-based line of its first token in the file
    std::size_t begin = 0, end = 0; ///< byte range in its chunk's text
    std::string text;               ///< the statement as written, without the closing ';'
    std::vector<SqlToken> tokens;   ///< without the closing ';'; dollar-quoted bodies are one String
    std::string firstLine() const;
};

/// The SQL statements of every chunk of `m`, in order.
std::vector<SqlStatement> splitSql(const Migration& m);
/// The same for a text whose first line is line 1.
std::vector<SqlStatement> splitSql(const std::string& text, std::size_t firstLine = 1);

/// An identifier as the database sees it: bare words folded to lower case, quoted names as written.
std::string nameOf(const SqlToken& token);
/// A type as text, lower case, without spaces around ( ) , ("numeric(10,2)", "double precision").
std::string normalizeType(const std::string& type);

enum class ConstraintKind { None, ForeignKey, Check, Unique, PrimaryKey, Exclude };

/// A column definition (CREATE TABLE or ADD COLUMN).
struct ColumnDef {
    std::string name, type;
    bool notNull = false, hasDefault = false, volatileDefault = false;
    std::string defaultSql;
    bool serial = false, identity = false, storedGenerated = false;
    ConstraintKind inlineConstraint = ConstraintKind::None;  ///< REFERENCES, CHECK, UNIQUE, PRIMARY KEY
    std::string references;    ///< referenced table of an inline REFERENCES
    bool cascade = false;      ///< ... ON DELETE CASCADE
};

/// A table-level foreign key of CREATE TABLE, or one added by ALTER TABLE.
struct ForeignKeyRef {
    std::string table, references;
    bool cascade = false;
};

struct AlterAction {
    enum class Kind {
        AddColumn, DropColumn, RenameColumn, RenameTable, AlterType, SetNotNull, DropNotNull,
        AddConstraint, ValidateConstraint, DropConstraint, Other,
    };
    Kind kind = Kind::Other;
    std::size_t begin = 0, end = 0;  ///< token range of the action in the statement
    ColumnDef column;                ///< AddColumn
    std::string name;                ///< column (Drop/Rename/AlterType/Set/DropNotNull), constraint, new table name
    std::string to;                  ///< RenameColumn's new name
    std::string type;                ///< AlterType: the new type
    bool usingClause = false;        ///< AlterType: USING other than `col::newtype`
    ConstraintKind constraint = ConstraintKind::None;
    bool notValid = false, usingIndex = false;
    std::string notNullColumn;       ///< a CHECK (col IS NOT NULL)
    ForeignKeyRef foreignKey;        ///< a FOREIGN KEY constraint
};

struct Classified {
    enum class Kind {
        CreateTable, CreateIndex, DropIndex, AlterTable, DropTable, AlterTypeAddValue, VacuumFull, Cluster,
        Reindex, LockTable, Update, PragmaForeignKeys, Begin, Commit, Other,
    };
    Kind kind = Kind::Other;
    std::string table;                 ///< the table concerned (first of a list)
    std::vector<std::string> tables;   ///< DROP TABLE / LOCK TABLE lists
    bool concurrently = false;         ///< CREATE/DROP INDEX, REINDEX
    bool hasWhere = false;             ///< UPDATE
    bool on = false;                   ///< PRAGMA foreign_keys=ON
    std::string name;                  ///< index or type name
    std::string value;                 ///< ALTER TYPE ... ADD VALUE: the literal as written
    std::vector<AlterAction> actions;  ///< ALTER TABLE
    std::vector<ColumnDef> columns;    ///< CREATE TABLE
    std::vector<ForeignKeyRef> foreignKeys;  ///< CREATE TABLE (inline and table-level)
};

Classified classify(const SqlStatement& statement);

/// True for an expression (tokens) whose value PostgreSQL computes per row: a function call not
/// known to be stable or immutable (random(), gen_random_uuid(), clock_timestamp(), nextval()).
bool isVolatileExpression(const std::vector<SqlToken>& tokens, std::size_t begin, std::size_t end);

}  // namespace ob::migrate::lintdetail
