// The diff engine: match tables and columns (renames included), compare everything else, and
// order the operations so that every dialect can run them top to bottom.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "diff_views.hpp"
#include "ob/migrate/diff.hpp"

namespace ob::migrate {

namespace {

using ColumnMap = std::map<std::string, std::string>;  // old name -> new name

/// Operations collected per phase, emitted phase after phase.
struct Phases {
    std::vector<Operation> createSchemas, createSequences, alterSequences, dropSequences, dropSchemas;
    std::vector<Operation> createEnums, addEnumValues, renameTables, renameColumns, renameConstraints, dropForeignKeys,
        dropUniques, dropChecks, dropTables, createTables, recreateEnums, dropIndexes, dropPrimaryKeys, alterColumns,
        addPrimaryKeys, addColumns, addUniques, newTableForeignKeys, foreignKeys, newTableIndexes, indexes,
        dropColumns, addChecks, dropEnums, dropViews, alterViews, createViews;

    std::vector<Operation> ordered() {
        std::vector<Operation> out;
        for (auto* phase : {&createSchemas, &createEnums, &createSequences, &alterSequences, &addEnumValues,
                            &renameTables, &renameColumns, &renameConstraints, &dropViews, &alterViews, &dropForeignKeys,
                            &dropUniques, &dropChecks, &dropTables, &createTables, &recreateEnums, &dropIndexes, &dropPrimaryKeys, &alterColumns,
                            &addColumns, &addPrimaryKeys, &addUniques, &newTableForeignKeys, &foreignKeys,
                            &newTableIndexes, &indexes, &dropColumns, &addChecks, &createViews, &dropSequences, &dropEnums, &dropSchemas})
            for (auto& op : *phase) out.push_back(std::move(op));
        return out;
    }
};

std::string mapped(const ColumnMap& map, const std::string& name) {
    auto it = map.find(name);
    return it == map.end() ? name : it->second;
}

std::vector<std::string> mapped(const ColumnMap& map, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(mapped(map, n));
    return out;
}

template <class T>
T renamed(T item, const std::string& name) {
    item.name = name;
    return item;
}

/// Pairs old and new items: same name first, then same content under another name.
template <class T, class Equal, class OnChanged, class OnRenamed, class OnDropped, class OnAdded>
void pairUp(const std::vector<T>& before, const std::vector<T>& after, Equal sameContent, OnChanged changed,
            OnRenamed renamedTo, OnDropped dropped, OnAdded added) {
    std::vector<const T*> oldLeft, newLeft;
    for (const auto& o : before) {
        auto it = std::find_if(after.begin(), after.end(), [&](const T& n) { return n.name == o.name; });
        if (it == after.end()) {
            oldLeft.push_back(&o);
        } else if (!(o == *it)) {
            changed(o, *it);
        }
    }
    for (const auto& n : after)
        if (std::none_of(before.begin(), before.end(), [&](const T& o) { return o.name == n.name; })) newLeft.push_back(&n);
    for (const T* o : oldLeft) {
        auto it = std::find_if(newLeft.begin(), newLeft.end(), [&](const T* n) { return sameContent(*o, *n); });
        if (it != newLeft.end()) {
            renamedTo(*o, **it);
            newLeft.erase(it);
        } else {
            dropped(*o);
        }
    }
    for (const T* n : newLeft) added(*n);
}

bool typeChanged(const Column& a, const Column& b) { return a.type != b.type || a.typeSchema != b.typeSchema; }

bool isAutoNumbered(const Column& c) {
    return c.identity || c.autoincrement || c.type == "serial" || c.type == "bigserial" || c.type == "smallserial" ||
           c.generated;
}

class Differ {
public:
    Differ(const Schema& from, const Schema& to, const RenameHints& hints, Diff& out)
        : from_(from), to_(to), hints_(hints), out_(out) {}

    void run() {
        matchTables();
        for (const auto& [newName, oldName] : tableOrigin_) matchColumns(*from_.findTable(oldName), *to_.findTable(newName));
        diffEnums();
        diffSequencesAndSchemas();
        detail::diffViews(from_, to_, phases_.dropViews, phases_.alterViews, phases_.createViews);
        for (const auto& t : to_.tables) {
            auto it = tableOrigin_.find(t.name);
            if (it == tableOrigin_.end()) {
                createTable(t);
            } else {
                diffTable(translate(*from_.findTable(it->second)), t);
            }
        }
        out_.operations = phases_.ordered();
    }

private:
    void matchTables() {
        std::set<std::string> used;
        for (const auto& t : to_.tables)
            if (from_.findTable(t.name)) {
                tableOrigin_[t.name] = t.name;
                used.insert(t.name);
            }
        for (const auto& hint : hints_.tables) {
            if (tableOrigin_.count(hint.to) || used.count(hint.from) || !to_.findTable(hint.to) ||
                !from_.findTable(hint.from) || to_.findTable(hint.from))
                continue;
            tableOrigin_[hint.to] = hint.from;
            used.insert(hint.from);
            tableRename_[hint.from] = hint.to;
            phases_.renameTables.push_back(op::RenameTable{hint.from, hint.to});
            out_.renamedTables.push_back(hint);
        }
        for (const auto& t : from_.tables) {
            if (used.count(t.name)) continue;
            phases_.dropTables.push_back(op::DropTable{t});
            out_.dataLoss.push_back({DataLoss::Kind::DropTable, t.name, {},
                                     fmt::format("drops table {} and all its rows", t.name)});
        }
    }

