// PostgreSQL rendering of a diff: one or more ALTER statements per operation.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ob/migrate/postgres/renderer.hpp"
#include "render_util.hpp"

namespace ob::migrate::postgres {

namespace {

using render::quote;

bool isSerial(const std::string& type) { return type == "serial" || type == "bigserial" || type == "smallserial"; }

/// The plain type behind a serial type, for ALTER COLUMN ... SET DATA TYPE.
std::string storedType(const Column& c) {
    if (c.type == "serial") return "integer";
    if (c.type == "bigserial") return "bigint";
    if (c.type == "smallserial") return "smallint";
    return typeSql(c);
}

std::string unquoteLiteral(const std::string& sql) {
    if (sql.size() < 2 || sql.front() != '\'') return sql;
    auto end = sql.rfind('\'');
    std::string inner = sql.substr(1, end - 1), out;
    for (std::size_t i = 0; i < inner.size(); ++i) {
        out += inner[i];
        if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;
    }
    return out;
}

class PostgresRendering {
public:
    explicit PostgresRendering(const Diff& diff) : diff_(diff) {}

    std::vector<std::string> run() {
        for (const auto& op : diff_.operations) {
            // A primary key moving between columns: every old one goes before a new one is added.
            if (!std::holds_alternative<op::AlterColumn>(op)) flushPrimaryKeys();
            std::visit([this](const auto& o) { emit(o); }, op);
        }
        flushPrimaryKeys();
        return std::move(out_);
    }

    void flushPrimaryKeys() {
        out_.insert(out_.end(), pendingPrimaryKeys_.begin(), pendingPrimaryKeys_.end());
        pendingPrimaryKeys_.clear();
    }

private:
    std::string table(const std::string& name) const {
        const Table* t = diff_.to.findTable(name);
        if (!t) t = diff_.from.findTable(name);
        return render::tableName(t ? t->schema : std::string(), name);
    }

    std::string enumName(const Enum& e) const { return render::qualified(e.schema.empty() ? "public" : e.schema, e.name); }

    std::string alter(const std::string& t, const std::string& rest) const {
        return fmt::format("ALTER TABLE {} {};", table(t), rest);
    }

    void emit(const op::CreateSchema& o) { out_.push_back(fmt::format("CREATE SCHEMA {};\n", quote(o.name))); }
    void emit(const op::DropSchema& o) { out_.push_back(fmt::format("DROP SCHEMA {};\n", quote(o.name))); }
    void emit(const op::CreateSequence& o) {
        out_.push_back(fmt::format("CREATE SEQUENCE {}{};", sequenceName(o.value), render::sequenceOptions(o.value)));
    }
    void emit(const op::DropSequence& o) { out_.push_back(fmt::format("DROP SEQUENCE {};", sequenceName(o.value))); }
    void emit(const op::AlterSequence& o) {
        // drizzle-kit writes no NO CYCLE, so its sequence keeps cycling; this one stops.
        out_.push_back(fmt::format("ALTER SEQUENCE {}{}{};", sequenceName(o.to), render::sequenceOptions(o.to),
                                   o.from.cycle && !o.to.cycle ? " NO CYCLE" : ""));
    }
    static std::string sequenceName(const Sequence& s) {
        return render::qualified(s.schema.empty() ? "public" : s.schema, s.name);
    }

    void emit(const op::CreateView& o) { out_.push_back(createViewSql(o.value)); }
    void emit(const op::DropView& o) { out_.push_back(render::dropViewSql(o.value)); }
    void emit(const op::AlterView& o) {
        for (auto& sql : render::alterViewSql(o.from, o.to)) out_.push_back(std::move(sql));
    }

    void emit(const op::CreateEnum& o) {
        std::vector<std::string> values;
        for (const auto& v : o.value.values) values.push_back(quoteLiteral(v));
        out_.push_back(fmt::format("CREATE TYPE {} AS ENUM({});", enumName(o.value), fmt::join(values, ", ")));
    }

