// pull: keeping a folder's spelling of what a live database holds the same way.
#include "ob/migrate/pull.hpp"

#include <fmt/format.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "ob/migrate/compare.hpp"

namespace ob::migrate {

namespace {

/// No content: false, null, or objects and arrays holding nothing else.
bool emptyJson(const nlohmann::json& value) {
    if (value.is_null() || (value.is_boolean() && !value.get<bool>())) return true;
    if (!value.is_object() && !value.is_array()) return false;
    for (const auto& item : value)
        if (!emptyJson(item)) return false;
    return true;
}

template <class T>
const T* named(const std::vector<T>& items, const std::string& name) {
    for (const auto& i : items)
        if (i.name == name) return &i;
    return nullptr;
}

/// Replaces each element of `mine` by `theirs`' element of the same name when `same` still holds.
template <class T>
void adopt(std::vector<T>& mine, const std::vector<T>& theirs, const std::function<bool()>& same) {
    for (auto& element : mine) {
        const T* other = named(theirs, element.name);
        if (!other || *other == element) continue;
        T saved = element;
        element = *other;
        if (!same()) element = std::move(saved);
    }
}

}  // namespace

Schema keepSpelling(Introspection& introspection, const Schema& live, const Schema& reference) {
    if (live.dialect != reference.dialect) return live;
    // The database's own view of both, once; each trial swaps one element in and compares again.
    const Schema normalizedLive = introspection.normalize(live);
    Schema out = live;
    const std::function<bool()> same = [&] { return compareSchemas(introspection.normalize(out), normalizedLive).empty(); };
    out = reference;
    if (same()) return reference;
    out = live;
    adopt(out.enums, reference.enums, same);
    for (auto& table : out.tables) {
        const Table* other = named(reference.tables, table.name);
        if (!other || other->schema != table.schema) continue;
        Table saved = table;
        table = *other;
        if (same()) continue;
        table = std::move(saved);
        adopt(table.columns, other->columns, same);
        adopt(table.indexes, other->indexes, same);
        adopt(table.foreignKeys, other->foreignKeys, same);
        adopt(table.compositePrimaryKeys, other->compositePrimaryKeys, same);
        adopt(table.uniqueConstraints, other->uniqueConstraints, same);
        adopt(table.checkConstraints, other->checkConstraints, same);
    }
    return out;
}

std::vector<std::string> unmodeledSections(const Snapshot& snapshot) {
    std::vector<std::string> out;
    for (const auto& [section, text] : snapshot.unmodeled) {
        const auto value = nlohmann::json::parse(text, nullptr, false);
        if (!value.is_discarded() && emptyJson(value)) continue;
        const std::string compact = value.is_discarded() ? text : value.dump();
        out.push_back(fmt::format("snapshot section {}: {}", section,
                                  compact.size() > 80 ? compact.substr(0, 77) + "..." : compact));
    }
    return out;
}

}  // namespace ob::migrate
