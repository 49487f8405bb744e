// A portable schema definition: validation, and resolution for a dialect.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sql_renderer.hpp"
#include "definition_parts.hpp"
#include "naming.hpp"

namespace ob::migrate::dsl {

namespace {

constexpr std::size_t kMaxIdentifier = 63;  // PostgreSQL truncates longer names

void checkName(const std::string& name, const std::string& what) {
    if (name.empty()) throw SchemaError(fmt::format("{} has an empty name", what));
    if (name.size() > kMaxIdentifier)
        throw SchemaError(fmt::format("{} name \"{}\" is {} bytes long; PostgreSQL keeps only {}", what, name,
                                      name.size(), kMaxIdentifier));
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

const ColumnSpec* findColumn(const TableSpec& t, const std::string& name) {
    for (const auto& c : t.columns)
        if (c.name == name) return &c;
    return nullptr;
}

std::string actionless(const std::string& table, const std::string& what) { return fmt::format("table {}: {}", table, what); }

}  // namespace

Definition::Definition(std::vector<TableBuilder> tables, std::vector<EnumType> enums, std::vector<SequenceType> sequences,
                       std::vector<ViewBuilder> views)
    : enums_(std::move(enums)), sequences_(std::move(sequences)) {
    for (auto& t : tables) tables_.push_back(t.spec());
    for (auto& v : views) views_.push_back(v.spec());
    validate();
}

const TableSpec* Definition::findTable(std::string_view name) const noexcept {
    for (const auto& t : tables_)
        if (t.name == name) return &t;
    return nullptr;
}

const EnumType* Definition::findEnum(std::string_view name) const noexcept {
    for (const auto& e : enums_)
        if (e.name() == name) return &e;
    return nullptr;
}

void Definition::validate() const {
    std::set<std::string> enumNames;
    for (const auto& e : enums_) {
        checkName(e.name(), "an enum");
        if (!enumNames.insert(e.name()).second) throw SchemaError(fmt::format("enum {} is declared twice", e.name()));
        if (e.values().empty()) throw SchemaError(fmt::format("enum {} has no values", e.name()));
        std::set<std::string> values;
        for (const auto& v : e.values())
            if (!values.insert(v).second) throw SchemaError(fmt::format("enum {} lists value '{}' twice", e.name(), v));
    }

    detail::validateNamespaces(*this);
    detail::validateViews(*this);
    std::set<std::string> tableNames, indexNames, renamedTables;
    for (const auto& t : tables_) {
        checkName(t.name, "a table");
        if (!tableNames.insert(t.name).second) throw SchemaError(fmt::format("table {} is declared twice", t.name));
    }
    for (const auto& t : tables_) {
        if (!t.renamedFrom.empty()) {
            if (tableNames.count(t.renamedFrom))
                throw SchemaError(fmt::format("table {} is renamed from {}, which is still declared", t.name,
                                              t.renamedFrom));
            if (!renamedTables.insert(t.renamedFrom).second)
                throw SchemaError(fmt::format("two tables are renamed from {}", t.renamedFrom));
        }
        if (t.columns.empty()) throw SchemaError(actionless(t.name, "has no columns"));

        std::set<std::string> columnNames, renamedColumns, constraintNames;
        std::size_t primaryColumns = 0;
        auto addConstraint = [&](const std::string& name) {
            if (!constraintNames.insert(name).second)
                throw SchemaError(actionless(t.name, fmt::format("constraint name {} is used twice", name)));
        };
        auto addIndexName = [&](const std::string& name) {
            if (!indexNames.insert(name).second)
                throw SchemaError(fmt::format("index or unique name {} is used twice in the schema", name));
        };
        for (const auto& c : t.columns) {
            checkName(c.name, fmt::format("a column of table {}", t.name));
            if (!columnNames.insert(c.name).second)
                throw SchemaError(actionless(t.name, fmt::format("column {} is declared twice", c.name)));
        }
        for (const auto& c : t.columns) {
            const std::string where = fmt::format("column {}.{}", t.name, c.name);
            if (c.primaryKey) ++primaryColumns;
            if (!c.renamedFrom.empty()) {
                if (columnNames.count(c.renamedFrom))
                    throw SchemaError(fmt::format("{} is renamed from {}, which is still declared", where, c.renamedFrom));
                if (!renamedColumns.insert(c.renamedFrom).second)
                    throw SchemaError(actionless(t.name, fmt::format("two columns are renamed from {}", c.renamedFrom)));
            }
            const auto kind = c.type.kind;
            if (kind == TypeKind::Varchar && c.type.length < 0) throw SchemaError(where + ": varchar length is negative");
            if (kind == TypeKind::Numeric && c.type.scale >= 0 && c.type.precision >= 0 && c.type.scale > c.type.precision)
                throw SchemaError(where + ": numeric scale is larger than its precision");
            if (kind == TypeKind::Numeric && c.type.scale >= 0 && c.type.precision < 0)
                throw SchemaError(where + ": numeric scale needs a precision");
            detail::validateColumnType(where, c);
            const bool integral = kind == TypeKind::Integer || kind == TypeKind::BigInt || kind == TypeKind::SmallInt;
            if (c.identity != IdentityKind::None && !integral)
                throw SchemaError(where + ": identity columns must be smallint, integer or bigint");
            const bool autoNumbered =
                c.identity != IdentityKind::None || kind == TypeKind::Serial || kind == TypeKind::BigSerial ||
                kind == TypeKind::SmallSerial;
            if (autoNumbered && c.defaultValue.kind != DefaultSpec::Kind::None)
                throw SchemaError(where + ": an auto-numbered column cannot have a default");
            if (kind == TypeKind::Enum) {
                const EnumType* e = findEnum(c.type.enumName);
                if (!e)
                    throw SchemaError(fmt::format("{}: enum {} is not part of the schema", where, c.type.enumName));
                if (c.defaultValue.kind != DefaultSpec::Kind::None && c.defaultValue.kind != DefaultSpec::Kind::Sql) {
                    if (c.defaultValue.kind != DefaultSpec::Kind::String || !contains(e->values(), c.defaultValue.value))
                        throw SchemaError(fmt::format("{}: default '{}' is not a value of enum {} ({})", where,
                                                      c.defaultValue.value, e->name(), fmt::join(e->values(), ", ")));
                }
            }
            if (c.unique) {
                std::string name = c.uniqueName.empty() ? naming::unique(t.name, {c.name}) : c.uniqueName;
                checkName(name, where + " unique constraint");
                addConstraint(name);
                addIndexName(name);
            }
            if (c.reference) {
                const TableSpec* target = findTable(c.reference->table);
                if (!target)
                    throw SchemaError(fmt::format("{} references unknown table {}", where, c.reference->table));
                if (!findColumn(*target, c.reference->column))
                    throw SchemaError(fmt::format("{} references unknown column {}.{}", where, c.reference->table,
                                                  c.reference->column));
                std::string name = naming::foreignKey(t.name, {c.name}, c.reference->table, {c.reference->column});
                checkName(name, where + " foreign key");
                addConstraint(name);
            }
        }
        if (primaryColumns > 1)
            throw SchemaError(actionless(t.name, "more than one column is marked primaryKey(); declare a composite "
                                                 "key with table.primaryKey({...})"));
        auto requireColumns = [&](const std::vector<std::string>& cols, const std::string& what) {
            if (cols.empty()) throw SchemaError(actionless(t.name, what + " has no columns"));
            std::set<std::string> seen;
            for (const auto& col : cols) {
                if (!columnNames.count(col))
                    throw SchemaError(actionless(t.name, fmt::format("{} names unknown column {}", what, col)));
                if (!seen.insert(col).second)
                    throw SchemaError(actionless(t.name, fmt::format("{} lists column {} twice", what, col)));
            }
        };
        if (t.primaryKey) {
            if (primaryColumns > 0)
                throw SchemaError(actionless(t.name, "has both a primaryKey() column and a composite primary key"));
            requireColumns(t.primaryKey->columns, "the primary key");
            std::string name = t.primaryKey->name.empty() ? naming::primaryKey(t.name, t.primaryKey->columns)
                                                          : t.primaryKey->name;
            checkName(name, fmt::format("table {} primary key", t.name));
            addConstraint(name);
        }
        for (const auto& u : t.uniques) {
            requireColumns(u.columns, "a unique constraint");
            std::string name = u.name.empty() ? naming::unique(t.name, u.columns) : u.name;
            checkName(name, fmt::format("table {} unique constraint", t.name));
            addConstraint(name);
            addIndexName(name);
        }
        for (const auto& fk : t.foreignKeys) {
            requireColumns(fk.columns, "a foreign key");
            const TableSpec* target = findTable(fk.targetTable);
            if (!target)
                throw SchemaError(actionless(t.name, fmt::format("foreign key references unknown table {}", fk.targetTable)));
            if (fk.targetColumns.size() != fk.columns.size())
                throw SchemaError(actionless(t.name, fmt::format("foreign key to {} has {} columns but references {}",
                                                                 fk.targetTable, fk.columns.size(),
                                                                 fk.targetColumns.size())));
            for (const auto& col : fk.targetColumns)
                if (!findColumn(*target, col))
                    throw SchemaError(actionless(
                        t.name, fmt::format("foreign key references unknown column {}.{}", fk.targetTable, col)));
            std::string name =
                fk.name.empty() ? naming::foreignKey(t.name, fk.columns, fk.targetTable, fk.targetColumns) : fk.name;
            checkName(name, fmt::format("table {} foreign key", t.name));
            addConstraint(name);
        }
        for (const auto& idx : t.indexes) {
            checkName(idx.name, fmt::format("an index of table {}", t.name));
            detail::validateIndex(t.name, idx, columnNames);
            addIndexName(idx.name);
        }
        for (const auto& ck : t.checks) {
            checkName(ck.name, fmt::format("a check constraint of table {}", t.name));
            if (ck.expression.empty()) throw SchemaError(actionless(t.name, fmt::format("check {} is empty", ck.name)));
            addConstraint(ck.name);
        }
    }
}

RenameHints Definition::renames() const {
    RenameHints hints;
    for (const auto& t : tables_) {
        if (!t.renamedFrom.empty()) hints.tables.push_back({t.renamedFrom, t.name});
        for (const auto& c : t.columns)
            if (!c.renamedFrom.empty()) hints.columns.push_back({t.name, c.renamedFrom, c.name});
    }
    return hints;
}

namespace {

const std::string* overrideFor(const std::vector<std::pair<std::string, std::string>>& overrides,
                               std::string_view dialect) {
    for (const auto& [d, v] : overrides)
        if (d == dialect) return &v;
    return nullptr;
}

IndexColumn indexColumn(const std::string& name) {
    IndexColumn c;
    c.expression = name;
    return c;
}

void addUnique(ob::migrate::Table& table, std::string name, const std::vector<std::string>& columns, bool asIndex) {
    if (asIndex) {
        ob::migrate::Index idx;
        idx.name = std::move(name);
        for (const auto& c : columns) idx.columns.push_back(indexColumn(c));
        idx.isUnique = true;
        table.indexes.push_back(std::move(idx));
    } else {
        table.uniqueConstraints.push_back(UniqueConstraint{std::move(name), columns, false});
    }
}

}  // namespace

ob::migrate::Column detail::resolveColumn(const Definition& definition, const ColumnSpec& c,
                                         const SqlRenderer& renderer) {
    const std::string_view dialect = renderer.dialect();
    ob::migrate::Column column;
    column.name = c.name;
    const std::string* typeOverride = overrideFor(c.typeOverrides, dialect);
    column.type = typeOverride ? *typeOverride : renderer.columnType(c.type);
    if (c.type.kind == TypeKind::Enum && renderer.hasEnumTypes() && !typeOverride)
        column.typeSchema = definition.findEnum(c.type.enumName)->schema();
    column.primaryKey = c.primaryKey;
    column.notNull = c.notNull || c.primaryKey;
    if (const std::string* d = overrideFor(c.defaultOverrides, dialect))
        column.defaultValue = *d;
    else if (c.defaultValue.kind != DefaultSpec::Kind::None)
        column.defaultValue = renderer.defaultSql(c.defaultValue, c.type);
    return column;
}

Schema Definition::resolve(const SqlRenderer& renderer) const {
    const std::string_view dialect = renderer.dialect();
    Schema schema;
    schema.dialect = std::string(dialect);
    if (renderer.hasEnumTypes())
        for (const auto& e : enums_) schema.enums.push_back(ob::migrate::Enum{e.name(), e.schema(), e.values()});
    const bool namespaces = renderer.hasSchemasAndSequences();
    if (namespaces) detail::addSchemasAndSequences(*this, schema);
    auto schemaOf = [&](const std::string& table) {
        const TableSpec* t = findTable(table);
        return namespaces && t ? t->schema : std::string();
    };

    const bool uniqueAsIndex = renderer.uniqueConstraintsAsIndexes();
    for (const auto& spec : tables_) {
        ob::migrate::Table table;
        table.name = spec.name;
        table.schema = schemaOf(spec.name);
        for (const auto& c : spec.columns) {
            ob::migrate::Column column = detail::resolveColumn(*this, c, renderer);
            renderer.applyAutoNumbering(c, spec.name, column);
            if (column.identity) detail::applyIdentityOptions(c.identityOptions, table.schema, column);
            if (c.generated) column.generated = renderer.generatedColumn(*c.generated, spec.name + "." + c.name);
            if (c.unique)
                addUnique(table, c.uniqueName.empty() ? naming::unique(spec.name, {c.name}) : c.uniqueName, {c.name},
                          uniqueAsIndex);
            if (c.reference) {
                ForeignKey fk;
                fk.name = naming::foreignKey(spec.name, {c.name}, c.reference->table, {c.reference->column});
                fk.tableFrom = spec.name;
                fk.columnsFrom = {c.name};
                fk.tableTo = c.reference->table;
                fk.schemaTo = schemaOf(fk.tableTo);
                fk.columnsTo = {c.reference->column};
                fk.onDelete = toSql(c.reference->onDelete);
                fk.onUpdate = toSql(c.reference->onUpdate);
                table.foreignKeys.push_back(std::move(fk));
            }
            table.columns.push_back(std::move(column));
        }
        for (const auto& fks : spec.foreignKeys) {
            ForeignKey fk;
            fk.name = fks.name.empty() ? naming::foreignKey(spec.name, fks.columns, fks.targetTable, fks.targetColumns)
                                       : fks.name;
            fk.tableFrom = spec.name;
            fk.columnsFrom = fks.columns;
            fk.tableTo = fks.targetTable;
            fk.schemaTo = schemaOf(fk.tableTo);
            fk.columnsTo = fks.targetColumns;
            fk.onDelete = toSql(fks.onDelete);
            fk.onUpdate = toSql(fks.onUpdate);
            table.foreignKeys.push_back(std::move(fk));
        }
        for (const auto& is : spec.indexes) {
            auto idx = detail::resolveIndex(is, dialect);
            if (!idx) continue;
            renderer.checkIndex(spec.name, *idx);
            table.indexes.push_back(std::move(*idx));
        }
        for (const auto& u : spec.uniques)
            addUnique(table, u.name.empty() ? naming::unique(spec.name, u.columns) : u.name, u.columns, uniqueAsIndex);
        if (spec.primaryKey) {
            PrimaryKey pk;
            pk.name = spec.primaryKey->name.empty() ? naming::primaryKey(spec.name, spec.primaryKey->columns)
                                                    : spec.primaryKey->name;
            pk.columns = spec.primaryKey->columns;
            for (const auto& c : pk.columns) table.findColumn(c)->notNull = true;
            table.compositePrimaryKeys.push_back(std::move(pk));
        }
        for (const auto& ck : spec.checks) table.checkConstraints.push_back(CheckConstraint{ck.name, ck.expression});
        schema.tables.push_back(std::move(table));
    }
    detail::addViews(*this, renderer, schema);
    return schema;
}

}  // namespace ob::migrate::dsl
