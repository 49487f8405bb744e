// SQLite rendering of a diff: ALTER TABLE where SQLite can, a table rebuild where it cannot.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "ob/migrate/sqlite/renderer.hpp"
#include "quoting.hpp"
#include "core/overloaded.hpp"
#include "core/sql_lexer.hpp"

namespace ob::migrate::sqlite {

using detail::quote;
using detail::tick;

namespace {

using ob::migrate::detail::Overloaded;

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

/// ALTER TABLE ADD COLUMN accepts only constant defaults (no CURRENT_*, no parenthesised expression).
bool constantDefault(const std::string& sql) {
    if (sql.empty() || sql.front() == '(') return false;
    std::string u = upper(sql);
    return u != "CURRENT_TIME" && u != "CURRENT_DATE" && u != "CURRENT_TIMESTAMP";
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
    std::size_t pos = 0;
    while ((pos = text.find(from, pos)) != std::string::npos) {
        text.replace(pos, from.size(), to);
        pos += to.size();
    }
    return text;
}

/// True when `sql` names one of `names` (a bare word, any case, or a quoted name).
bool mentions(const std::string& sql, const std::set<std::string>& names) {
    for (const auto& t : ob::migrate::detail::lexSql(sql)) {
        if (t.kind == ob::migrate::detail::SqlToken::Kind::QuotedName && names.count(t.text)) return true;
        if (t.kind == ob::migrate::detail::SqlToken::Kind::Word)
            for (const auto& n : names)
                if (ob::migrate::detail::lowerAscii(t.text) == ob::migrate::detail::lowerAscii(n)) return true;
    }
    return false;
}

std::string createViewSql(const View& view) { return fmt::format("CREATE VIEW {} AS {};", tick(view.name), view.definition); }
std::string dropViewSql(const View& view) { return fmt::format("DROP VIEW {};", tick(view.name)); }

class SqliteRendering {
public:
    explicit SqliteRendering(const Diff& diff) : diff_(diff) {}

    std::vector<std::string> run() {
        plan();
        for (const auto& op : diff_.operations) std::visit([this](const auto& o) { emit(o); }, op);
        return std::move(out_);
    }

private:
    // ---- deciding what needs a rebuild ----

    /// A single-column foreign key added with its column goes inline into ALTER TABLE ADD.
    const ForeignKey* inlineReference(const op::AddColumn& add) const {
        for (const auto& op : diff_.operations) {
            const auto* fk = std::get_if<op::AddForeignKey>(&op);
            if (fk && !fk->newTable && fk->table == add.table && fk->key.columnsFrom.size() == 1 &&
                fk->key.columnsFrom[0] == add.column.name)
                return &fk->key;
        }
        return nullptr;
    }

    bool canAdd(const op::AddColumn& add) const {
        const Column& c = add.column;
        // SQLite adds a VIRTUAL generated column in place; a STORED one needs the table rebuilt.
        if (c.primaryKey || (c.generated && c.generated->type != "virtual")) return false;
        if (c.defaultValue && !constantDefault(*c.defaultValue)) return false;
        if (c.notNull && (!c.defaultValue || upper(*c.defaultValue) == "NULL")) return false;
        const Table* table = diff_.to.findTable(add.table);
        if (table) {
            for (const auto& pk : table->compositePrimaryKeys)
                if (std::count(pk.columns.begin(), pk.columns.end(), c.name)) return false;
            for (const auto& fk : table->foreignKeys)
                if (std::count(fk.columnsFrom.begin(), fk.columnsFrom.end(), c.name) && fk.columnsFrom.size() > 1)
                    return false;
            for (const auto& u : table->uniqueConstraints)
                if (std::count(u.columns.begin(), u.columns.end(), c.name)) return false;
        }
        if (inlineReference(add) && c.defaultValue && upper(*c.defaultValue) != "NULL") return false;
        return true;
    }

    bool canDrop(const op::DropColumn& drop) const {
        const Table* old = diff_.previous(drop.table);
        if (!old) return false;
        std::string name = drop.column.name;
        if (drop.column.primaryKey) return false;
        for (const auto& pk : old->compositePrimaryKeys)
            if (std::count(pk.columns.begin(), pk.columns.end(), name)) return false;
        for (const auto& u : old->uniqueConstraints)
            if (std::count(u.columns.begin(), u.columns.end(), name)) return false;
        for (const auto& fk : old->foreignKeys)
            if (std::count(fk.columnsFrom.begin(), fk.columnsFrom.end(), name)) return false;
        for (const auto& t : diff_.from.tables)
            for (const auto& fk : t.foreignKeys)
                if (fk.tableTo == old->name && std::count(fk.columnsTo.begin(), fk.columnsTo.end(), name)) return false;
        return true;
    }

