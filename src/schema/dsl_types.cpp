// The DSL's PostgreSQL column types beyond the portable ones: char, time, interval, network
// addresses, geometry, smallserial.
#include "ob/migrate/dsl.hpp"

namespace ob::migrate::dsl {

namespace {
ColumnBuilder make(std::string name, TypeKind kind, int length = 0, int precision = -1, bool withTimezone = false,
                   std::string fields = {}) {
    ColumnType t;
    t.kind = kind;
    t.length = length;
    t.precision = precision;
    t.withTimezone = withTimezone;
    t.fields = std::move(fields);
    return ColumnBuilder(std::move(name), std::move(t));
}
}  // namespace

ColumnBuilder character(std::string name, int length) { return make(std::move(name), TypeKind::Char, length); }
ColumnBuilder time(std::string name, bool withTimezone, int precision) {
    return make(std::move(name), TypeKind::Time, 0, precision, withTimezone);
}
ColumnBuilder interval(std::string name, std::string fields, int precision) {
    return make(std::move(name), TypeKind::Interval, 0, precision, false, std::move(fields));
}
ColumnBuilder inet(std::string name) { return make(std::move(name), TypeKind::Inet); }
ColumnBuilder cidr(std::string name) { return make(std::move(name), TypeKind::Cidr); }
ColumnBuilder macaddr(std::string name) { return make(std::move(name), TypeKind::MacAddr); }
ColumnBuilder macaddr8(std::string name) { return make(std::move(name), TypeKind::MacAddr8); }
ColumnBuilder point(std::string name) { return make(std::move(name), TypeKind::Point); }
ColumnBuilder line(std::string name) { return make(std::move(name), TypeKind::Line); }
ColumnBuilder smallserial(std::string name) {
    ColumnBuilder c = make(std::move(name), TypeKind::SmallSerial);
    c.notNull();
    return c;
}

}  // namespace ob::migrate::dsl
