// The plain schema model: lookups and comparisons.
#include <algorithm>

#include "ob/migrate/schema.hpp"

namespace ob::migrate {

namespace {
template <class T>
auto findNamed(T& items, std::string_view name) noexcept -> decltype(&items.front()) {
    auto it = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.name == name; });
    return it == items.end() ? nullptr : &*it;
}
}  // namespace

bool operator==(const Identity& a, const Identity& b) {
    return a.type == b.type && a.name == b.name && a.schema == b.schema && a.increment == b.increment &&
           a.startWith == b.startWith && a.minValue == b.minValue && a.maxValue == b.maxValue && a.cache == b.cache &&
           a.cycle == b.cycle;
}

bool operator==(const Column& a, const Column& b) {
    return a.name == b.name && a.type == b.type && a.typeSchema == b.typeSchema && a.primaryKey == b.primaryKey &&
           a.notNull == b.notNull && a.autoincrement == b.autoincrement && a.defaultValue == b.defaultValue &&
           a.identity == b.identity && a.generated == b.generated;
}

bool operator==(const IndexColumn& a, const IndexColumn& b) {
    return a.expression == b.expression && a.isExpression == b.isExpression && a.asc == b.asc && a.nulls == b.nulls &&
           a.opclass == b.opclass;
}

std::vector<std::string> Index::columnNames() const {
    std::vector<std::string> names;
    for (const auto& c : columns) names.push_back(c.expression);
    return names;
}

bool operator==(const Index& a, const Index& b) {
    return a.name == b.name && a.columns == b.columns && a.isUnique == b.isUnique && a.where == b.where &&
           a.method == b.method && a.concurrently == b.concurrently && a.with == b.with;
}

bool operator==(const ForeignKey& a, const ForeignKey& b) {
    return a.name == b.name && a.tableFrom == b.tableFrom && a.columnsFrom == b.columnsFrom &&
           a.tableTo == b.tableTo && a.schemaTo == b.schemaTo && a.columnsTo == b.columnsTo &&
           a.onDelete == b.onDelete && a.onUpdate == b.onUpdate;
}

const Column* Table::findColumn(std::string_view column) const noexcept { return findNamed(columns, column); }
Column* Table::findColumn(std::string_view column) noexcept { return findNamed(columns, column); }
const Index* Table::findIndex(std::string_view index) const noexcept { return findNamed(indexes, index); }
const ForeignKey* Table::findForeignKey(std::string_view key) const noexcept { return findNamed(foreignKeys, key); }

std::vector<std::string> Table::primaryKeyColumns() const {
    if (!compositePrimaryKeys.empty()) return compositePrimaryKeys.front().columns;
    std::vector<std::string> out;
    for (const auto& c : columns)
        if (c.primaryKey) out.push_back(c.name);
    return out;
}

bool operator==(const Table& a, const Table& b) {
    return a.name == b.name && a.schema == b.schema && a.columns == b.columns && a.indexes == b.indexes &&
           a.foreignKeys == b.foreignKeys && a.compositePrimaryKeys == b.compositePrimaryKeys &&
           a.uniqueConstraints == b.uniqueConstraints && a.checkConstraints == b.checkConstraints;
}

const Table* Schema::findTable(std::string_view table) const noexcept { return findNamed(tables, table); }
Table* Schema::findTable(std::string_view table) noexcept { return findNamed(tables, table); }
const Enum* Schema::findEnum(std::string_view name) const noexcept { return findNamed(enums, name); }

bool operator==(const Sequence& a, const Sequence& b) {
    return a.name == b.name && a.schema == b.schema && a.increment == b.increment && a.startWith == b.startWith &&
           a.minValue == b.minValue && a.maxValue == b.maxValue && a.cache == b.cache && a.cycle == b.cycle;
}

bool operator==(const View& a, const View& b) {
    return a.name == b.name && a.schema == b.schema && a.columns == b.columns && a.definition == b.definition &&
           a.isExisting == b.isExisting && a.materialized == b.materialized && a.with == b.with &&
           a.withNoData == b.withNoData && a.tablespace == b.tablespace && a.using_ == b.using_;
}

bool Schema::hasSchemas() const noexcept { return dialect == "postgresql"; }

const View* Schema::findView(std::string_view name, std::string_view schema) const noexcept {
    const bool sqlite = dialect == "sqlite";
    for (const auto& v : views)
        if (v.name == name && (sqlite || v.schema == schema)) return &v;
    return nullptr;
}

bool operator==(const Schema& a, const Schema& b) {
    return a.dialect == b.dialect && a.tables == b.tables && a.enums == b.enums && a.sequences == b.sequences &&
           a.schemas == b.schemas && a.views == b.views;
}

std::string viewOptionSqlName(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c >= 'A' && c <= 'Z') {
            out += '_';
            c = static_cast<char>(c - 'A' + 'a');
        }
        out += c;
    }
    return out;
}

std::string viewOptionModelName(std::string_view sqlName) {
    std::string out;
    bool upper = false;
    for (char c : sqlName) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

std::string viewOptionSqlValue(std::string_view jsonValue) {
    if (jsonValue.size() >= 2 && jsonValue.front() == '"' && jsonValue.back() == '"') {
        std::string out;
        for (std::size_t i = 1; i + 1 < jsonValue.size(); ++i) {
            if (jsonValue[i] == '\\' && i + 2 < jsonValue.size()) ++i;
            out += jsonValue[i];
        }
        return out;
    }
    return std::string(jsonValue);
}

std::string quoteLiteral(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

}  // namespace ob::migrate