    void plan() {
        for (const auto& op : diff_.operations) {
            std::visit(Overloaded{
                           [&](const op::AlterColumn& o) { rebuild_.insert(o.table); },
                           [&](const op::AddColumn& o) {
                               if (!canAdd(o)) rebuild_.insert(o.table);
                           },
                           [&](const op::DropColumn& o) {
                               if (!canDrop(o)) rebuild_.insert(o.table);
                           },
                           [&](const op::AddForeignKey& o) {
                               if (o.newTable) return;
                               bool inlined = false;
                               for (const auto& other : diff_.operations)
                                   if (const auto* add = std::get_if<op::AddColumn>(&other))
                                       if (add->table == o.table && inlineReference(*add) == &o.key && canAdd(*add))
                                           inlined = true;
                               if (!inlined) rebuild_.insert(o.table);
                           },
                           [&](const op::DropForeignKey& o) { rebuild_.insert(o.table); },
                           [&](const op::AddPrimaryKey& o) { rebuild_.insert(o.table); },
                           [&](const op::DropPrimaryKey& o) { rebuild_.insert(o.table); },
                           [&](const op::AddUnique& o) { rebuild_.insert(o.table); },
                           [&](const op::DropUnique& o) { rebuild_.insert(o.table); },
                           [&](const op::AddCheck& o) { rebuild_.insert(o.table); },
                           [&](const op::DropCheck& o) { rebuild_.insert(o.table); },
                           [&](const op::RenameConstraint& o) {
                               // SQLite keeps the names of unique and check constraints in the table's SQL.
                               using K = op::RenameConstraint::Kind;
                               if (o.kind == K::Unique || o.kind == K::Check) rebuild_.insert(o.table);
                           },
                           [](const auto&) {},
                       },
                       op);
        }
        // A new table is created whole; nothing to rebuild.
        for (const auto& t : diff_.to.tables)
            if (!diff_.previous(t.name)) rebuild_.erase(t.name);
    }

    /// Emits the rebuild of `table` once, at its first operation; true when the operation is covered.
    bool rebuilt(const std::string& table) {
        if (!rebuild_.count(table)) return false;
        if (done_.insert(table).second) emitRebuild(*diff_.to.findTable(table));
        return true;
    }

    /// The views this migration keeps that read `table`, directly or through another such view,
    /// in declaration order: SQLite's RENAME of the rebuilt table fails while they exist.
    std::vector<const View*> keptViewsReading(const std::string& table) const {
        std::vector<const View*> kept;
        for (const auto& v : diff_.to.views) {
            const View* before = diff_.from.findView(v.name);
            if (!v.isExisting && before && !before->isExisting && before->definition == v.definition) kept.push_back(&v);
        }
        std::set<std::string> read{table};
        std::vector<const View*> out;
        for (bool grew = true; grew;) {
            grew = false;
            for (const View* v : kept)
                if (!read.count(v->name) && mentions(v->definition, read)) {
                    read.insert(v->name);
                    grew = true;
                }
        }
        for (const View* v : kept)
            if (read.count(v->name)) out.push_back(v);
        return out;
    }

    void emitRebuild(const Table& table) {
        const auto views = keptViewsReading(table.name);
        for (auto it = views.rbegin(); it != views.rend(); ++it) out_.push_back(dropViewSql(**it));
        emitTableRebuild(table);
        for (const View* v : views) out_.push_back(createViewSql(*v));
    }

    void emitTableRebuild(const Table& table) {
        const std::string fresh = "__new_" + table.name;
        Table copy = table;
        for (auto& c : copy.checkConstraints) {
            c.value = replaceAll(c.value, quote(table.name) + ".", quote(fresh) + ".");
            c.value = replaceAll(c.value, tick(table.name) + ".", tick(fresh) + ".");
        }
        const Table* old = diff_.previous(table.name);
        std::vector<std::string> into, select;
        for (const auto& c : table.columns) {
            if (!diff_.existedBefore(table.name, c.name)) continue;
            into.push_back(quote(c.name));
            const Column* before = old ? old->findColumn(diff_.previousColumnName(table.name, c.name)) : nullptr;
            // A column made NOT NULL with a default: NULLs take the default instead of failing the copy.
            if (before && c.notNull && !before->notNull && c.defaultValue && !c.generated)
                select.push_back(fmt::format("COALESCE({}, {})", quote(c.name), *c.defaultValue));
            else
                select.push_back(quote(c.name));
        }
        out_.push_back("PRAGMA foreign_keys=OFF;");
        out_.push_back(createTableSql(copy, fresh));
        if (!into.empty())
            out_.push_back(fmt::format("INSERT INTO {}({}) SELECT {} FROM {};", tick(fresh), fmt::join(into, ", "),
                                       fmt::join(select, ", "), tick(table.name)));
        out_.push_back(fmt::format("DROP TABLE {};", tick(table.name)));
        out_.push_back(fmt::format("ALTER TABLE {} RENAME TO {};", tick(fresh), tick(table.name)));
        for (const auto& idx : table.indexes) out_.push_back(createIndexSql(table.name, idx));
        out_.push_back("PRAGMA foreign_keys=ON;");
    }

