// SQLite SQL pieces: types, defaults, CREATE TABLE and CREATE INDEX in Drizzle Kit's style.
#include <fmt/format.h>

#include "ob/migrate/sqlite/renderer.hpp"
#include "quoting.hpp"

namespace ob::migrate::sqlite {

using detail::tick;

namespace {

std::string ticks(const std::vector<std::string>& names, const char* separator) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += separator;
        out += tick(names[i]);
    }
    return out;
}

}  // namespace

std::string Renderer::columnType(const dsl::ColumnType& type) const {
    using K = dsl::TypeKind;
    if (type.arrayDimensions > 0)
        throw SchemaError("SQLite has no array columns (Drizzle's SQLite columns neither); use a JSON text column");
    switch (type.kind) {
        case K::Integer: case K::BigInt: case K::SmallInt: case K::Boolean: case K::Serial: case K::BigSerial:
        case K::SmallSerial:
            return "integer";
        case K::Char: case K::Time: case K::Interval: case K::Inet: case K::Cidr: case K::MacAddr: case K::MacAddr8:
        case K::Point: case K::Line:
            return "text";
        case K::Real: case K::Double: return "real";
        case K::Numeric: return "numeric";
        case K::Blob: return "blob";
        case K::Text: case K::Varchar: case K::Json: case K::Jsonb: case K::Uuid: case K::Enum: case K::Timestamp:
        case K::Date:
            return "text";
    }
    return "text";
}

std::string Renderer::defaultSql(const dsl::DefaultSpec& value, const dsl::ColumnType& type) const {
    using D = dsl::DefaultSpec::Kind;
    switch (value.kind) {
        case D::None: return {};
        case D::String: case D::Json: case D::Array: return quoteLiteral(value.value);
        case D::Number: case D::Sql: return value.value;
        case D::Boolean: return value.value;  // TRUE/FALSE are 1/0 to SQLite; Drizzle writes them so
        case D::Now: return type.kind == dsl::TypeKind::Date ? "CURRENT_DATE" : "CURRENT_TIMESTAMP";
        case D::RandomUuid:
            // A version 4 UUID in canonical text form.
            return "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
                   "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
                   "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";
    }
    return {};
}

void Renderer::applyAutoNumbering(const dsl::ColumnSpec& spec, std::string_view table, Column& column) const {
    const bool serial = spec.type.kind == dsl::TypeKind::Serial || spec.type.kind == dsl::TypeKind::BigSerial ||
                        spec.type.kind == dsl::TypeKind::SmallSerial;
    const bool numbered = serial || spec.identity != dsl::IdentityKind::None || spec.autoincrement;
    if (!numbered) return;
    if (!spec.primaryKey)
        throw SchemaError(fmt::format("column {}.{}: SQLite numbers rows automatically only for the INTEGER PRIMARY "
                                      "KEY; mark it primaryKey() or use a plain integer",
                                      table, spec.name));
    if (column.type != "integer")
        throw SchemaError(fmt::format("column {}.{}: SQLite auto-numbering needs an integer column", table, spec.name));
    column.notNull = true;
    column.autoincrement = spec.autoincrement;
}

std::string createTableSql(const Table& table, std::string_view name) {
    std::string sql = fmt::format("CREATE TABLE {} (\n", tick(name));
    std::vector<std::string> lines;
    for (const auto& c : table.columns) {
        std::string line = fmt::format("\t{} {}", tick(c.name), c.type);
        if (c.primaryKey) line += " PRIMARY KEY";
        if (c.autoincrement) line += " AUTOINCREMENT";
        if (c.defaultValue) line += " DEFAULT " + *c.defaultValue;
        if (c.generated) {
            std::string as = c.generated->as;
            if (as.empty() || as.front() != '(') as = "(" + as + ")";
            line += fmt::format(" GENERATED ALWAYS AS {} {}", as, c.generated->type == "stored" ? "STORED" : "VIRTUAL");
        }
        if (c.notNull) line += " NOT NULL";
        lines.push_back(std::move(line));
    }
    for (const auto& pk : table.compositePrimaryKeys) lines.push_back(fmt::format("\tPRIMARY KEY({})", ticks(pk.columns, ", ")));
    for (const auto& fk : table.foreignKeys)
        lines.push_back(fmt::format("\tFOREIGN KEY ({}) REFERENCES {}({}) ON UPDATE {} ON DELETE {}",
                                    ticks(fk.columnsFrom, ","), tick(fk.tableTo), ticks(fk.columnsTo, ","), fk.onUpdate,
                                    fk.onDelete));
    for (const auto& u : table.uniqueConstraints)
        lines.push_back(fmt::format("\tCONSTRAINT {} UNIQUE({})", tick(u.name), ticks(u.columns, ",")));
    for (const auto& c : table.checkConstraints)
        lines.push_back(fmt::format("\tCONSTRAINT \"{}\" CHECK({})", c.name, c.value));
    for (std::size_t i = 0; i < lines.size(); ++i) sql += lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    return sql + ");\n";
}

std::string createIndexSql(const std::string& table, const Index& index) {
    std::vector<std::string> columns;
    for (const auto& c : index.columns) columns.push_back(c.isExpression ? c.expression : tick(c.expression));
    return fmt::format("CREATE {}INDEX {} ON {} ({}){};", index.isUnique ? "UNIQUE " : "", tick(index.name),
                       tick(table), fmt::join(columns, ","), index.where.empty() ? "" : " WHERE " + index.where);
}

}  // namespace ob::migrate::sqlite

namespace ob::migrate::sqlite {

void Renderer::checkIndex(std::string_view table, const Index& index) const {
    auto refuse = [&](const std::string& what) {
        throw SchemaError(fmt::format("index {} of table {}: SQLite indexes have no {} in Drizzle; declare the "
                                      "index .only(\"postgresql\")",
                                      index.name, table, what));
    };
    if (!index.method.empty() && index.method != "btree") refuse("access method " + index.method);
    if (index.concurrently) refuse("CONCURRENTLY");
    if (!index.with.empty()) refuse("a storage parameter (" + index.with.front().first + ")");
    for (const auto& k : index.columns) {
        if (!k.opclass.empty()) refuse("operator class " + k.opclass);
        if (!k.asc) refuse("a descending key (" + k.expression + ")");
        if (k.nulls != "last") refuse("NULLS FIRST (" + k.expression + ")");
    }
}

}  // namespace ob::migrate::sqlite

namespace ob::migrate::sqlite {

Generated Renderer::generatedColumn(const dsl::GeneratedSpec& spec, const std::string&) const {
    return Generated{spec.mode == dsl::GeneratedMode::Stored ? "stored" : "virtual", "(" + spec.expression + ")"};
}

}  // namespace ob::migrate::sqlite
