// compareSchemas: the diff engine's operations from the actual schema to the expected one, told
// as one line per difference.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ob/migrate/compare.hpp"
#include "ob/migrate/diff.hpp"
#include "core/overloaded.hpp"

namespace ob::migrate {

namespace {

using detail::Overloaded;

std::string list(const std::vector<std::string>& names) { return fmt::format("({})", fmt::join(names, ", ")); }

std::string describeIndex(const Index& i) {
    std::vector<std::string> cols;
    for (const auto& c : i.columns) {
        std::string s = c.expression;
        if (!c.opclass.empty()) s += " " + c.opclass;
        if (!c.asc) s += " desc";
        if (c.nulls == "first" && c.asc) s += " nulls first";
        if (c.nulls == "last" && !c.asc) s += " nulls last";
        cols.push_back(s);
    }
    std::string out = fmt::format("{}on {}", i.isUnique ? "unique " : "", list(cols));
    if (i.method != "btree") out += " using " + i.method;
    if (!i.where.empty()) out += " where " + i.where;
    for (const auto& [k, v] : i.with) out += fmt::format(" with {}={}", k, v);
    return out;
}

std::string describeKey(const ForeignKey& k) {
    return fmt::format("{} references {}{}{} on delete {} on update {}", list(k.columnsFrom),
                       k.schemaTo.empty() ? "" : k.schemaTo + ".", k.tableTo, list(k.columnsTo), k.onDelete,
                       k.onUpdate);
}

std::string describeUnique(const UniqueConstraint& u) {
    return list(u.columns) + (u.nullsNotDistinct ? " nulls not distinct" : "");
}

std::string describeIdentity(const std::optional<Identity>& id) {
    if (!id) return "no identity";
    return fmt::format("identity {} (start {}, increment {}, min {}, max {}, cache {}{})", id->type, id->startWith,
                       id->increment, id->minValue, id->maxValue, id->cache, id->cycle ? ", cycle" : "");
}

std::string describeSequence(const Sequence& s) {
    return fmt::format("(start {}, increment {}, min {}, max {}, cache {}{})", s.startWith, s.increment, s.minValue,
                       s.maxValue, s.cache, s.cycle ? ", cycle" : "");
}

std::string describeGenerated(const std::optional<Generated>& g) {
    return g ? fmt::format("generated as {} {}", g->as, g->type) : std::string("not generated");
}

class Describer {
public:
    explicit Describer(const Schema& expected) : expected_(expected) {}