    void matchColumns(const Table& before, const Table& after) {
        ColumnMap& map = columnRename_[after.name];
        for (const auto& hint : hints_.columns) {
            if (hint.table != after.name && hint.table != before.name) continue;
            if (!before.findColumn(hint.from) || before.findColumn(hint.to) || after.findColumn(hint.from) ||
                !after.findColumn(hint.to) || map.count(hint.from))
                continue;
            bool targetTaken = std::any_of(map.begin(), map.end(), [&](const auto& kv) { return kv.second == hint.to; });
            if (targetTaken) continue;
            map[hint.from] = hint.to;
            phases_.renameColumns.push_back(op::RenameColumn{after.name, hint.from, hint.to});
            out_.renamedColumns.push_back({after.name, hint.from, hint.to});
        }
    }

    std::string tableNow(const std::string& oldName) const {
        auto it = tableRename_.find(oldName);
        return it == tableRename_.end() ? oldName : it->second;
    }

    const ColumnMap& columnsOf(const std::string& newTable) const {
        static const ColumnMap none;
        auto it = columnRename_.find(newTable);
        return it == columnRename_.end() ? none : it->second;
    }

    /// The old table as it looks after the renames: new table and column names everywhere.
    Table translate(Table t) const {
        t.name = tableNow(t.name);
        const ColumnMap& cols = columnsOf(t.name);
        for (auto& c : t.columns) c.name = mapped(cols, c.name);
        for (auto& idx : t.indexes)
            for (auto& ic : idx.columns)
                if (!ic.isExpression) ic.expression = mapped(cols, ic.expression);
        for (auto& fk : t.foreignKeys) {
            fk.tableFrom = t.name;
            fk.columnsFrom = mapped(cols, fk.columnsFrom);
            fk.tableTo = tableNow(fk.tableTo);
            fk.columnsTo = mapped(columnsOf(fk.tableTo), fk.columnsTo);
        }
        for (auto& pk : t.compositePrimaryKeys) pk.columns = mapped(cols, pk.columns);
        for (auto& u : t.uniqueConstraints) u.columns = mapped(cols, u.columns);
        return t;
    }

    void diffEnums() {
        for (const auto& e : to_.enums) {
            auto it = std::find_if(from_.enums.begin(), from_.enums.end(),
                                   [&](const Enum& o) { return o.name == e.name && o.schema == e.schema; });
            if (it == from_.enums.end()) {
                phases_.createEnums.push_back(op::CreateEnum{e});
            } else if (it->values != e.values) {
                diffEnumValues(*it, e);
            }
        }
        for (const auto& e : from_.enums)
            if (std::none_of(to_.enums.begin(), to_.enums.end(),
                             [&](const Enum& n) { return n.name == e.name && n.schema == e.schema; }))
                phases_.dropEnums.push_back(op::DropEnum{e});
    }

    void diffSequencesAndSchemas() {
        auto same = [](const Sequence& a, const Sequence& b) { return a.name == b.name && a.schema == b.schema; };
        for (const auto& s : to_.sequences) {
            auto it = std::find_if(from_.sequences.begin(), from_.sequences.end(), [&](const Sequence& o) { return same(o, s); });
            if (it == from_.sequences.end())
                phases_.createSequences.push_back(op::CreateSequence{s});
            else if (*it != s)
                phases_.alterSequences.push_back(op::AlterSequence{*it, s});
        }
        for (const auto& s : from_.sequences)
            if (std::none_of(to_.sequences.begin(), to_.sequences.end(), [&](const Sequence& n) { return same(s, n); }))
                phases_.dropSequences.push_back(op::DropSequence{s});
        for (const auto& name : to_.schemas)
            if (std::find(from_.schemas.begin(), from_.schemas.end(), name) == from_.schemas.end())
                phases_.createSchemas.push_back(op::CreateSchema{name});
        for (const auto& name : from_.schemas)
            if (std::find(to_.schemas.begin(), to_.schemas.end(), name) == to_.schemas.end())
                phases_.dropSchemas.push_back(op::DropSchema{name});
    }

