// writeDslSource: a Schema as DSL calls. Each call is made on a real builder as its text is
// written, so the Definition the text declares is at hand to be checked against the schema.
//
// Every construct of the model has one function here (column type, default, unique, reference,
// primary key, foreign key, unique constraint, index, check, enum). A construct the DSL cannot
// declare yet is a note(), named where it is met: when the DSL learns it, that is the one place
// to write it instead.
#include "ob/migrate/dsl_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "dsl_source_calls.hpp"
#include "dsl_source_text.hpp"
#include "naming.hpp"
#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate {

namespace {

using source::actionText;
using source::literal;
using source::literals;
using source::plainIndex;

/// A column's DSL expression: its text and the builder the same calls produce.
struct ColumnExpr {
    std::string text;
    dsl::ColumnBuilder builder;

    template <class Apply>
    void call(const std::string& callText, Apply apply) {
        text += callText;
        apply(builder);
    }
};

/// A table-level call, made once the table's builder exists.
struct TableCall {
    std::string text;
    std::function<void(dsl::TableBuilder&)> apply;
};

bool defaultSchema(const std::string& schema) { return schema.empty() || schema == "public"; }

class SourceWriter {
public:
    SourceWriter(const Schema& schema, const SqlRenderer& renderer, const DslSourceOptions& options)
        : schema_(schema), renderer_(renderer), names_(options.function), dialect_(renderer.dialect()) {
        file_.origin = options.origin;
        file_.function = options.function;
    }

    DslSource run() {
        if (schema_.dialect != dialect_)
            throw SchemaError(fmt::format("cannot write a {} schema with the {} renderer", schema_.dialect, dialect_));
        for (const auto& e : schema_.enums) enumeration(e);
        for (const Table* t : tableOrder()) table(*t);
        for (const auto& v : schema_.views) view(v);
        verify();
        return DslSource{source::render(file_), std::move(unexpressed_)};
    }

private:
    void note(source::TableText* at, const std::string& subject, const std::string& what) {
        const std::string line = fmt::format("not expressed by the DSL: {}", what);
        if (at) at->notes.push_back(line);
        unexpressed_.push_back(fmt::format("{}: {}", subject, what));
    }

    /// Referenced tables first (the order of the schema otherwise), so references name variables.
    std::vector<const Table*> tableOrder() const {
        std::vector<const Table*> out;
        std::set<std::string> placed;
        std::vector<const Table*> rest;
        for (const auto& t : schema_.tables) rest.push_back(&t);
        while (!rest.empty()) {
            auto ready = std::find_if(rest.begin(), rest.end(), [&](const Table* t) {
                for (const auto& fk : t->foreignKeys)
                    if (fk.tableTo != t->name && !placed.count(fk.tableTo) && schema_.findTable(fk.tableTo)) return false;
                return true;
            });
            if (ready == rest.end()) ready = rest.begin();  // a cycle: its references name the table as a string
            placed.insert((*ready)->name);
            out.push_back(*ready);
            rest.erase(ready);
        }
        return out;
    }

    // ---- enums ----
    void enumeration(const Enum& e) {
        const std::string variable = names_.take(e.name, "Enum");
        if (!defaultSchema(e.schema)) note(nullptr, "enum " + e.name, fmt::format("schema {}", e.schema));
        file_.enums.push_back(fmt::format("auto {} = enumType({}, {});", variable, literal(e.name), literals(e.values)));
        file_.enumVariables.push_back(variable);
        enums_.emplace(e.name, std::make_pair(variable, dsl::enumType(e.name, e.values)));
        builtEnums_.push_back(dsl::enumType(e.name, e.values));
    }