    void operator()(const Operation& op) {
        std::visit(Overloaded{
                       [&](const op::CreateSchema& o) { add("", fmt::format("schema {} is missing", o.name)); },
                       [&](const op::DropSchema& o) { add("", fmt::format("schema {} is not expected", o.name)); },
                       [&](const op::CreateSequence& o) {
                           add("", fmt::format("sequence {}.{} is missing", o.value.schema, o.value.name));
                       },
                       [&](const op::DropSequence& o) {
                           add("", fmt::format("sequence {}.{} is not expected", o.value.schema, o.value.name));
                       },
                       [&](const op::AlterSequence& o) {
                           add("", fmt::format("sequence {}.{} is {}, expected {}", o.to.schema, o.to.name,
                                               describeSequence(o.from), describeSequence(o.to)));
                       },
                       [&](const op::CreateView& o) {
                           if (!changedViews_.count(viewLabel(o.value)))
                               add("", fmt::format("{} is missing", viewLabel(o.value)));
                       },
                       [&](const op::DropView& o) {
                           const View* e = expected_.findView(o.value.name, o.value.schema);
                           if (!e) {
                               add("", fmt::format("{} is not expected", viewLabel(o.value)));
                           } else if (e->materialized != o.value.materialized) {
                               changedViews_.insert(viewLabel(*e));
                               add("", fmt::format("{} is a {}, expected a {}", viewLabel(*e), kindOf(o.value), kindOf(*e)));
                           } else {
                               changedViews_.insert(viewLabel(*e));
                               add("", fmt::format("{} is defined as `{}`, expected `{}`", viewLabel(*e),
                                                   o.value.definition, e->definition));
                           }
                       },
                       [&](const op::AlterView& o) {
                           add("", fmt::format("{} has {}, expected {}", viewLabel(o.to), viewOptions(o.from),
                                               viewOptions(o.to)));
                       },
                       [&](const op::CreateEnum& o) { add("", fmt::format("enum {} is missing", o.value.name)); },
                       [&](const op::DropEnum& o) { add("", fmt::format("enum {} is not expected", o.value.name)); },
                       [&](const op::AddEnumValue& o) {
                           add("", fmt::format("enum {}: value '{}' is missing", o.target.name, o.value));
                       },
                       [&](const op::RecreateEnum& o) {
                           add("", fmt::format("enum {} has values ('{}'), expected ('{}')", o.from.name,
                                               fmt::join(o.from.values, "', '"), fmt::join(o.to.values, "', '")));
                       },
                       [&](const op::CreateTable& o) { add(o.table.name, fmt::format("table {} is missing", label(o.table.name))); },
                       [&](const op::DropTable& o) {
                           add(o.table.name, fmt::format("table {} is not expected", label(o.table.name)));
                       },
                       [&](const op::RenameTable& o) {
                           add(o.to, fmt::format("table {} is named {}", label(o.to), o.from));
                       },
                       [&](const op::AddColumn& o) { column(o.table, o.column.name, "is missing"); },
                       [&](const op::DropColumn& o) { column(o.table, o.column.name, "is not expected"); },
                       [&](const op::RenameColumn& o) { column(o.table, o.to, "is named " + o.from); },
                       [&](const op::AlterColumn& o) { alter(o.table, o.from, o.to); },
                       [&](const op::CreateIndex& o) {
                           if (!o.newTable) pair("index", o.table, o.index.name, {}, describeIndex(o.index));
                       },
                       [&](const op::DropIndex& o) { pair("index", o.table, o.index.name, describeIndex(o.index), {}); },
                       [&](const op::RenameIndex& o) { renamed("index", o.table, o.from, o.index.name); },
                       [&](const op::AddForeignKey& o) {
                           if (!o.newTable) pair("foreign key", o.table, o.key.name, {}, describeKey(o.key));
                       },
                       [&](const op::DropForeignKey& o) { pair("foreign key", o.table, o.key.name, describeKey(o.key), {}); },
                       [&](const op::AddPrimaryKey& o) { pair("primary key", o.table, o.key.name, {}, list(o.key.columns)); },
                       [&](const op::DropPrimaryKey& o) { pair("primary key", o.table, o.key.name, list(o.key.columns), {}); },
                       [&](const op::AddUnique& o) {
                           pair("unique constraint", o.table, o.constraint.name, {}, describeUnique(o.constraint));
                       },
                       [&](const op::DropUnique& o) {
                           pair("unique constraint", o.table, o.constraint.name, describeUnique(o.constraint), {});
                       },
                       [&](const op::AddCheck& o) { pair("check", o.table, o.constraint.name, {}, o.constraint.value); },
                       [&](const op::DropCheck& o) { pair("check", o.table, o.constraint.name, o.constraint.value, {}); },
                       [&](const op::RenameConstraint& o) {
                           static const char* kinds[] = {"foreign key", "primary key", "unique constraint", "check"};
                           renamed(kinds[static_cast<int>(o.kind)], o.table, o.from, o.to);
                       },
                   },
                   op);
    }

    std::vector<SchemaDifference> finish() {
        for (const auto& [key, sides] : pairs_) {
            const auto& [kind, table, name] = key;
            const auto& [actual, expected] = sides;
            std::string what;
            if (actual.empty())
                what = fmt::format("{} {} is missing", kind, name);
            else if (expected.empty())
                what = fmt::format("{} {} is not expected", kind, name);
            else
                what = fmt::format("{} {} is {}, expected {}", kind, name, actual, expected);
            add(table, fmt::format("table {}: {}", label(table), what), order_.at(key));
        }
        std::stable_sort(out_.begin(), out_.end(), [](const Entry& a, const Entry& b) {
            return std::tie(a.difference.table, a.order) < std::tie(b.difference.table, b.order);
        });
        std::vector<SchemaDifference> result;
        for (auto& e : out_) result.push_back(std::move(e.difference));
        return result;
    }

private:
    using Key = std::tuple<std::string, std::string, std::string>;  // kind, table, name
    struct Entry {
        SchemaDifference difference;
        std::size_t order;
    };

    std::string label(const std::string& table) const {
        const Table* t = expected_.findTable(table);
        return t && !t->schema.empty() ? t->schema + "." + table : table;
    }

    void add(const std::string& table, std::string message, std::optional<std::size_t> order = {}) {
        out_.push_back(Entry{SchemaDifference{table, std::move(message)}, order ? *order : next_++});
    }

    void column(const std::string& table, const std::string& name, const std::string& what) {
        add(table, fmt::format("table {}: column {} {}", label(table), name, what));
    }

    void pair(const char* kind, const std::string& table, const std::string& name, std::string actual,
              std::string expected) {
        Key key{kind, table, name};
        auto& sides = pairs_[key];
        if (!actual.empty()) sides.first = std::move(actual);
        if (!expected.empty()) sides.second = std::move(expected);
        order_.emplace(key, next_++);
    }

    void renamed(const char* kind, const std::string& table, const std::string& from, const std::string& to) {
        add(table, fmt::format("table {}: {} {} is named differently, expected {}", label(table), kind, from, to));
    }

