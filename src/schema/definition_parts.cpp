// The indexes of a definition: validation, and the model's Index for a dialect.
#include "definition_parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ob::migrate::dsl::detail {

namespace {

/// A plain lowercase SQL word: an access method, an operator class or a storage parameter name.
bool isWord(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
            return false;
    return !std::isdigit(static_cast<unsigned char>(s.front()));
}

}  // namespace

void validateColumnType(const std::string& where, const ColumnSpec& c) {
    const ColumnType& type = c.type;
    const bool timed = type.kind == TypeKind::Time || type.kind == TypeKind::Timestamp || type.kind == TypeKind::Interval;
    if (timed && type.precision > 6) throw SchemaError(where + ": precision is at most 6");
    if (type.kind == TypeKind::Char && type.length < 0) throw SchemaError(where + ": char length is negative");
    if (type.kind == TypeKind::Interval && !type.fields.empty()) {
        static const std::set<std::string> fields{
            "year", "month", "day", "hour", "minute", "second", "year to month", "day to hour", "day to minute",
            "day to second", "hour to minute", "hour to second", "minute to second"};
        if (!fields.count(type.fields))
            throw SchemaError(fmt::format("{}: interval fields {:?} are not PostgreSQL's (e.g. \"day to second\")", where,
                                          type.fields));
    }
    const bool serial =
        type.kind == TypeKind::Serial || type.kind == TypeKind::BigSerial || type.kind == TypeKind::SmallSerial;
    const bool isArray = type.arrayDimensions > 0;
    if (isArray && (serial || c.identity != IdentityKind::None))
        throw SchemaError(where + ": an auto-numbered column cannot be an array");
    const auto kind = c.defaultValue.kind;
    using D = DefaultSpec::Kind;
    if (c.generated) {
        if (c.generated->expression.empty()) throw SchemaError(where + ": generatedAlwaysAs() has an empty expression");
        if (kind != D::None) throw SchemaError(where + ": a generated column cannot have a default");
        if (c.identity != IdentityKind::None || serial) throw SchemaError(where + ": a generated column cannot be auto-numbered");
        if (c.primaryKey) throw SchemaError(where + ": a generated column cannot be the primary key");
    }
    if (kind == D::Array && !isArray) throw SchemaError(where + ": defaultArray() needs an array() column");
    if (isArray && kind != D::None && kind != D::Array && kind != D::Sql)
        throw SchemaError(where + ": an array column takes defaultArray() or defaultSql()");
}

void validateIndex(const std::string& table, const IndexSpec& index, const std::set<std::string>& columns) {
    auto fail = [&](const std::string& what) {
        throw SchemaError(fmt::format("table {}: index {} {}", table, index.name, what));
    };
    if (index.keys.empty()) fail("has no columns");
    std::set<std::string> seen;
    for (const auto& k : index.keys) {
        if (k.isExpression) {
            if (k.expression.empty()) fail("has an empty expression");
        } else {
            if (!columns.count(k.expression)) fail("names unknown column " + k.expression);
            if (!seen.insert(k.expression).second) fail("lists column " + k.expression + " twice");
        }
        if (k.nulls != "first" && k.nulls != "last") fail(fmt::format("has nulls {:?} (first or last)", k.nulls));
        if (!k.opclass.empty() && !isWord(k.opclass)) fail(fmt::format("has operator class {:?}, not an SQL name", k.opclass));
    }
    if (!index.method.empty() && !isWord(index.method))
        fail(fmt::format("has access method {:?}, not an SQL name (btree, hash, gin, gist, brin, spgist)", index.method));
    for (const auto& [parameter, value] : index.with)
        if (!isWord(parameter)) fail(fmt::format("has storage parameter {:?}, not an SQL name", parameter));
    if (!index.dialect.empty() && index.dialect != "sqlite" && index.dialect != "postgresql")
        fail(fmt::format("is declared only for {:?} (sqlite or postgresql)", index.dialect));
}