    // ---- columns ----
    /// The builder whose type resolves to the column's type: the first candidate, an enum, or
    /// text(...).typeFor(dialect, type) that keeps it exactly.
    ColumnExpr typed(const Column& c, const std::string& subject, source::TableText& text) {
        const auto e = enums_.find(c.type);
        if (renderer_.hasEnumTypes() && e != enums_.end()) {
            const Enum* model = schema_.findEnum(c.type);
            if (model && (c.typeSchema.empty() || c.typeSchema == model->schema))
                return ColumnExpr{fmt::format("enumeration({}, {})", literal(c.name), e->second.first),
                                  dsl::enumeration(c.name, e->second.second)};
        }
        if (auto typed = source::typedColumn(c.name, c.type, renderer_)) return ColumnExpr{typed->first, typed->second};
        if (!defaultSchema(c.typeSchema)) note(&text, subject, fmt::format("type {}.{}", c.typeSchema, c.type));
        ColumnExpr out{fmt::format("text({})", literal(c.name)), dsl::text(c.name)};
        out.call(fmt::format(".typeFor({}, {})", literal(dialect_), literal(c.type)),
                 [&](dsl::ColumnBuilder& b) { b.typeFor(dialect_, c.type); });
        return out;
    }

    /// The shortest default call that renders exactly `sql` for this column.
    void defaultOf(const std::string& sql, ColumnExpr& e) {
        for (const auto& [text, make] : source::defaultCandidates(sql, e.builder.spec().type.kind)) {
            dsl::ColumnBuilder trial = e.builder;
            make(trial);
            if (renderer_.defaultSql(trial.spec().defaultValue, trial.spec().type) == sql) {
                e.call(text, make);
                return;
            }
        }
        e.call(fmt::format(".defaultSql({})", literal(sql)), [&](dsl::ColumnBuilder& b) { b.defaultSql(sql); });
    }

    ColumnExpr column(const Table& t, const Column& c, source::TableText& text) {
        const std::string subject = fmt::format("table {}: column {}", t.name, c.name);
        ColumnExpr e = typed(c, subject, text);
        const auto kind = e.builder.spec().type.kind;
        const bool serial = kind == dsl::TypeKind::Serial || kind == dsl::TypeKind::BigSerial;
        if (c.primaryKey) e.call(".primaryKey()", [](dsl::ColumnBuilder& b) { b.primaryKey(); });
        if (c.identity && c.identity->type == "always")
            e.call(".generatedAlwaysAsIdentity()", [](dsl::ColumnBuilder& b) { b.generatedAlwaysAsIdentity(); });
        else if (c.identity)
            e.call(".generatedByDefaultAsIdentity()", [](dsl::ColumnBuilder& b) { b.generatedByDefaultAsIdentity(); });
        if (c.autoincrement) e.call(".autoincrement()", [](dsl::ColumnBuilder& b) { b.autoincrement(); });
        if (c.notNull && !c.primaryKey && !c.identity && !serial && !c.autoincrement)
            e.call(".notNull()", [](dsl::ColumnBuilder& b) { b.notNull(); });
        if (c.defaultValue && !serial) defaultOf(*c.defaultValue, e);
        if (c.generated) note(&text, subject, fmt::format("generated always as ({}) {}", c.generated->as, c.generated->type));
        columnUnique(t, c, e);
        reference(t, c, e);
        return e;
    }

    /// A single-column unique constraint (a unique index on SQLite) under its default name or another.
    void columnUnique(const Table& t, const Column& c, ColumnExpr& e) {
        const std::string defaultName = naming::unique(t.name, {c.name});
        for (const auto& u : t.uniqueConstraints)
            if (u.columns == std::vector<std::string>{c.name} && !u.nullsNotDistinct && !used(t, "unique", u.name)) {
                use(t, "unique", u.name);
                const std::string arg = u.name == defaultName ? "" : literal(u.name);
                e.call(fmt::format(".unique({})", arg), [&](dsl::ColumnBuilder& b) { b.unique(arg.empty() ? "" : u.name); });
                return;
            }
        if (!renderer_.uniqueConstraintsAsIndexes()) return;
        std::vector<std::string> why;
        for (const auto& i : t.indexes)
            if (i.isUnique && i.name == defaultName && i.where.empty() && i.columnNames() == std::vector<std::string>{c.name} &&
                plainIndex(i, why) && !used(t, "index", i.name)) {
                use(t, "index", i.name);
                e.call(".unique()", [](dsl::ColumnBuilder& b) { b.unique(); });
                return;
            }
    }