    void emit(const op::DropEnum& o) { out_.push_back(fmt::format("DROP TYPE {};", enumName(o.value))); }

    void emit(const op::AddEnumValue& o) {
        const std::string key = enumName(o.target);
        if (recreatedEnums_.count(key)) return;
        const Enum* after = findEnum(diff_.to, o.target);
        if (!after || !defaultUsesNewValue(o.target, *after)) {
            out_.push_back(fmt::format("ALTER TYPE {} ADD VALUE {}{};", key, quoteLiteral(o.value),
                                       o.before.empty() ? "" : " BEFORE " + quoteLiteral(o.before)));
            return;
        }
        // A value added by ALTER TYPE ... ADD VALUE cannot be used before its transaction commits,
        // and a default here uses it: rebuild the type instead, in this migration's transaction.
        recreatedEnums_.insert(key);
        op::RecreateEnum recreate{o.target, *after, {}};
        for (const auto& t : diff_.from.tables)
            for (const auto& c : t.columns)
                if (c.type == o.target.name && c.typeSchema == o.target.schema)
                    recreate.columns.push_back({t.name, c.name, c.defaultValue});
        emit(recreate);
    }

    static const Enum* findEnum(const Schema& schema, const Enum& e) {
        for (const auto& candidate : schema.enums)
            if (candidate.name == e.name && candidate.schema == e.schema) return &candidate;
        return nullptr;
    }

    /// True when a column of `after`'s type defaults to a value `before` did not have.
    bool defaultUsesNewValue(const Enum& before, const Enum& after) const {
        for (const auto& v : after.values) {
            if (std::count(before.values.begin(), before.values.end(), v)) continue;
            for (const auto& t : diff_.to.tables)
                for (const auto& c : t.columns)
                    if (c.type == after.name && c.typeSchema == after.schema && c.defaultValue == quoteLiteral(v))
                        return true;
        }
        return false;
    }

    void emit(const op::RecreateEnum& o) {
        // Columns go to text, the type is rebuilt with the new values, the columns come back.
        for (const auto& use : o.columns) {
            if (use.defaultValue) out_.push_back(alter(use.table, fmt::format("ALTER COLUMN {} DROP DEFAULT", quote(use.column))));
            out_.push_back(alter(use.table, fmt::format("ALTER COLUMN {} SET DATA TYPE text", quote(use.column))));
        }
        out_.push_back(fmt::format("DROP TYPE {};", enumName(o.from)));
        emit(op::CreateEnum{o.to});
        const std::string type = enumName(o.to);
        for (const auto& use : o.columns) {
            out_.push_back(alter(use.table, fmt::format("ALTER COLUMN {0} SET DATA TYPE {1} USING {0}::{1}",
                                                        quote(use.column), type)));
            if (use.defaultValue &&
                std::count(o.to.values.begin(), o.to.values.end(), unquoteLiteral(*use.defaultValue)))
                out_.push_back(
                    alter(use.table, fmt::format("ALTER COLUMN {} SET DEFAULT {}", quote(use.column), *use.defaultValue)));
        }
    }

    void emit(const op::CreateTable& o) { out_.push_back(createTableSql(o.table)); }

    void emit(const op::DropTable& o) {
        // drizzle-kit 0.31 turns row-level security off before it drops any table (so does this).
        const std::string name = render::tableName(o.table.schema, o.table.name);
        out_.push_back(fmt::format("ALTER TABLE {} DISABLE ROW LEVEL SECURITY;", name));
        out_.push_back(fmt::format("DROP TABLE {} CASCADE;", name));
    }

    void emit(const op::RenameTable& o) {
        const Table* old = diff_.from.findTable(o.from);
        out_.push_back(fmt::format("ALTER TABLE {} RENAME TO {};", render::tableName(old ? old->schema : "", o.from),
                                   quote(o.to)));
    }

    void emit(const op::AddColumn& o) {
        const Table* t = diff_.to.findTable(o.table);
        out_.push_back(alter(o.table, "ADD COLUMN " + render::columnDefinition(o.column, t ? t->schema : "", false)));
    }