namespace {

void checkSequence(const std::string& what, const SequenceSpec& s) {
    if (s.increment && *s.increment == 0) throw SchemaError(what + ": increment is 0");
    if (s.cache && *s.cache < 1) throw SchemaError(what + ": cache must be at least 1");
    if (s.minValue && s.maxValue && *s.minValue > *s.maxValue)
        throw SchemaError(fmt::format("{}: minValue {} is above maxValue {}", what, *s.minValue, *s.maxValue));
    if (s.startWith && s.minValue && *s.startWith < *s.minValue)
        throw SchemaError(fmt::format("{}: startWith {} is below minValue {}", what, *s.startWith, *s.minValue));
    if (s.startWith && s.maxValue && *s.startWith > *s.maxValue)
        throw SchemaError(fmt::format("{}: startWith {} is above maxValue {}", what, *s.startWith, *s.maxValue));
}

void checkSchemaName(const std::string& name, const std::string& what) {
    if (name.empty()) throw SchemaError(what + " has an empty schema name");
    if (name.rfind("pg_", 0) == 0 || name == "information_schema")
        throw SchemaError(fmt::format("{}: schema {} is reserved by PostgreSQL", what, name));
}

std::string text(const std::optional<long long>& v, const std::string& fallback) {
    return v ? std::to_string(*v) : fallback;
}

struct Values {
    std::string increment, minValue, maxValue, startWith, cache;
};

/// Drizzle Kit's defaults (its serializer): with a negative increment the range runs down to
/// `negativeMin` and starts at -1.
Values valuesOf(const SequenceSpec& s, const std::string& negativeMin, const std::string& typeMax) {
    Values v;
    v.increment = text(s.increment, "1");
    const bool down = s.increment && *s.increment < 0;
    v.minValue = text(s.minValue, down ? negativeMin : "1");
    v.maxValue = text(s.maxValue, down ? "-1" : typeMax);
    v.startWith = text(s.startWith, down ? v.maxValue : v.minValue);
    v.cache = text(s.cache, "1");
    return v;
}

void addSchema(Schema& schema, const std::string& name) {
    if (name.empty() || name == "public") return;
    if (std::find(schema.schemas.begin(), schema.schemas.end(), name) == schema.schemas.end()) schema.schemas.push_back(name);
}

}  // namespace

void validateNamespaces(const Definition& definition) {
    std::set<std::pair<std::string, std::string>> sequences;
    for (const auto& s : definition.sequences()) {
        const std::string what = fmt::format("sequence {}.{}", s.schema(), s.name());
        if (s.name().empty()) throw SchemaError("a sequence has an empty name");
        checkSchemaName(s.schema(), what);
        if (!sequences.insert({s.schema(), s.name()}).second) throw SchemaError(what + " is declared twice");
        if (!s.options().name.empty()) throw SchemaError(what + ": name() is for identity columns");
        checkSequence(what, s.options());
    }
    for (const auto& e : definition.enums()) checkSchemaName(e.schema(), "enum " + e.name());
    for (const auto& v : definition.views())
        if (!v.schema.empty()) checkSchemaName(v.schema, "view " + v.name);
    for (const auto& t : definition.tables()) {
        if (!t.schema.empty()) checkSchemaName(t.schema, "table " + t.name);
        for (const auto& c : t.columns)
            if (c.identity != IdentityKind::None) checkSequence(fmt::format("column {}.{} identity", t.name, c.name), c.identityOptions);
    }
}

void addSchemasAndSequences(const Definition& definition, Schema& schema) {
    for (const auto& t : definition.tables()) addSchema(schema, t.schema);
    for (const auto& e : definition.enums()) addSchema(schema, e.schema());
    for (const auto& s : definition.sequences()) addSchema(schema, s.schema());
    for (const auto& v : definition.views()) addSchema(schema, v.schema);
    // drizzle-kit lists schemas by export name; the schema's own name is the usual one.
    std::sort(schema.schemas.begin(), schema.schemas.end());
    for (const auto& s : definition.sequences()) {
        const Values v = valuesOf(s.options(), "-9223372036854775808", "9223372036854775807");
        schema.sequences.push_back(
            Sequence{s.name(), s.schema(), v.increment, v.startWith, v.minValue, v.maxValue, v.cache, s.options().cycle});
    }
}

void applyIdentityOptions(const SequenceSpec& options, const std::string& tableSchema, Column& column) {
    Identity& id = *column.identity;
    // drizzle-kit 0.31 compares the column's class name with "integer", so every type gets
    // smallint's lower bound for a descending identity; written the same way here.
    const Values v = valuesOf(options, "-32768", id.maxValue);
    id.increment = v.increment;
    id.minValue = v.minValue;
    id.maxValue = v.maxValue;
    id.startWith = v.startWith;
    id.cache = v.cache;
    id.cycle = options.cycle;
    if (!options.name.empty()) id.name = options.name;
    id.schema = tableSchema.empty() ? "public" : tableSchema;
}

std::optional<ob::migrate::Index> resolveIndex(const IndexSpec& spec, std::string_view dialect) {
    if (!spec.dialect.empty() && spec.dialect != dialect) return std::nullopt;
    ob::migrate::Index idx;
    idx.name = spec.name;
    for (const auto& k : spec.keys)
        idx.columns.push_back(IndexColumn{k.expression, k.isExpression, k.asc, k.nulls, k.opclass});
    idx.isUnique = spec.unique;
    idx.where = spec.where;
    idx.method = spec.method.empty() ? "btree" : spec.method;
    idx.concurrently = spec.concurrently;
    idx.with = spec.with;
    return idx;
}

}  // namespace ob::migrate::dsl::detail
