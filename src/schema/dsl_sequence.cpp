// The DSL's sequences and PostgreSQL schemas.
#include "ob/migrate/dsl.hpp"

namespace ob::migrate::dsl {

SequenceOptions& SequenceOptions::increment(long long value) {
    spec_.increment = value;
    return *this;
}

SequenceOptions& SequenceOptions::minValue(long long value) {
    spec_.minValue = value;
    return *this;
}

SequenceOptions& SequenceOptions::maxValue(long long value) {
    spec_.maxValue = value;
    return *this;
}

SequenceOptions& SequenceOptions::startWith(long long value) {
    spec_.startWith = value;
    return *this;
}

SequenceOptions& SequenceOptions::cache(long long value) {
    spec_.cache = value;
    return *this;
}

SequenceOptions& SequenceOptions::cycle(bool on) {
    spec_.cycle = on;
    return *this;
}

SequenceOptions& SequenceOptions::name(std::string sequenceName) {
    spec_.name = std::move(sequenceName);
    return *this;
}

SequenceType::SequenceType(std::string name, SequenceOptions options, std::string schema)
    : name_(std::move(name)), schema_(schema.empty() ? "public" : std::move(schema)), options_(options.spec()) {}

SequenceType sequence(std::string name, SequenceOptions options) { return SequenceType(std::move(name), std::move(options)); }

DbSchema::DbSchema(std::string name) : name_(std::move(name)) {}

TableBuilder DbSchema::table(std::string name, std::vector<ColumnBuilder> columns) const {
    return TableBuilder(std::move(name), name_, std::move(columns));
}

EnumType DbSchema::enumType(std::string name, std::vector<std::string> values) const {
    return EnumType(std::move(name), std::move(values), name_);
}

SequenceType DbSchema::sequence(std::string name, SequenceOptions options) const {
    return SequenceType(std::move(name), std::move(options), name_);
}

DbSchema pgSchema(std::string name) { return DbSchema(std::move(name)); }

}  // namespace ob::migrate::dsl