    void diffEnumValues(const Enum& before, const Enum& after) {
        // Only additions (old values keep their order): ALTER TYPE ... ADD VALUE.
        std::size_t i = 0;
        for (const auto& v : after.values)
            if (i < before.values.size() && v == before.values[i]) ++i;
        if (i == before.values.size()) {
            std::size_t next = 0;
            for (const auto& v : after.values) {
                if (next < before.values.size() && v == before.values[next]) {
                    ++next;
                    continue;
                }
                std::string beforeValue = next < before.values.size() ? before.values[next] : std::string();
                phases_.addEnumValues.push_back(op::AddEnumValue{before, v, beforeValue});
            }
            return;
        }
        op::RecreateEnum recreate{before, after, {}};
        for (const auto& t : from_.tables) {
            Table now = translate(t);
            for (const auto& c : now.columns)
                if (c.type == before.name && c.typeSchema == before.schema)
                    recreate.columns.push_back({now.name, c.name, c.defaultValue});
        }
        for (const auto& v : before.values)
            if (std::find(after.values.begin(), after.values.end(), v) == after.values.end())
                out_.dataLoss.push_back({DataLoss::Kind::DropEnumValue, {}, {},
                                         fmt::format("removes value '{}' from enum {}: rows holding it cannot be "
                                                     "converted",
                                                     v, before.name)});
        phases_.recreateEnums.push_back(std::move(recreate));
    }

    void createTable(const Table& t) {
        phases_.createTables.push_back(op::CreateTable{t});
        for (const auto& fk : t.foreignKeys) phases_.newTableForeignKeys.push_back(op::AddForeignKey{t.name, fk, true});
        for (const auto& idx : t.indexes) phases_.newTableIndexes.push_back(op::CreateIndex{t.name, idx, true});
    }

    void diffTable(const Table& before, const Table& after) {
        const std::string& name = after.name;
        diffColumns(before, after);
        using Kind = op::RenameConstraint::Kind;
        auto renameConstraint = [&](Kind kind) {
            return [this, kind, name](const auto& o, const auto& n) {
                phases_.renameConstraints.push_back(op::RenameConstraint{kind, name, o.name, n.name});
            };
        };
        pairUp(
            before.foreignKeys, after.foreignKeys,
            [](const ForeignKey& a, const ForeignKey& b) { return renamed(a, b.name) == b; },
            [&](const ForeignKey& o, const ForeignKey& n) {
                phases_.dropForeignKeys.push_back(op::DropForeignKey{name, o});
                phases_.foreignKeys.push_back(op::AddForeignKey{name, n, false});
            },
            renameConstraint(Kind::ForeignKey),
            [&](const ForeignKey& o) { phases_.dropForeignKeys.push_back(op::DropForeignKey{name, o}); },
            [&](const ForeignKey& n) { phases_.foreignKeys.push_back(op::AddForeignKey{name, n, false}); });
        pairUp(
            before.indexes, after.indexes, [](const Index& a, const Index& b) { return renamed(a, b.name) == b; },
            [&](const Index& o, const Index& n) {
                phases_.dropIndexes.push_back(op::DropIndex{name, o});
                phases_.indexes.push_back(op::CreateIndex{name, n, false});
            },
            [&](const Index& o, const Index& n) { phases_.renameConstraints.push_back(op::RenameIndex{name, o.name, n}); },
            [&](const Index& o) { phases_.dropIndexes.push_back(op::DropIndex{name, o}); },
            [&](const Index& n) { phases_.indexes.push_back(op::CreateIndex{name, n, false}); });
        pairUp(
            before.compositePrimaryKeys, after.compositePrimaryKeys,
            [](const PrimaryKey& a, const PrimaryKey& b) { return a.columns == b.columns; },
            [&](const PrimaryKey& o, const PrimaryKey& n) {
                phases_.dropPrimaryKeys.push_back(op::DropPrimaryKey{name, o});
                phases_.addPrimaryKeys.push_back(op::AddPrimaryKey{name, n});
            },
            renameConstraint(Kind::PrimaryKey),
            [&](const PrimaryKey& o) { phases_.dropPrimaryKeys.push_back(op::DropPrimaryKey{name, o}); },
            [&](const PrimaryKey& n) { phases_.addPrimaryKeys.push_back(op::AddPrimaryKey{name, n}); });
        pairUp(
            before.uniqueConstraints, after.uniqueConstraints,
            [](const UniqueConstraint& a, const UniqueConstraint& b) { return renamed(a, b.name) == b; },
            [&](const UniqueConstraint& o, const UniqueConstraint& n) {
                phases_.dropUniques.push_back(op::DropUnique{name, o});
                phases_.addUniques.push_back(op::AddUnique{name, n});
            },
            renameConstraint(Kind::Unique),
            [&](const UniqueConstraint& o) { phases_.dropUniques.push_back(op::DropUnique{name, o}); },
            [&](const UniqueConstraint& n) { phases_.addUniques.push_back(op::AddUnique{name, n}); });
        pairUp(
            before.checkConstraints, after.checkConstraints,
            [](const CheckConstraint& a, const CheckConstraint& b) { return a.value == b.value; },
            [&](const CheckConstraint& o, const CheckConstraint& n) {
                phases_.dropChecks.push_back(op::DropCheck{name, o});
                phases_.addChecks.push_back(op::AddCheck{name, n});
            },
            renameConstraint(Kind::Check),
            [&](const CheckConstraint& o) { phases_.dropChecks.push_back(op::DropCheck{name, o}); },
            [&](const CheckConstraint& n) { phases_.addChecks.push_back(op::AddCheck{name, n}); });
    }

