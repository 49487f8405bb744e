// The DSL builders: columns, tables, enums.
#include <fmt/format.h>

#include "ob/migrate/dsl.hpp"

namespace ob::migrate::dsl {

const char* toSql(Action action) noexcept {
    switch (action) {
        case Action::NoAction: return "no action";
        case Action::Restrict: return "restrict";
        case Action::Cascade: return "cascade";
        case Action::SetNull: return "set null";
        case Action::SetDefault: return "set default";
    }
    return "no action";
}

// ---- Column ----

ColumnBuilder::ColumnBuilder(std::string name, ColumnType type) {
    spec_.name = std::move(name);
    spec_.type = std::move(type);
}

ColumnBuilder& ColumnBuilder::primaryKey() {
    spec_.primaryKey = true;
    spec_.notNull = true;
    return *this;
}

ColumnBuilder& ColumnBuilder::notNull() {
    spec_.notNull = true;
    return *this;
}

ColumnBuilder& ColumnBuilder::unique(std::string name) {
    spec_.unique = true;
    spec_.uniqueName = std::move(name);
    return *this;
}

ColumnBuilder& ColumnBuilder::autoincrement() {
    spec_.autoincrement = true;
    return *this;
}

ColumnBuilder& ColumnBuilder::generatedAlwaysAsIdentity(const SequenceOptions& options) {
    spec_.identity = IdentityKind::Always;
    spec_.identityOptions = options.spec();
    spec_.notNull = true;
    return *this;
}

ColumnBuilder& ColumnBuilder::generatedByDefaultAsIdentity(const SequenceOptions& options) {
    spec_.identity = IdentityKind::ByDefault;
    spec_.identityOptions = options.spec();
    spec_.notNull = true;
    return *this;
}

ColumnBuilder& ColumnBuilder::generatedAlwaysAs(std::string expression, GeneratedMode mode) {
    spec_.generated = GeneratedSpec{std::move(expression), mode};
    return *this;
}

namespace {
DefaultSpec makeDefault(DefaultSpec::Kind kind, std::string value) {
    DefaultSpec d;
    d.kind = kind;
    d.value = std::move(value);
    return d;
}
}  // namespace

ColumnBuilder& ColumnBuilder::defaultValue(const char* text) { return defaultValue(std::string(text)); }

ColumnBuilder& ColumnBuilder::defaultValue(const std::string& text) {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::String, text);
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultValue(int number) { return defaultValue(static_cast<long long>(number)); }

ColumnBuilder& ColumnBuilder::defaultValue(long long number) {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Number, std::to_string(number));
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultValue(double number) {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Number, fmt::format("{}", number));
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultValue(bool flag) {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Boolean, flag ? "true" : "false");
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultJson(std::string json) {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Json, std::move(json));
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultSql(std::string sql) {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Sql, std::move(sql));
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultSqlFor(std::string dialect, std::string sql) {
    for (auto& [d, s] : spec_.defaultOverrides) {
        if (d == dialect) {
            s = std::move(sql);
            return *this;
        }
    }
    spec_.defaultOverrides.emplace_back(std::move(dialect), std::move(sql));
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultArray(const std::vector<std::string>& values) {
    // Drizzle's element spelling: "a" for strings; backslashes and quotes escaped as arrays read them.
    std::string literal = "{";
    for (std::size_t i = 0; i < values.size(); ++i) {
        literal += i ? ",\"" : "\"";
        for (char c : values[i]) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Array, literal + "}");
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultArray(const std::vector<long long>& values) {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Array, fmt::format("{{{}}}", fmt::join(values, ",")));
    return *this;
}

ColumnBuilder& ColumnBuilder::array() {
    ++spec_.type.arrayDimensions;
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultNow() {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::Now, {});
    return *this;
}

ColumnBuilder& ColumnBuilder::defaultRandom() {
    spec_.defaultValue = makeDefault(DefaultSpec::Kind::RandomUuid, {});
    return *this;
}

ColumnBuilder& ColumnBuilder::references(const TableBuilder& table, std::string column) { return references(table.name(), std::move(column)); }

ColumnBuilder& ColumnBuilder::references(std::string table, std::string column) {
    Reference r;
    r.table = std::move(table);
    r.column = std::move(column);
    spec_.reference = std::move(r);
    return *this;
}

ColumnBuilder& ColumnBuilder::onDelete(Action action) {
    if (!spec_.reference) throw SchemaError(fmt::format("column {}: onDelete() needs a references() first", spec_.name));
    spec_.reference->onDelete = action;
    return *this;
}

ColumnBuilder& ColumnBuilder::onUpdate(Action action) {
    if (!spec_.reference) throw SchemaError(fmt::format("column {}: onUpdate() needs a references() first", spec_.name));
    spec_.reference->onUpdate = action;
    return *this;
}

ColumnBuilder& ColumnBuilder::renamedFrom(std::string oldName) {
    spec_.renamedFrom = std::move(oldName);
    return *this;
}

ColumnBuilder& ColumnBuilder::typeFor(std::string dialect, std::string type) {
    for (auto& [d, t] : spec_.typeOverrides) {
        if (d == dialect) {
            t = std::move(type);
            return *this;
        }
    }
    spec_.typeOverrides.emplace_back(std::move(dialect), std::move(type));
    return *this;
}

// ---- Table ----

TableBuilder::TableBuilder(std::string name, std::vector<ColumnBuilder> columns)
    : TableBuilder(std::move(name), std::string(), std::move(columns)) {}

TableBuilder::TableBuilder(std::string name, std::string schema, std::vector<ColumnBuilder> columns) {
    spec_.name = std::move(name);
    spec_.schema = schema == "public" ? std::string() : std::move(schema);
    for (auto& c : columns) spec_.columns.push_back(c.spec());
}

TableBuilder& TableBuilder::index(std::string name, std::vector<std::string> columns, std::string where) {
    return index(dsl::index(std::move(name)).on({columns.begin(), columns.end()}).where(std::move(where)));
}

TableBuilder& TableBuilder::uniqueIndex(std::string name, std::vector<std::string> columns, std::string where) {
    return index(dsl::uniqueIndex(std::move(name)).on({columns.begin(), columns.end()}).where(std::move(where)));
}

TableBuilder& TableBuilder::index(const IndexBuilder& index) {
    spec_.indexes.push_back(index.spec());
    return *this;
}

TableBuilder& TableBuilder::primaryKey(std::vector<std::string> columns, std::string name) {
    if (spec_.primaryKey)
        throw SchemaError(fmt::format("table {}: primaryKey() declared twice", spec_.name));
    spec_.primaryKey = ConstraintSpec{std::move(name), std::move(columns)};
    return *this;
}

TableBuilder& TableBuilder::unique(std::vector<std::string> columns, std::string name) {
    spec_.uniques.push_back(ConstraintSpec{std::move(name), std::move(columns)});
    return *this;
}

TableBuilder& TableBuilder::foreignKey(std::vector<std::string> columns, const TableBuilder& target, std::vector<std::string> targetColumns,
                         Action onDelete, Action onUpdate, std::string name) {
    return foreignKey(std::move(columns), target.name(), std::move(targetColumns), onDelete, onUpdate,
                      std::move(name));
}

TableBuilder& TableBuilder::foreignKey(std::vector<std::string> columns, std::string target, std::vector<std::string> targetColumns,
                         Action onDelete, Action onUpdate, std::string name) {
    ForeignKeySpec fk;
    fk.name = std::move(name);
    fk.columns = std::move(columns);
    fk.targetTable = std::move(target);
    fk.targetColumns = std::move(targetColumns);
    fk.onDelete = onDelete;
    fk.onUpdate = onUpdate;
    spec_.foreignKeys.push_back(std::move(fk));
    return *this;
}

TableBuilder& TableBuilder::check(std::string name, std::string expression) {
    spec_.checks.push_back(CheckSpec{std::move(name), std::move(expression)});
    return *this;
}

TableBuilder& TableBuilder::renamedFrom(std::string oldName) {
    spec_.renamedFrom = std::move(oldName);
    return *this;
}

// ---- Enum ----

EnumType::EnumType(std::string name, std::vector<std::string> values, std::string schema)
    : name_(std::move(name)), values_(std::move(values)), schema_(schema.empty() ? "public" : std::move(schema)) {}

ColumnBuilder EnumType::operator()(std::string column) const { return enumeration(std::move(column), *this); }

// ---- builders ----

TableBuilder table(std::string name, std::vector<ColumnBuilder> columns) { return TableBuilder(std::move(name), std::move(columns)); }
EnumType enumType(std::string name, std::vector<std::string> values) { return EnumType(std::move(name), std::move(values)); }
Definition schema(std::vector<TableBuilder> tables, std::vector<EnumType> enums, std::vector<SequenceType> sequences,
                  std::vector<ViewBuilder> views) {
    return Definition(std::move(tables), std::move(enums), std::move(sequences), std::move(views));
}

namespace {
ColumnBuilder make(std::string name, TypeKind kind) {
    ColumnType t;
    t.kind = kind;
    return ColumnBuilder(std::move(name), std::move(t));
}
}  // namespace

ColumnBuilder integer(std::string name) { return make(std::move(name), TypeKind::Integer); }
ColumnBuilder bigint(std::string name) { return make(std::move(name), TypeKind::BigInt); }
ColumnBuilder smallint(std::string name) { return make(std::move(name), TypeKind::SmallInt); }
ColumnBuilder real(std::string name) { return make(std::move(name), TypeKind::Real); }
ColumnBuilder doublePrecision(std::string name) { return make(std::move(name), TypeKind::Double); }
ColumnBuilder numeric(std::string name, int precision, int scale) {
    ColumnType t;
    t.kind = TypeKind::Numeric;
    t.precision = precision;
    t.scale = scale;
    return ColumnBuilder(std::move(name), std::move(t));
}
ColumnBuilder text(std::string name) { return make(std::move(name), TypeKind::Text); }
ColumnBuilder varchar(std::string name, int length) {
    ColumnType t;
    t.kind = TypeKind::Varchar;
    t.length = length;
    return ColumnBuilder(std::move(name), std::move(t));
}
ColumnBuilder boolean(std::string name) { return make(std::move(name), TypeKind::Boolean); }
ColumnBuilder blob(std::string name) { return make(std::move(name), TypeKind::Blob); }
ColumnBuilder bytea(std::string name) { return make(std::move(name), TypeKind::Blob); }
ColumnBuilder timestamp(std::string name, bool withTimezone, int precision) {
    ColumnType t;
    t.kind = TypeKind::Timestamp;
    t.withTimezone = withTimezone;
    t.precision = precision;
    return ColumnBuilder(std::move(name), std::move(t));
}
ColumnBuilder timestamptz(std::string name) { return timestamp(std::move(name), true); }
ColumnBuilder date(std::string name) { return make(std::move(name), TypeKind::Date); }
ColumnBuilder json(std::string name) { return make(std::move(name), TypeKind::Json); }
ColumnBuilder jsonb(std::string name) { return make(std::move(name), TypeKind::Jsonb); }
ColumnBuilder uuid(std::string name) { return make(std::move(name), TypeKind::Uuid); }
ColumnBuilder serial(std::string name) {
    ColumnBuilder c = make(std::move(name), TypeKind::Serial);
    c.notNull();
    return c;
}
ColumnBuilder bigserial(std::string name) {
    ColumnBuilder c = make(std::move(name), TypeKind::BigSerial);
    c.notNull();
    return c;
}
ColumnBuilder enumeration(std::string name, const EnumType& type) {
    ColumnType t;
    t.kind = TypeKind::Enum;
    t.enumName = type.name();
    return ColumnBuilder(std::move(name), std::move(t));
}

}  // namespace ob::migrate::dsl
