// The DSL's index builders: keys, method, predicate, storage parameters.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "ob/migrate/dsl.hpp"

namespace ob::migrate::dsl {

namespace {
IndexKeySpec columnKey(std::string column) {
    IndexKeySpec k;
    k.expression = std::move(column);
    return k;
}
}  // namespace

IndexKey::IndexKey(const char* column) : spec_(columnKey(column)) {}
IndexKey::IndexKey(std::string column) : spec_(columnKey(std::move(column))) {}

IndexKey& IndexKey::asc() {
    spec_.asc = true;
    return *this;
}

IndexKey& IndexKey::desc() {
    spec_.asc = false;
    return *this;
}

IndexKey& IndexKey::nullsFirst() {
    spec_.nulls = "first";
    return *this;
}

IndexKey& IndexKey::nullsLast() {
    spec_.nulls = "last";
    return *this;
}

IndexKey& IndexKey::op(std::string opclass) {
    spec_.opclass = std::move(opclass);
    return *this;
}

IndexKey key(std::string column) { return IndexKey(std::move(column)); }

IndexKey expr(std::string sql) {
    IndexKeySpec k;
    k.expression = std::move(sql);
    k.isExpression = true;
    return IndexKey(std::move(k));
}

IndexBuilder::IndexBuilder(std::string name, bool unique) {
    spec_.name = std::move(name);
    spec_.unique = unique;
}

IndexBuilder& IndexBuilder::on(std::vector<IndexKey> keys) {
    spec_.keys.clear();
    for (auto& k : keys) spec_.keys.push_back(k.spec());
    return *this;
}

IndexBuilder& IndexBuilder::using_(std::string method) {
    spec_.method = std::move(method);
    return *this;
}

IndexBuilder& IndexBuilder::using_(std::string method, std::vector<IndexKey> keys) {
    using_(std::move(method));
    return on(std::move(keys));
}

IndexBuilder& IndexBuilder::where(std::string predicate) {
    spec_.where = std::move(predicate);
    return *this;
}

namespace {
void setParameter(IndexSpec& spec, std::string parameter, std::string json) {
    for (auto& [k, v] : spec.with)
        if (k == parameter) {
            v = std::move(json);
            return;
        }
    spec.with.emplace_back(std::move(parameter), std::move(json));
}
}  // namespace

IndexBuilder& IndexBuilder::with(std::string parameter, long long value) {
    setParameter(spec_, std::move(parameter), nlohmann::json(value).dump());
    return *this;
}

IndexBuilder& IndexBuilder::with(std::string parameter, double value) {
    setParameter(spec_, std::move(parameter), nlohmann::json(value).dump());
    return *this;
}

IndexBuilder& IndexBuilder::with(std::string parameter, bool value) {
    setParameter(spec_, std::move(parameter), value ? "true" : "false");
    return *this;
}

IndexBuilder& IndexBuilder::with(std::string parameter, const char* value) { return with(std::move(parameter), std::string(value)); }

IndexBuilder& IndexBuilder::with(std::string parameter, const std::string& value) {
    setParameter(spec_, std::move(parameter), nlohmann::json(value).dump());
    return *this;
}

IndexBuilder& IndexBuilder::concurrently() {
    spec_.concurrently = true;
    return *this;
}

IndexBuilder& IndexBuilder::only(std::string dialect) {
    spec_.dialect = std::move(dialect);
    return *this;
}

IndexBuilder index(std::string name) { return IndexBuilder(std::move(name), false); }
IndexBuilder uniqueIndex(std::string name) { return IndexBuilder(std::move(name), true); }

}  // namespace ob::migrate::dsl