    void diffColumns(const Table& before, const Table& after) {
        const std::string& name = after.name;
        for (const auto& c : after.columns) {
            const Column* old = before.findColumn(c.name);
            if (!old) {
                phases_.addColumns.push_back(op::AddColumn{name, c});
                if (c.notNull && !c.defaultValue && !isAutoNumbered(c))
                    out_.dataLoss.push_back({DataLoss::Kind::NotNullWithoutDefault, name, c.name,
                                             fmt::format("adds NOT NULL column {}.{} without a default: fails when "
                                                         "the table has rows",
                                                         name, c.name)});
                continue;
            }
            if (*old == c) continue;
            phases_.alterColumns.push_back(op::AlterColumn{name, *old, c});
            if (typeChanged(*old, c) && !isWideningTypeChange(old->type, c.type))
                out_.dataLoss.push_back({DataLoss::Kind::NarrowType, name, c.name,
                                         fmt::format("changes {}.{} from {} to {}, which may not keep every value",
                                                     name, c.name, old->type, c.type)});
            if (c.notNull && !old->notNull && !c.defaultValue && !isAutoNumbered(c))
                out_.dataLoss.push_back({DataLoss::Kind::NotNullWithoutDefault, name, c.name,
                                         fmt::format("makes {}.{} NOT NULL without a default: fails when a row "
                                                     "holds NULL",
                                                     name, c.name)});
        }
        for (const auto& c : before.columns) {
            if (after.findColumn(c.name)) continue;
            phases_.dropColumns.push_back(op::DropColumn{name, c});
            out_.dataLoss.push_back({DataLoss::Kind::DropColumn, name, c.name,
                                     fmt::format("drops column {}.{} ({}) and its values", name, c.name, c.type)});
        }
    }

    const Schema& from_;
    const Schema& to_;
    const RenameHints& hints_;
    Diff& out_;
    Phases phases_;
    std::map<std::string, std::string> tableOrigin_;  // new name -> old name
    std::map<std::string, std::string> tableRename_;  // old name -> new name
    std::map<std::string, ColumnMap> columnRename_;   // new table -> (old column -> new column)
};

}  // namespace

Diff diff(const Schema& from, const Schema& to, const RenameHints& hints) {
    if (!from.dialect.empty() && !to.dialect.empty() && from.dialect != to.dialect)
        throw SchemaError(fmt::format("cannot diff a {} schema against a {} schema", from.dialect, to.dialect));
    Diff out;
    out.from = from;
    out.to = to;
    Differ(from, to, hints, out).run();
    return out;
}

const Table* Diff::previous(std::string_view table) const noexcept {
    std::string_view old = table;
    for (const auto& r : renamedTables)
        if (r.to == table) old = r.from;
    if (old == table) {
        for (const auto& r : renamedTables)
            if (r.from == table) return nullptr;  // the old table of that name was renamed away
    }
    return from.findTable(old);
}

std::string Diff::previousColumnName(std::string_view table, std::string_view column) const {
    for (const auto& r : renamedColumns)
        if (r.table == table && r.to == column) return r.from;
    return std::string(column);
}

bool Diff::existedBefore(std::string_view table, std::string_view column) const noexcept {
    const Table* old = previous(table);
    if (!old) return false;
    std::string oldName = previousColumnName(table, column);
    if (oldName == column) {
        for (const auto& r : renamedColumns)
            if (r.table == table && r.from == column) return false;  // renamed away; this one is new
    }
    return old->findColumn(oldName) != nullptr;
}

}  // namespace ob::migrate