    void reference(const Table& t, const Column& c, ColumnExpr& e) {
        for (const auto& fk : t.foreignKeys) {
            if (fk.columnsFrom != std::vector<std::string>{c.name} || fk.columnsTo.size() != 1) continue;
            if (fk.name != naming::foreignKey(t.name, fk.columnsFrom, fk.tableTo, fk.columnsTo)) continue;
            if (!defaultSchema(fk.schemaTo) || !schema_.findTable(fk.tableTo) || used(t, "fk", fk.name)) continue;
            dsl::Action onDelete{}, onUpdate{};
            const std::string del = actionText(fk.onDelete, onDelete), upd = actionText(fk.onUpdate, onUpdate);
            if (del.empty() || upd.empty()) continue;
            use(t, "fk", fk.name);
            e.call(fmt::format(".references({}, {})", target(fk.tableTo), literal(fk.columnsTo[0])),
                   [&](dsl::ColumnBuilder& b) { b.references(fk.tableTo, fk.columnsTo[0]); });
            if (onDelete != dsl::Action::NoAction)
                e.call(fmt::format(".onDelete({})", del), [&](dsl::ColumnBuilder& b) { b.onDelete(onDelete); });
            if (onUpdate != dsl::Action::NoAction)
                e.call(fmt::format(".onUpdate({})", upd), [&](dsl::ColumnBuilder& b) { b.onUpdate(onUpdate); });
            return;
        }
    }

    // ---- tables ----
    void table(const Table& t) {
        source::TableText text;
        text.name = t.name;
        text.variable = names_.take(t.name, "Table");
        const std::string subject = "table " + t.name;
        if (!defaultSchema(t.schema)) note(&text, subject, fmt::format("schema {}", t.schema));
        std::vector<dsl::ColumnBuilder> columns;
        for (const auto& c : t.columns) {
            ColumnExpr e = column(t, c, text);
            text.columns.push_back(e.text);
            columns.push_back(e.builder);
        }
        tableVariables_[t.name] = text.variable;  // after its columns: a self-reference names the table
        std::vector<TableCall> calls;
        primaryKey(t, calls);
        foreignKeys(t, text, calls);
        uniques(t, text, calls);
        indexes(t, text, calls);
        for (const auto& k : t.checkConstraints)
            calls.push_back({fmt::format(".check({}, {})", literal(k.name), literal(k.value)),
                             [k](dsl::TableBuilder& b) { b.check(k.name, k.value); }});
        dsl::TableBuilder builder = dsl::table(t.name, std::move(columns));
        for (const auto& call : calls) {
            text.calls.push_back(call.text);
            call.apply(builder);
        }
        builtTables_.push_back(std::move(builder));
        file_.tables.push_back(std::move(text));
    }

    void primaryKey(const Table& t, std::vector<TableCall>& calls) {
        for (const auto& pk : t.compositePrimaryKeys) {
            const bool named = pk.name != naming::primaryKey(t.name, pk.columns);
            calls.push_back({fmt::format(".primaryKey({}{})", literals(pk.columns), named ? ", " + literal(pk.name) : ""),
                             [pk, named](dsl::TableBuilder& b) { b.primaryKey(pk.columns, named ? pk.name : ""); }});
        }
    }