    void emit(const op::DropColumn& o) { out_.push_back(alter(o.table, "DROP COLUMN " + quote(o.column.name))); }

    void emit(const op::RenameColumn& o) {
        out_.push_back(alter(o.table, fmt::format("RENAME COLUMN {} TO {}", quote(o.from), quote(o.to))));
    }

    void emit(const op::AlterColumn& o) {
        const Column& from = o.from;
        const Column& to = o.to;
        const std::string col = quote(to.name);
        auto column = [&](const std::string& rest) { out_.push_back(alter(o.table, "ALTER COLUMN " + col + " " + rest)); };
        if (to.generated && from.generated != to.generated) {
            // As drizzle-kit does: a new or changed expression drops the column and adds it again.
            const Table* t = diff_.to.findTable(o.table);
            out_.push_back(alter(o.table, fmt::format("drop column {}", col)));
            out_.push_back(alter(o.table, "ADD COLUMN " + render::columnDefinition(to, t ? t->schema : "", false)));
            return;
        }
        if (from.generated && !to.generated) column("DROP EXPRESSION");
        if (isSerial(to.type) && !isSerial(from.type))
            throw SchemaError(fmt::format("column {}.{}: a column cannot become serial; use an identity column "
                                          "(generatedByDefaultAsIdentity())",
                                          o.table, to.name));
        if (from.primaryKey && !to.primaryKey) dropPrimaryKey(o.table);
        // Identity options change in place (as drizzle-kit does); a renamed sequence is a new identity.
        const bool identityInPlace = from.identity && to.identity && from.identity->name == to.identity->name &&
                                     from.identity->schema == to.identity->schema;
        if (identityInPlace) {
            const Identity &a = *from.identity, &b = *to.identity;
            if (a.type != b.type) column(b.type == "always" ? "SET GENERATED ALWAYS" : "SET GENERATED BY DEFAULT");
            if (a.minValue != b.minValue) column("SET MINVALUE " + b.minValue);
            if (a.maxValue != b.maxValue) column("SET MAXVALUE " + b.maxValue);
            if (a.increment != b.increment) column("SET INCREMENT BY " + b.increment);
            if (a.startWith != b.startWith) column("SET START WITH " + b.startWith);
            if (a.cache != b.cache) column("SET CACHE " + b.cache);
            if (a.cycle != b.cycle) column(b.cycle ? "SET CYCLE" : "SET NO CYCLE");
        } else if (from.identity && from.identity != to.identity) {
            column("DROP IDENTITY");
        }

        bool defaultDone = false;
        const bool typeChanged = from.type != to.type || from.typeSchema != to.typeSchema;
        if (typeChanged) {
            const bool serialDefault = isSerial(from.type) && isSerial(to.type);
            if (from.defaultValue || (isSerial(from.type) && !isSerial(to.type))) {
                if (!serialDefault) column("DROP DEFAULT");
            }
            const std::string type = storedType(to);
            const bool enumFrom = !from.typeSchema.empty();
            column(fmt::format("SET DATA TYPE {} USING {}{}::{}", type, col, enumFrom ? "::text" : "", type));
            if (to.defaultValue) column("SET DEFAULT " + *to.defaultValue);
            defaultDone = true;
        }
        if (!defaultDone && from.defaultValue != to.defaultValue)
            column(to.defaultValue ? "SET DEFAULT " + *to.defaultValue : std::string("DROP DEFAULT"));
        if (to.notNull && !from.notNull && !to.identity) {
            // NULLs take the default before the constraint is checked.
            if (to.defaultValue)
                out_.push_back(fmt::format("UPDATE {} SET {} = {} WHERE {} IS NULL;", table(o.table), col,
                                           *to.defaultValue, col));
            column("SET NOT NULL");
        }
        if (!to.notNull && from.notNull) column("DROP NOT NULL");
        if (to.primaryKey && !from.primaryKey)
            pendingPrimaryKeys_.push_back(alter(o.table, fmt::format("ADD PRIMARY KEY ({})", col)));
        if (to.identity && from.identity != to.identity && !identityInPlace) {
            const Table* t = diff_.to.findTable(o.table);
            column("ADD" + render::identityClause(to, t ? t->schema : ""));
        }
    }

