// PostgreSQL SQL pieces: types, defaults, identity, CREATE TABLE and CREATE INDEX in Drizzle
// Kit's style.
#include <fmt/format.h>

#include "ob/migrate/postgres/renderer.hpp"
#include "core/quoting.hpp"
#include "render_util.hpp"

namespace ob::migrate::postgres {

namespace {

bool nativeType(const std::string& type) {
    // drizzle-kit's list (sqlgenerator's parseType): these are written bare, anything else is
    // quoted, as drizzle-kit does ("inet", "smallserial", "bytea", an enum).
    static const char* const kNative[] = {
        "uuid", "smallint", "integer", "bigint", "boolean", "text", "varchar", "serial", "bigserial", "decimal",
        "numeric", "real", "json", "jsonb", "time", "timestamp", "date", "interval", "double precision", "char",
        "vector", "geometry", "halfvec", "sparsevec", "bit"};
    for (const char* n : kNative)
        if (type.rfind(n, 0) == 0) return true;
    return false;
}

/// drizzle-kit's option list of a sequence or an identity: each value only when it is set.
std::string optionsSql(const std::string& increment, const std::string& minValue, const std::string& maxValue,
                       const std::string& startWith, const std::string& cache, bool cycle) {
    std::string sql;
    if (!increment.empty()) sql += " INCREMENT BY " + increment;
    if (!minValue.empty()) sql += " MINVALUE " + minValue;
    if (!maxValue.empty()) sql += " MAXVALUE " + maxValue;
    if (!startWith.empty()) sql += " START WITH " + startWith;
    if (!cache.empty()) sql += " CACHE " + cache;
    if (cycle) sql += " CYCLE";
    return sql;
}

std::string identitySql(const Column& c, const std::string& tableSchema) {
    const Identity& id = *c.identity;
    std::string sequence = tableSchema.empty() ? render::quote(id.name) : render::qualified(tableSchema, id.name);
    return fmt::format(" GENERATED {} AS IDENTITY (sequence name {}{})", id.type == "always" ? "ALWAYS" : "BY DEFAULT",
                       sequence, optionsSql(id.increment, id.minValue, id.maxValue, id.startWith, id.cache, id.cycle));
}

}  // namespace

namespace render {

std::string quote(std::string_view identifier) { return ob::migrate::detail::quoteIdentifier(identifier); }

std::string qualified(std::string_view schema, std::string_view name) { return quote(schema) + "." + quote(name); }

std::string tableName(const std::string& schema, const std::string& name) {
    return schema.empty() || schema == "public" ? quote(name) : qualified(schema, name);
}

std::string quotedList(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + quote(names[i]);
    return out;
}

std::string sequenceOptions(const Sequence& s) {
    return optionsSql(s.increment, s.minValue, s.maxValue, s.startWith, s.cache, s.cycle);
}

std::string identityClause(const Column& column, const std::string& tableSchema) {
    return identitySql(column, tableSchema);
}

std::string columnDefinition(const Column& c, const std::string& tableSchema, bool createTable) {
    std::string sql = quote(c.name) + " " + typeSql(c);
    if (c.primaryKey) sql += " PRIMARY KEY";
    if (c.defaultValue) sql += " DEFAULT " + *c.defaultValue;
    if (c.generated) sql += fmt::format(" GENERATED ALWAYS AS ({}) STORED", c.generated->as);
    // Drizzle Kit leaves NOT NULL out of an identity column in CREATE TABLE (identity implies it).
    if (c.notNull && !(createTable && c.identity)) sql += " NOT NULL";
    if (c.identity) sql += identitySql(c, tableSchema);
    return sql;
}

}  // namespace render

std::string typeSql(const Column& column) {
    if (nativeType(column.type)) return column.type;
    std::string type = column.type, arrays;
    if (auto bracket = type.find('['); bracket != std::string::npos) {
        arrays = type.substr(bracket);
        type = type.substr(0, bracket);
    }
    std::string prefix =
        column.typeSchema.empty() || column.typeSchema == "public" ? "" : render::quote(column.typeSchema) + ".";
    return prefix + render::quote(type) + arrays;
}

namespace {

std::string precisionOf(const dsl::ColumnType& type) {
    return type.precision >= 0 ? fmt::format("({})", type.precision) : std::string();
}

/// The element type of a column (arrays aside).
std::string elementType(const dsl::ColumnType& type) {
    using K = dsl::TypeKind;
    switch (type.kind) {
        case K::Integer: return "integer";
        case K::BigInt: return "bigint";
        case K::SmallInt: return "smallint";
        case K::Real: return "real";
        case K::Double: return "double precision";
        case K::Numeric:
            if (type.precision < 0) return "numeric";
            if (type.scale < 0) return fmt::format("numeric({})", type.precision);
            return fmt::format("numeric({}, {})", type.precision, type.scale);
        case K::Text: return "text";
        case K::Varchar: return type.length > 0 ? fmt::format("varchar({})", type.length) : "varchar";
        case K::Boolean: return "boolean";
        case K::Blob: return "bytea";
        // Drizzle's spellings: "timestamp (3) with time zone", "time(3) with time zone".
        case K::Timestamp:
            return "timestamp" + (type.precision >= 0 ? " " + precisionOf(type) : std::string()) +
                   (type.withTimezone ? " with time zone" : "");
        case K::Time: return "time" + precisionOf(type) + (type.withTimezone ? " with time zone" : "");
        case K::Interval: return "interval" + (type.fields.empty() ? "" : " " + type.fields) + precisionOf(type);
        case K::Char: return type.length > 0 ? fmt::format("char({})", type.length) : "char";
        case K::Inet: return "inet";
        case K::Cidr: return "cidr";
        case K::MacAddr: return "macaddr";
        case K::MacAddr8: return "macaddr8";
        case K::Point: return "point";
        case K::Line: return "line";
        case K::SmallSerial: return "smallserial";
        case K::Date: return "date";
        case K::Json: return "json";
        case K::Jsonb: return "jsonb";
        case K::Uuid: return "uuid";
        case K::Serial: return "serial";
        case K::BigSerial: return "bigserial";
        case K::Enum: return type.enumName;
    }
    return "text";
}

}  // namespace

std::string Renderer::columnType(const dsl::ColumnType& type) const {
    std::string out = elementType(type);
    for (int i = 0; i < type.arrayDimensions; ++i) out += "[]";
    return out;
}

std::string Renderer::defaultSql(const dsl::DefaultSpec& value, const dsl::ColumnType& type) const {
    using D = dsl::DefaultSpec::Kind;
    switch (value.kind) {
        case D::None: return {};
        case D::String: case D::Array: return quoteLiteral(value.value);
        case D::Json:
            if (type.kind == dsl::TypeKind::Json) return quoteLiteral(value.value) + "::json";
            if (type.kind == dsl::TypeKind::Jsonb) return quoteLiteral(value.value) + "::jsonb";
            return quoteLiteral(value.value);
        case D::Number: case D::Boolean: case D::Sql: return value.value;
        case D::Now: return "now()";
        case D::RandomUuid: return "gen_random_uuid()";
    }
    return {};
}

void Renderer::applyAutoNumbering(const dsl::ColumnSpec& spec, std::string_view table, Column& column) const {
    if (spec.type.kind == dsl::TypeKind::Serial || spec.type.kind == dsl::TypeKind::BigSerial ||
        spec.type.kind == dsl::TypeKind::SmallSerial) {
        column.notNull = true;
        return;
    }
    if (spec.identity == dsl::IdentityKind::None) return;
    Identity id;
    id.type = spec.identity == dsl::IdentityKind::Always ? "always" : "byDefault";
    id.name = fmt::format("{}_{}_seq", table, spec.name);
    id.schema = "public";
    id.maxValue = column.type == "bigint" ? "9223372036854775807" : column.type == "smallint" ? "32767" : "2147483647";
    column.identity = std::move(id);
    column.notNull = true;
}

std::string createTableSql(const Table& table) {
    std::vector<std::string> lines;
    for (const auto& c : table.columns) lines.push_back("\t" + render::columnDefinition(c, table.schema, true));
    for (const auto& pk : table.compositePrimaryKeys)
        lines.push_back(fmt::format("\tCONSTRAINT {} PRIMARY KEY({})", render::quote(pk.name), render::quotedList(pk.columns)));
    for (const auto& u : table.uniqueConstraints)
        lines.push_back(fmt::format("\tCONSTRAINT {} UNIQUE{}({})", render::quote(u.name),
                                    u.nullsNotDistinct ? " NULLS NOT DISTINCT" : "", render::quotedList(u.columns)));
    for (const auto& c : table.checkConstraints)
        lines.push_back(fmt::format("\tCONSTRAINT {} CHECK ({})", render::quote(c.name), c.value));
    std::string sql = fmt::format("CREATE TABLE {} (\n", render::tableName(table.schema, table.name));
    for (std::size_t i = 0; i < lines.size(); ++i) sql += lines[i] + (i + 1 < lines.size() ? ",\n" : "");
    return sql + "\n);\n";
}

std::string createIndexSql(const Table& table, const Index& index) {
    std::vector<std::string> columns;
    for (const auto& c : index.columns) {
        std::string part = c.isExpression ? c.expression : render::quote(c.expression);
        if (!c.opclass.empty())
            part += " " + c.opclass;
        else if (!c.asc)
            part += " DESC";
        if (!((c.asc && c.nulls == "last") || !c.opclass.empty()) && !c.nulls.empty()) {
            std::string nulls = c.nulls;
            for (char& ch : nulls) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            part += " NULLS " + nulls;
        }
        columns.push_back(std::move(part));
    }
    std::string with;
    for (const auto& [k, v] : index.with) {
        std::string value = v;
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        with += (with.empty() ? "" : ",") + k + "=" + value;
    }
    return fmt::format("CREATE {}INDEX{} {} ON {} USING {} ({}){}{};", index.isUnique ? "UNIQUE " : "",
                       index.concurrently ? " CONCURRENTLY" : "", render::quote(index.name),
                       render::tableName(table.schema, table.name), index.method, fmt::join(columns, ","),
                       with.empty() ? "" : " WITH (" + with + ")", index.where.empty() ? "" : " WHERE " + index.where);
}

}  // namespace ob::migrate::postgres

namespace ob::migrate::postgres {

Generated Renderer::generatedColumn(const dsl::GeneratedSpec& spec, const std::string& where) const {
    if (spec.mode == dsl::GeneratedMode::Virtual)
        throw SchemaError(fmt::format("column {}: PostgreSQL generated columns are stored (Drizzle Kit writes no "
                                      "virtual ones); drop GeneratedMode::Virtual",
                                      where));
    return Generated{"stored", spec.expression};
}

}  // namespace ob::migrate::postgres