    void foreignKeys(const Table& t, source::TableText& text, std::vector<TableCall>& calls) {
        for (const auto& fk : t.foreignKeys) {
            if (used(t, "fk", fk.name)) continue;
            const std::string subject = fmt::format("table {}: foreign key {}", t.name, fk.name);
            dsl::Action onDelete{}, onUpdate{};
            const std::string del = actionText(fk.onDelete, onDelete), upd = actionText(fk.onUpdate, onUpdate);
            if (!defaultSchema(fk.schemaTo) || !schema_.findTable(fk.tableTo)) {
                note(&text, subject, fmt::format("references {}{}, which is not in the schema",
                                                 defaultSchema(fk.schemaTo) ? "" : fk.schemaTo + ".", fk.tableTo));
                continue;
            }
            if (del.empty() || upd.empty()) {
                note(&text, subject, fmt::format("actions on delete {} on update {}", fk.onDelete, fk.onUpdate));
                continue;
            }
            const bool named = fk.name != naming::foreignKey(t.name, fk.columnsFrom, fk.tableTo, fk.columnsTo);
            std::vector<std::string> args{literals(fk.columnsFrom), target(fk.tableTo), literals(fk.columnsTo), del,
                                          upd, literal(fk.name)};
            std::size_t keep = named ? 6 : onUpdate != dsl::Action::NoAction ? 5 : onDelete != dsl::Action::NoAction ? 4 : 3;
            args.resize(keep);
            calls.push_back({fmt::format(".foreignKey({})", fmt::join(args, ", ")), [fk, onDelete, onUpdate, named](dsl::TableBuilder& b) {
                                 b.foreignKey(fk.columnsFrom, fk.tableTo, fk.columnsTo, onDelete, onUpdate,
                                              named ? fk.name : "");
                             }});
        }
    }

    void uniques(const Table& t, source::TableText& text, std::vector<TableCall>& calls) {
        for (const auto& u : t.uniqueConstraints) {
            if (used(t, "unique", u.name)) continue;
            if (u.nullsNotDistinct) {
                note(&text, fmt::format("table {}: unique {}", t.name, u.name), "NULLS NOT DISTINCT");
                continue;
            }
            const bool named = u.name != naming::unique(t.name, u.columns);
            calls.push_back({fmt::format(".unique({}{})", literals(u.columns), named ? ", " + literal(u.name) : ""),
                             [u, named](dsl::TableBuilder& b) { b.unique(u.columns, named ? u.name : ""); }});
        }
    }

    void indexes(const Table& t, source::TableText& text, std::vector<TableCall>& calls) {
        for (const auto& i : t.indexes) {
            if (used(t, "index", i.name)) continue;
            std::vector<std::string> why;
            if (!plainIndex(i, why)) {
                note(&text, fmt::format("table {}: index {}", t.name, i.name), fmt::format("{}", fmt::join(why, ", ")));
                continue;
            }
            const std::vector<std::string> columns = i.columnNames();
            const bool constraint = renderer_.uniqueConstraintsAsIndexes() && i.isUnique && i.where.empty() &&
                                    i.name == naming::unique(t.name, columns);
            if (constraint) {
                calls.push_back({fmt::format(".unique({})", literals(columns)),
                                 [columns](dsl::TableBuilder& b) { b.unique(columns); }});
                continue;
            }
            const std::string where = i.where.empty() ? "" : ", " + literal(i.where);
            calls.push_back({fmt::format(".{}({}, {}{})", i.isUnique ? "uniqueIndex" : "index", literal(i.name),
                                         literals(columns), where),
                             [i, columns](dsl::TableBuilder& b) {
                                 if (i.isUnique)
                                     b.uniqueIndex(i.name, columns, i.where);
                                 else
                                     b.index(i.name, columns, i.where);
                             }});
        }
    }