    // ---- one operation ----

    void emit(const op::CreateSchema&) {}
    void emit(const op::DropSchema&) {}
    void emit(const op::CreateSequence&) {}
    void emit(const op::DropSequence&) {}
    void emit(const op::AlterSequence&) {}
    void emit(const op::CreateView& o) { out_.push_back(createViewSql(o.value)); }
    void emit(const op::DropView& o) { out_.push_back(dropViewSql(o.value)); }
    void emit(const op::AlterView&) {}  // SQLite views have no options
    void emit(const op::CreateEnum&) {}
    void emit(const op::DropEnum&) {}
    void emit(const op::AddEnumValue&) {}
    void emit(const op::RecreateEnum&) {}

    void emit(const op::CreateTable& o) { out_.push_back(createTableSql(o.table, o.table.name)); }

    void emit(const op::DropTable& o) {
        // With enforcement on, DROP TABLE deletes the rows first, which would fire ON DELETE
        // actions of tables that stay; the check before commit still finds dangling references.
        out_.push_back("PRAGMA foreign_keys=OFF;");
        out_.push_back(fmt::format("DROP TABLE {};", tick(o.table.name)));
        out_.push_back("PRAGMA foreign_keys=ON;");
    }

    void emit(const op::RenameTable& o) {
        out_.push_back(fmt::format("ALTER TABLE {} RENAME TO {};", tick(o.from), tick(o.to)));
    }

    void emit(const op::RenameColumn& o) {
        out_.push_back(fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {};", tick(o.table), quote(o.from), quote(o.to)));
    }

    void emit(const op::AddColumn& o) {
        if (rebuilt(o.table)) return;
        const Column& c = o.column;
        std::string sql = fmt::format("ALTER TABLE {} ADD {} {}", tick(o.table), tick(c.name), c.type);
        if (c.defaultValue) sql += " DEFAULT " + *c.defaultValue;
        if (c.generated) sql += fmt::format(" GENERATED ALWAYS AS {} VIRTUAL", c.generated->as);
        if (c.notNull) sql += " NOT NULL";
        if (const ForeignKey* fk = inlineReference(o))
            sql += fmt::format(" REFERENCES {}({}) ON UPDATE {} ON DELETE {}", tick(fk->tableTo), tick(fk->columnsTo[0]),
                               fk->onUpdate, fk->onDelete);
        out_.push_back(sql + ";");
    }

    void emit(const op::DropColumn& o) {
        if (rebuilt(o.table)) return;
        out_.push_back(fmt::format("ALTER TABLE {} DROP COLUMN {};", tick(o.table), tick(o.column.name)));
    }

    void emit(const op::AlterColumn& o) { rebuilt(o.table); }

    void emit(const op::CreateIndex& o) {
        if (!o.newTable && rebuilt(o.table)) return;
        out_.push_back(createIndexSql(o.table, o.index));
    }

    void emit(const op::DropIndex& o) {
        if (rebuilt(o.table)) return;
        out_.push_back(fmt::format("DROP INDEX {};", tick(o.index.name)));
    }

    void emit(const op::RenameIndex& o) {
        if (rebuilt(o.table)) return;
        out_.push_back(fmt::format("DROP INDEX {};", tick(o.from)));
        out_.push_back(createIndexSql(o.table, o.index));
    }

    void emit(const op::AddForeignKey& o) {
        if (!o.newTable) rebuilt(o.table);
    }
    void emit(const op::DropForeignKey& o) { rebuilt(o.table); }
    void emit(const op::AddPrimaryKey& o) { rebuilt(o.table); }
    void emit(const op::DropPrimaryKey& o) { rebuilt(o.table); }
    void emit(const op::AddUnique& o) { rebuilt(o.table); }
    void emit(const op::DropUnique& o) { rebuilt(o.table); }
    void emit(const op::AddCheck& o) { rebuilt(o.table); }
    void emit(const op::DropCheck& o) { rebuilt(o.table); }
    void emit(const op::RenameConstraint& o) { rebuilt(o.table); }

    const Diff& diff_;
    std::set<std::string> rebuild_, done_;
    std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> Renderer::render(const Diff& diff) const { return SqliteRendering(diff).run(); }

}  // namespace ob::migrate::sqlite