    /// The primary key made by a column's PRIMARY KEY has a name PostgreSQL chose; look it up.
    void dropPrimaryKey(const std::string& t) {
        const std::string name = table(t);
        out_.push_back(fmt::format(
            "DO $$\nDECLARE pk text;\nBEGIN\n\tSELECT conname INTO pk FROM pg_constraint WHERE conrelid = {}::regclass "
            "AND contype = 'p';\n\tIF pk IS NOT NULL THEN\n\t\tEXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', "
            "{}, pk);\n\tEND IF;\nEND $$;",
            quoteLiteral(name), quoteLiteral(name)));
    }

    void emit(const op::CreateIndex& o) {
        const Table* t = diff_.to.findTable(o.table);
        Table fallback;
        fallback.name = o.table;
        out_.push_back(createIndexSql(t ? *t : fallback, o.index));
    }

    void emit(const op::DropIndex& o) {
        const Table* t = diff_.to.findTable(o.table);
        out_.push_back(fmt::format("DROP INDEX {};", render::tableName(t ? t->schema : "", o.index.name)));
    }

    void emit(const op::RenameIndex& o) {
        const Table* t = diff_.to.findTable(o.table);
        out_.push_back(fmt::format("ALTER INDEX {} RENAME TO {};", render::tableName(t ? t->schema : "", o.from),
                                   quote(o.index.name)));
    }

    void emit(const op::AddForeignKey& o) {
        const ForeignKey& fk = o.key;
        out_.push_back(alter(o.table, fmt::format("ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} "
                                                  "ON UPDATE {}",
                                                  quote(fk.name), render::quotedList(fk.columnsFrom),
                                                  render::qualified(fk.schemaTo.empty() ? "public" : fk.schemaTo, fk.tableTo),
                                                  render::quotedList(fk.columnsTo), fk.onDelete, fk.onUpdate)));
    }

    void emit(const op::DropForeignKey& o) { dropConstraint(o.table, o.key.name); }

    void emit(const op::AddPrimaryKey& o) {
        out_.push_back(alter(o.table, fmt::format("ADD CONSTRAINT {} PRIMARY KEY({})", quote(o.key.name),
                                                  render::quotedList(o.key.columns))));
    }

    void emit(const op::DropPrimaryKey& o) { dropConstraint(o.table, o.key.name); }

    void emit(const op::AddUnique& o) {
        out_.push_back(alter(o.table, fmt::format("ADD CONSTRAINT {} UNIQUE{}({})", quote(o.constraint.name),
                                                  o.constraint.nullsNotDistinct ? " NULLS NOT DISTINCT" : "",
                                                  render::quotedList(o.constraint.columns))));
    }

    void emit(const op::DropUnique& o) { dropConstraint(o.table, o.constraint.name); }

    void emit(const op::AddCheck& o) {
        out_.push_back(alter(o.table, fmt::format("ADD CONSTRAINT {} CHECK ({})", quote(o.constraint.name), o.constraint.value)));
    }

    void emit(const op::DropCheck& o) { dropConstraint(o.table, o.constraint.name); }

    void emit(const op::RenameConstraint& o) {
        out_.push_back(alter(o.table, fmt::format("RENAME CONSTRAINT {} TO {}", quote(o.from), quote(o.to))));
    }

    void dropConstraint(const std::string& t, const std::string& name) {
        out_.push_back(alter(t, "DROP CONSTRAINT " + quote(name)));
    }

    const Diff& diff_;
    std::vector<std::string> out_, pendingPrimaryKeys_;
    std::set<std::string> recreatedEnums_;
};

}  // namespace

std::vector<std::string> Renderer::render(const Diff& diff) const { return PostgresRendering(diff).run(); }

}  // namespace ob::migrate::postgres