    // ---- views ----
    void view(const View& v) {
        source::TableText text;
        text.name = v.name;
        text.variable = names_.take(v.name, "View");
        text.builder = v.materialized ? "materializedView" : "view";
        const std::string subject = "view " + v.name;
        if (!defaultSchema(v.schema)) note(&text, subject, fmt::format("schema {}", v.schema));
        std::vector<dsl::ColumnBuilder> columns;
        Table owner;
        owner.name = v.name;
        for (const auto& c : v.columns) {
            ColumnExpr e = column(owner, c, text);
            text.columns.push_back(e.text);
            columns.push_back(e.builder);
        }
        dsl::ViewBuilder builder(v.name, std::move(columns), v.materialized);
        auto call = [&](std::string callText, const std::function<void(dsl::ViewBuilder&)>& apply) {
            text.calls.push_back(std::move(callText));
            apply(builder);
        };
        for (const auto& option : v.with) {
            const std::string &key = option.first, &json = option.second;  // C++17 lambdas cannot capture bindings
            const auto value = nlohmann::json::parse(json, nullptr, false);
            if (value.is_discarded() || !(value.is_string() || value.is_boolean() || value.is_number())) {
                note(&text, subject, fmt::format("option {} = {}", key, json));
                continue;
            }
            // A JSON number or boolean is the same C++ literal.
            call(fmt::format(".with({}, {})", literal(key), value.is_string() ? literal(value.get<std::string>()) : json),
                 [&](dsl::ViewBuilder& b) { source::viewOption(b, key, value); });
        }
        if (v.withNoData) call(".withNoData()", [](dsl::ViewBuilder& b) { b.withNoData(); });
        if (!v.tablespace.empty())
            call(fmt::format(".tablespace({})", literal(v.tablespace)), [&](dsl::ViewBuilder& b) { b.tablespace(v.tablespace); });
        if (!v.using_.empty())
            call(fmt::format(".using_({})", literal(v.using_)), [&](dsl::ViewBuilder& b) { b.using_(v.using_); });
        if (v.isExisting)
            call(".existing()", [](dsl::ViewBuilder& b) { b.existing(); });
        else
            call(fmt::format(".as({})", literal(v.definition)), [&](dsl::ViewBuilder& b) { b.as(v.definition); });
        builtViews_.push_back(std::move(builder));
        file_.views.push_back(std::move(text));
    }

    // ---- the check ----
    /// The Definition the text declares, resolved and diffed against the schema it came from.
    void verify() {
        try {
            const dsl::Definition definition(builtTables_, builtEnums_, {}, builtViews_);
            const Diff d = diff(schema_, definition.resolve(renderer_));
            for (const auto& op : d.operations)
                unexpressed_.push_back(fmt::format("the source's schema differs: {}", describe(op)));
        } catch (const SchemaError& e) {
            unexpressed_.push_back(fmt::format("the source does not build a Definition: {}", e.what()));
        }
    }

    /// A referenced table: its variable once declared, its name before (a cycle, or itself).
    std::string target(const std::string& table) const {
        const auto variable = tableVariables_.find(table);
        return variable != tableVariables_.end() ? variable->second : literal(table);
    }

    bool used(const Table& t, const char* kind, const std::string& name) const {
        return used_.count(t.name + '\0' + kind + '\0' + name) > 0;
    }
    void use(const Table& t, const char* kind, const std::string& name) { used_.insert(t.name + '\0' + kind + '\0' + name); }

    const Schema& schema_;
    const SqlRenderer& renderer_;
    source::Names names_;
    std::string dialect_;
    source::FileText file_;
    std::vector<std::string> unexpressed_;
    std::map<std::string, std::pair<std::string, dsl::EnumType>> enums_;  ///< name -> variable, type
    std::map<std::string, std::string> tableVariables_;                   ///< declared so far
    std::set<std::string> used_;  ///< constraints and indexes already written on a column
    std::vector<dsl::TableBuilder> builtTables_;
    std::vector<dsl::EnumType> builtEnums_;
    std::vector<dsl::ViewBuilder> builtViews_;
};

}  // namespace

DslSource writeDslSource(const Schema& schema, const SqlRenderer& renderer, const DslSourceOptions& options) {
    if (!isDslFunctionName(options.function))
        throw ConfigError(fmt::format("{:?} cannot name the schema function: it must be a C++ identifier that is no "
                                      "keyword and no DSL builder",
                                      options.function));
    return SourceWriter(schema, renderer, options).run();
}

}  // namespace ob::migrate