    void alter(const std::string& table, const Column& a, const Column& e) {
        auto say = [&](const std::string& what) { column(table, e.name, what); };
        auto typeOf = [](const Column& c) { return c.typeSchema.empty() || c.typeSchema == "public" ? c.type : c.typeSchema + "." + c.type; };
        if (typeOf(a) != typeOf(e)) say(fmt::format("is {}, expected {}", typeOf(a), typeOf(e)));
        if (a.notNull != e.notNull)
            say(a.notNull ? "is NOT NULL, expected nullable" : "is nullable, expected NOT NULL");
        if (a.defaultValue != e.defaultValue) {
            if (!a.defaultValue)
                say(fmt::format("has no default, expected {}", *e.defaultValue));
            else if (!e.defaultValue)
                say(fmt::format("has default {}, expected none", *a.defaultValue));
            else
                say(fmt::format("has default {}, expected {}", *a.defaultValue, *e.defaultValue));
        }
        if (a.primaryKey != e.primaryKey)
            say(a.primaryKey ? "is the primary key, expected not" : "is not the primary key, expected PRIMARY KEY");
        if (a.autoincrement != e.autoincrement)
            say(a.autoincrement ? "has AUTOINCREMENT, expected not" : "lacks AUTOINCREMENT, expected it");
        if (a.identity != e.identity)
            say(fmt::format("has {}, expected {}", describeIdentity(a.identity), describeIdentity(e.identity)));
        if (a.generated != e.generated)
            say(fmt::format("is {}, expected {}", describeGenerated(a.generated), describeGenerated(e.generated)));
    }

    static std::string kindOf(const View& v) { return v.materialized ? "materialized view" : "view"; }
    std::string viewLabel(const View& v) const {
        const bool qualified = expected_.hasSchemas() && !v.schema.empty();
        return fmt::format("{} {}{}", kindOf(v), qualified ? v.schema + "." : std::string(), v.name);
    }
    static std::string viewOptions(const View& v) {
        std::vector<std::string> parts;
        for (const auto& [key, value] : v.with) parts.push_back(viewOptionSqlName(key) + "=" + viewOptionSqlValue(value));
        if (!v.tablespace.empty()) parts.push_back("tablespace " + v.tablespace);
        if (!v.using_.empty()) parts.push_back("using " + v.using_);
        return parts.empty() ? std::string("no options") : fmt::format("({})", fmt::join(parts, ", "));
    }

    const Schema& expected_;
    std::set<std::string> changedViews_;
    std::vector<Entry> out_;
    std::map<Key, std::pair<std::string, std::string>> pairs_;
    std::map<Key, std::size_t> order_;
    std::size_t next_ = 0;
};

bool mentionsSchema(const Schema& s, const std::string& schema) {
    if (schema.empty()) return true;
    for (const auto& t : s.tables)
        if (t.schema == schema) return true;
    for (const auto& e : s.enums)
        if (e.schema == schema) return true;
    for (const auto& q : s.sequences)
        if (q.schema == schema) return true;
    for (const auto& v : s.views)
        if (v.schema == schema) return true;
    return std::find(s.schemas.begin(), s.schemas.end(), schema) != s.schemas.end();
}

}  // namespace

std::vector<SchemaDifference> compareSchemas(const Schema& actual, const Schema& expected) {
    Schema a = comparable(actual);
    const Schema e = comparable(expected);
    a.dialect = e.dialect.empty() ? a.dialect : e.dialect;
    a.tables.erase(std::remove_if(a.tables.begin(), a.tables.end(),
                                  [&](const Table& t) { return !mentionsSchema(e, t.schema); }),
                   a.tables.end());
    a.enums.erase(std::remove_if(a.enums.begin(), a.enums.end(),
                                 [&](const Enum& en) { return en.schema != "public" && !mentionsSchema(e, en.schema); }),
                  a.enums.end());
    a.views.erase(std::remove_if(a.views.begin(), a.views.end(),
                                 [&](const View& v) { return v.schema != "public" && !mentionsSchema(e, v.schema); }),
                  a.views.end());
    a.sequences.erase(std::remove_if(a.sequences.begin(), a.sequences.end(),
                                     [&](const Sequence& q) { return q.schema != "public" && !mentionsSchema(e, q.schema); }),
                      a.sequences.end());
    // Other schemas may hold what other applications keep; only a missing one is drift.
    a.schemas.erase(std::remove_if(a.schemas.begin(), a.schemas.end(),
                                   [&](const std::string& name) {
                                       return std::find(e.schemas.begin(), e.schemas.end(), name) == e.schemas.end();
                                   }),
                    a.schemas.end());
    Describer describer(e);
    for (const auto& op : diff(a, e).operations) describer(op);
    return describer.finish();
}

}  // namespace ob::migrate
