// The three-way merge of schemas behind `rebase`: what one branch changed, laid on the other.
#include "ob/migrate/rebase.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace ob::migrate {

namespace {

std::string keyOf(const Table& t) { return t.schema.empty() ? t.name : t.schema + "." + t.name; }
std::string keyOf(const Enum& e) { return e.schema + "." + e.name; }
std::string keyOf(const Sequence& s) { return s.schema + "." + s.name; }
std::string keyOf(const View& v) { return v.schema + "." + v.name; }
std::string keyOf(const std::string& schemaName) { return schemaName; }
std::string keyOf(const std::pair<std::string, std::string>& section) { return section.first; }
template <class T>
std::string keyOf(const T& member) {
    return member.name;
}

template <class T>
const T* find(const std::vector<T>& list, const std::string& key) {
    for (const T& item : list)
        if (keyOf(item) == key) return &item;
    return nullptr;
}

/// Merges one list of named things: each thing one side left as the parent had it takes the
/// other side's version (changed, added or dropped); both sides changing it alike is no conflict;
/// both changing it differently calls `both` (which merges it or records a conflict). The order:
/// ours, then what only theirs adds, in theirs' order.
template <class T, class Both>
std::vector<T> mergeList(const std::vector<T>& parent, const std::vector<T>& ours, const std::vector<T>& theirs,
                         Both both) {
    auto pick = [&](const std::string& key) -> std::optional<T> {
        const T* p = find(parent, key);
        const T* a = find(ours, key);
        const T* b = find(theirs, key);
        auto same = [](const T* x, const T* y) { return (!x && !y) || (x && y && *x == *y); };
        if (same(a, p)) return b ? std::optional<T>(*b) : std::nullopt;
        if (same(b, p) || same(a, b)) return a ? std::optional<T>(*a) : std::nullopt;
        return both(key, p, a, b);
    };
    std::vector<T> out;
    std::vector<std::string> seen;
    auto visit = [&](const T& item) {
        const std::string key = keyOf(item);
        if (std::find(seen.begin(), seen.end(), key) != seen.end()) return;
        seen.push_back(key);
        if (auto merged = pick(key)) out.push_back(std::move(*merged));
    };
    for (const T& item : ours) visit(item);
    for (const T& item : theirs) visit(item);
    for (const T& item : parent) visit(item);  // dropped by both: visited, and gone
    return out;
}

class Merger {
public:
    std::vector<std::string> conflicts;

    /// A thing both sides changed differently, and nothing to look inside.
    template <class T>
    auto conflict(const char* kind) {
        return [this, kind](const std::string& key, const T*, const T*, const T*) -> std::optional<T> {
            conflicts.push_back(fmt::format("{} {}", kind, key));
            return std::nullopt;
        };
    }

    /// A part of a table both sides changed differently.
    template <class T>
    auto inTable(const char* kind, const std::string& table) {
        return [this, kind, table](const std::string& key, const T*, const T*, const T*) -> std::optional<T> {
            conflicts.push_back(fmt::format("{} {} of table {}", kind, key, table));
            return std::nullopt;
        };
    }

    /// A table both sides changed: merged member by member when both still have it.
    std::optional<Table> table(const std::string& key, const Table* p, const Table* a, const Table* b) {
        if (!p || !a || !b) {
            conflicts.push_back(fmt::format("table {} ({})", key, !p   ? "created on both branches"
                                                                 : !a ? "dropped on this branch, changed on the other"
                                                                      : "changed on this branch, dropped on the other"));
            return std::nullopt;
        }
        Table out = *a;
        out.columns = mergeList(p->columns, a->columns, b->columns, inTable<Column>("column", key));
        out.indexes = mergeList(p->indexes, a->indexes, b->indexes, inTable<Index>("index", key));
        out.foreignKeys = mergeList(p->foreignKeys, a->foreignKeys, b->foreignKeys, inTable<ForeignKey>("foreign key", key));
        out.compositePrimaryKeys = mergeList(p->compositePrimaryKeys, a->compositePrimaryKeys, b->compositePrimaryKeys,
                                             inTable<PrimaryKey>("primary key", key));
        out.uniqueConstraints = mergeList(p->uniqueConstraints, a->uniqueConstraints, b->uniqueConstraints,
                                          inTable<UniqueConstraint>("unique constraint", key));
        out.checkConstraints = mergeList(p->checkConstraints, a->checkConstraints, b->checkConstraints,
                                         inTable<CheckConstraint>("check constraint", key));
        return out;
    }
};

/// What one branch's part of the merge reads that the other's part dropped: a column an index, key
/// or constraint names, a table a foreign key points to.
std::vector<std::string> danglingReferences(const Schema& s) {
    std::vector<std::string> out;
    for (const Table& t : s.tables) {
        auto missing = [&](const char* kind, const std::string& name, const std::vector<std::string>& columns,
                           const Table& in) {
            for (const auto& c : columns)
                if (!in.findColumn(c))
                    out.push_back(fmt::format("{} {} of table {} names column {}.{}, which the other branch dropped",
                                              kind, name, t.name, in.name, c));
        };
        for (const auto& i : t.indexes) {
            std::vector<std::string> columns;
            for (const auto& c : i.columns)
                if (!c.isExpression) columns.push_back(c.expression);
            missing("index", i.name, columns, t);
        }
        for (const auto& k : t.foreignKeys) {
            missing("foreign key", k.name, k.columnsFrom, t);
            if (const Table* to = s.findTable(k.tableTo))
                missing("foreign key", k.name, k.columnsTo, *to);
            else
                out.push_back(fmt::format("foreign key {} of table {} points to table {}, which the other branch "
                                          "dropped",
                                          k.name, t.name, k.tableTo));
        }
        for (const auto& u : t.uniqueConstraints) missing("unique constraint", u.name, u.columns, t);
        for (const auto& pk : t.compositePrimaryKeys) missing("primary key", pk.name, pk.columns, t);
    }
    return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> mergeSections(
    const std::vector<std::pair<std::string, std::string>>& parent,
    const std::vector<std::pair<std::string, std::string>>& ours,
    const std::vector<std::pair<std::string, std::string>>& theirs, std::vector<std::string>& conflicts) {
    Merger m;
    auto out = mergeList(parent, ours, theirs, m.conflict<std::pair<std::string, std::string>>("snapshot section"));
    for (auto& c : m.conflicts) conflicts.push_back(std::move(c));
    return out;
}

MergedSchema mergeSchemas(const Schema& parent, const Schema& ours, const Schema& theirs) {
    Merger m;
    MergedSchema result;
    result.schema.dialect = ours.dialect;
    result.schema.schemas = mergeList(parent.schemas, ours.schemas, theirs.schemas, m.conflict<std::string>("schema"));
    result.schema.enums = mergeList(parent.enums, ours.enums, theirs.enums, m.conflict<Enum>("enum"));
    result.schema.sequences =
        mergeList(parent.sequences, ours.sequences, theirs.sequences, m.conflict<Sequence>("sequence"));
    result.schema.views = mergeList(parent.views, ours.views, theirs.views, m.conflict<View>("view"));
    result.schema.tables = mergeList(parent.tables, ours.tables, theirs.tables,
                                     [&](const std::string& key, const Table* p, const Table* a, const Table* b) {
                                         return m.table(key, p, a, b);
                                     });
    result.conflicts = std::move(m.conflicts);
    if (result.conflicts.empty())
        for (auto& d : danglingReferences(result.schema)) result.conflicts.push_back(std::move(d));
    return result;
}

}  // namespace ob::migrate
