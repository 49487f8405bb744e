// The DSL's views: the builder, validation, and resolution into the model in Drizzle's order.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <set>

#include "definition_parts.hpp"
#include "ob/migrate/dsl.hpp"

namespace ob::migrate::dsl {

ViewBuilder::ViewBuilder(std::string name, std::vector<ColumnBuilder> columns, bool materialized, std::string schema) {
    spec_.name = std::move(name);
    spec_.schema = schema == "public" ? std::string() : std::move(schema);
    spec_.materialized = materialized;
    for (const auto& c : columns) spec_.columns.push_back(c.spec());
}

ViewBuilder& ViewBuilder::as(std::string sql) {
    spec_.definition = std::move(sql);
    return *this;
}

ViewBuilder& ViewBuilder::existing() {
    spec_.existing = true;
    return *this;
}

ViewBuilder& ViewBuilder::with(std::string key, const char* value) { return with(std::move(key), std::string(value)); }
ViewBuilder& ViewBuilder::with(std::string key, std::string value) {
    spec_.with.emplace_back(std::move(key), nlohmann::json(value).dump());
    return *this;
}
ViewBuilder& ViewBuilder::with(std::string key, bool value) {
    spec_.with.emplace_back(std::move(key), value ? "true" : "false");
    return *this;
}
ViewBuilder& ViewBuilder::with(std::string key, int value) { return with(std::move(key), static_cast<long long>(value)); }
ViewBuilder& ViewBuilder::with(std::string key, long long value) {
    spec_.with.emplace_back(std::move(key), std::to_string(value));
    return *this;
}
ViewBuilder& ViewBuilder::with(std::string key, double value) {
    spec_.with.emplace_back(std::move(key), nlohmann::json(value).dump());
    return *this;
}

ViewBuilder& ViewBuilder::withNoData() {
    spec_.withNoData = true;
    return *this;
}

ViewBuilder& ViewBuilder::tablespace(std::string name) {
    spec_.tablespace = std::move(name);
    return *this;
}

ViewBuilder& ViewBuilder::using_(std::string method) {
    spec_.using_ = std::move(method);
    return *this;
}

const std::string& ViewBuilder::name() const noexcept { return spec_.name; }
const ViewSpec& ViewBuilder::spec() const noexcept { return spec_; }

ViewBuilder view(std::string name, std::vector<ColumnBuilder> columns) { return ViewBuilder(std::move(name), std::move(columns)); }
ViewBuilder materializedView(std::string name, std::vector<ColumnBuilder> columns) {
    return ViewBuilder(std::move(name), std::move(columns), true);
}

ViewBuilder DbSchema::view(std::string name, std::vector<ColumnBuilder> columns) const {
    return ViewBuilder(std::move(name), std::move(columns), false, name_);
}
ViewBuilder DbSchema::materializedView(std::string name, std::vector<ColumnBuilder> columns) const {
    return ViewBuilder(std::move(name), std::move(columns), true, name_);
}

namespace detail {

void validateViews(const Definition& definition) {
    std::set<std::pair<std::string, std::string>> names;
    for (const auto& v : definition.views()) {
        const std::string what = fmt::format("view {}", v.schema.empty() ? v.name : v.schema + "." + v.name);
        if (v.name.empty()) throw SchemaError("a view has an empty name");
        if (!names.insert({v.schema, v.name}).second) throw SchemaError(what + " is declared twice");
        if (v.schema.empty() && definition.findTable(v.name))
            throw SchemaError(what + " has the name of a table");
        if (v.existing && !v.definition.empty())
            throw SchemaError(what + " is existing() and has a definition (as()): an existing view has none");
        if (!v.existing && v.definition.empty()) throw SchemaError(what + " has no definition: give it as(sql) or existing()");
        if (!v.materialized && (v.withNoData || !v.tablespace.empty() || !v.using_.empty()))
            throw SchemaError(what + ": withNoData(), tablespace() and using_() are for materialized views");
        std::set<std::string> keys, columns;
        for (const auto& [key, value] : v.with)
            if (!keys.insert(key).second) throw SchemaError(fmt::format("{}: option {} is given twice", what, key));
        for (const auto& c : v.columns)
            if (!columns.insert(c.name).second) throw SchemaError(fmt::format("{}: column {} is declared twice", what, c.name));
    }
}

void addViews(const Definition& definition, const SqlRenderer& renderer, Schema& schema) {
    const bool postgres = renderer.hasSchemasAndSequences();
    // drizzle-kit lists plain views first, then materialized ones, each in declaration order.
    for (bool materialized : {false, true}) {
        for (const auto& v : definition.views()) {
            if (v.materialized != materialized) continue;
            if (!postgres && (v.materialized || !v.with.empty()))
                throw SchemaError(fmt::format("view {}: {} has no {}", v.name, renderer.dialect(),
                                              v.materialized ? "materialized views" : "view options (with)"));
            View out;
            out.name = v.name;
            out.schema = postgres && !v.schema.empty() ? v.schema : "public";
            for (const auto& c : v.columns) out.columns.push_back(resolveColumn(definition, c, renderer));
            out.definition = v.definition;
            out.isExisting = v.existing;
            out.materialized = v.materialized;
            out.with = v.with;
            out.withNoData = v.withNoData;
            out.tablespace = v.tablespace;
            out.using_ = v.using_;
            schema.views.push_back(std::move(out));
        }
    }
}

}  // namespace detail

}  // namespace ob::migrate::dsl
