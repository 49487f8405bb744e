// Classifying a SQL statement for the lint rules: CREATE TABLE / INDEX, ALTER TABLE actions, and
// the maintenance statements that lock. Not a parser: it reads the shapes migrations use.
#include "classify.hpp"

#include <algorithm>
#include <initializer_list>

namespace ob::migrate::lintdetail {

namespace {

using Tokens = std::vector<SqlToken>;
using detail::matchingParen;

/// Reads tokens [pos, end) of a statement.
struct Cursor {
    const Tokens& t;
    std::size_t pos, end;

    bool done() const { return pos >= end; }
    const SqlToken* peek(std::size_t ahead = 0) const { return pos + ahead < end ? &t[pos + ahead] : nullptr; }
    bool isWord(std::string_view w, std::size_t ahead = 0) const {
        const SqlToken* k = peek(ahead);
        return k && k->isWord(w);
    }
    bool word(std::string_view w) {
        if (!isWord(w)) return false;
        ++pos;
        return true;
    }
    bool words(std::initializer_list<std::string_view> ws) {
        std::size_t i = 0;
        for (auto w : ws)
            if (!isWord(w, i++)) return false;
        pos += ws.size();
        return true;
    }
    /// A possibly qualified name; returns its last part ("" when there is none).
    std::string name() {
        if (done() || !t[pos].isName()) return {};
        std::string n = nameOf(t[pos++]);
        while (pos + 1 < end && t[pos].is(".") && t[pos + 1].isName()) {
            n = nameOf(t[pos + 1]);
            pos += 2;
        }
        return n;
    }
    /// Skips one token, or a whole parenthesised group.
    void skip() {
        if (done()) return;
        pos = t[pos].is("(") ? std::min(matchingParen(t, pos), end) + 1 : pos + 1;
    }
    bool findWord(std::string_view w) const {
        for (std::size_t i = pos; i < end; ++i)
            if (t[i].isWord(w)) return true;
        return false;
    }
};

/// Splits [begin, end) at top-level commas.
std::vector<std::pair<std::size_t, std::size_t>> splitCommas(const Tokens& t, std::size_t begin, std::size_t end) {
    std::vector<std::pair<std::size_t, std::size_t>> parts;
    std::size_t start = begin;
    for (std::size_t i = begin; i < end; ++i) {
        if (t[i].is("(")) i = std::min(matchingParen(t, i), end);
        else if (t[i].is(",")) {
            parts.emplace_back(start, i);
            start = i + 1;
        }
    }
    if (start < end) parts.emplace_back(start, end);
    return parts;
}

bool isConstraintWord(const SqlToken& k) {
    for (auto w : {"constraint", "not", "null", "default", "primary", "unique", "check", "references", "generated",
                   "collate"})
        if (k.isWord(w)) return true;
    return false;
}

std::string textOf(const Tokens& t, std::size_t begin, std::size_t end) {
    std::string out;
    for (std::size_t i = begin; i < end; ++i) {
        if (!out.empty()) out += ' ';
        out += t[i].text;
    }
    return normalizeType(out);
}

/// ON DELETE CASCADE somewhere in [c.pos, c.end).
bool onDeleteCascade(const Cursor& c) {
    for (std::size_t i = c.pos; i + 2 < c.end; ++i)
        if (c.t[i].isWord("on") && c.t[i + 1].isWord("delete") && c.t[i + 2].isWord("cascade")) return true;
    return false;
}

ColumnDef columnDef(const Tokens& t, std::size_t begin, std::size_t end) {
    ColumnDef def;
    Cursor c{t, begin, end};
    def.name = c.done() ? std::string() : nameOf(t[c.pos++]);
    const std::size_t typeBegin = c.pos;
    while (!c.done() && !isConstraintWord(*c.peek())) c.skip();
    def.type = textOf(t, typeBegin, c.pos);
    for (auto s : {"serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"})
        if (def.type == s) def.serial = true;
    while (!c.done()) {
        if (c.words({"not", "null"})) {
            def.notNull = true;
        } else if (c.word("default")) {
            const std::size_t from = c.pos;
            while (!c.done() && !isConstraintWord(*c.peek())) c.skip();
            def.hasDefault = true;
            def.defaultSql = textOf(t, from, c.pos);
            def.volatileDefault = isVolatileExpression(t, from, c.pos);
        } else if (c.word("generated")) {
            if (c.findWord("identity")) def.identity = true;
            else if (c.findWord("stored")) def.storedGenerated = true;
            c.skip();
        } else if (c.word("references")) {
            def.inlineConstraint = ConstraintKind::ForeignKey;
            def.references = c.name();
            def.cascade = onDeleteCascade(c);
        } else if (c.word("check")) {
            if (def.inlineConstraint == ConstraintKind::None) def.inlineConstraint = ConstraintKind::Check;
        } else if (c.word("unique")) {
            if (def.inlineConstraint == ConstraintKind::None) def.inlineConstraint = ConstraintKind::Unique;
        } else if (c.words({"primary", "key"})) {
            if (def.inlineConstraint == ConstraintKind::None) def.inlineConstraint = ConstraintKind::PrimaryKey;
        } else {
            c.skip();
        }
    }
    return def;
}

/// A table constraint starting at c.pos (after an optional CONSTRAINT name).
void tableConstraint(Cursor& c, AlterAction& a) {
    if (c.word("constraint")) a.name = c.name();
    if (c.words({"foreign", "key"})) {
        a.constraint = ConstraintKind::ForeignKey;
        c.skip();
        if (c.word("references")) a.foreignKey.references = c.name();
        a.foreignKey.cascade = onDeleteCascade(c);
    } else if (c.word("check")) {
        a.constraint = ConstraintKind::Check;
        if (!c.done() && c.peek()->is("(")) {
            const std::size_t close = std::min(matchingParen(c.t, c.pos), c.end);
            Cursor inner{c.t, c.pos + 1, close};
            if (close - c.pos == 5 && inner.peek()->isName() && inner.isWord("is", 1) && inner.isWord("not", 2) &&
                inner.isWord("null", 3))
                a.notNullColumn = nameOf(*inner.peek());
        }
    } else if (c.word("unique")) {
        a.constraint = ConstraintKind::Unique;
    } else if (c.words({"primary", "key"})) {
        a.constraint = ConstraintKind::PrimaryKey;
    } else if (c.word("exclude")) {
        a.constraint = ConstraintKind::Exclude;
    }
    for (std::size_t i = c.pos; i + 1 < c.end; ++i) {
        if (c.t[i].isWord("not") && c.t[i + 1].isWord("valid")) a.notValid = true;
        if (c.t[i].isWord("using") && c.t[i + 1].isWord("index")) a.usingIndex = true;
    }
    c.pos = c.end;
}

bool startsConstraint(const Cursor& c) {
    return c.isWord("constraint") || c.isWord("check") || c.isWord("unique") || c.isWord("exclude") ||
           (c.isWord("primary") && c.isWord("key", 1)) || (c.isWord("foreign") && c.isWord("key", 1));
}

AlterAction alterAction(const Tokens& t, std::size_t begin, std::size_t end, const std::string& table) {
    AlterAction a;
    a.begin = begin;
    a.end = end;
    Cursor c{t, begin, end};
    using K = AlterAction::Kind;
    if (c.word("add")) {
        if (startsConstraint(c)) {
            a.kind = K::AddConstraint;
            tableConstraint(c, a);
            a.foreignKey.table = table;
            return a;
        }
        c.word("column");
        c.words({"if", "not", "exists"});
        a.kind = K::AddColumn;
        a.column = columnDef(t, c.pos, end);
        a.name = a.column.name;
    } else if (c.word("drop")) {
        if (c.word("constraint")) {
            c.words({"if", "exists"});
            a.kind = K::DropConstraint;
            a.name = c.name();
            return a;
        }
        c.word("column");
        c.words({"if", "exists"});
        a.kind = K::DropColumn;
        a.name = c.name();
    } else if (c.word("rename")) {
        if (c.word("to")) {
            a.kind = K::RenameTable;
            a.name = c.name();
        } else if (!c.isWord("constraint")) {
            c.word("column");
            a.kind = K::RenameColumn;
            a.name = c.name();
            c.word("to");
            a.to = c.name();
        }
    } else if (c.words({"validate", "constraint"})) {
        a.kind = K::ValidateConstraint;
        a.name = c.name();
    } else if (c.word("alter")) {
        c.word("column");
        a.name = c.name();
        if (c.words({"set", "not", "null"})) {
            a.kind = K::SetNotNull;
        } else if (c.words({"drop", "not", "null"})) {
            a.kind = K::DropNotNull;
        } else if (c.words({"set", "data", "type"}) || c.word("type")) {
            a.kind = K::AlterType;
            const std::size_t from = c.pos;
            while (!c.done() && !c.isWord("using") && !c.isWord("collate")) c.skip();
            a.type = textOf(t, from, c.pos);
            if (c.word("using")) {
                // `col::newtype` (what drizzle-kit writes) changes nothing the type change does not.
                const bool plainCast = c.pos + 2 < end && nameOf(t[c.pos]) == a.name && t[c.pos + 1].is("::") &&
                                       textOf(t, c.pos + 2, end) == a.type;
                a.usingClause = !plainCast;
            }
        }
    }
    return a;
}

void createTable(Cursor& c, Classified& out) {
    c.words({"if", "not", "exists"});
    out.kind = Classified::Kind::CreateTable;
    out.table = c.name();
    if (c.done() || !c.peek()->is("(")) return;
    const std::size_t close = std::min(matchingParen(c.t, c.pos), c.end);
    for (auto [b, e] : splitCommas(c.t, c.pos + 1, close)) {
        Cursor item{c.t, b, e};
        if (startsConstraint(item)) {
            AlterAction a;
            tableConstraint(item, a);
            if (a.constraint == ConstraintKind::ForeignKey)
                out.foreignKeys.push_back({out.table, a.foreignKey.references, a.foreignKey.cascade});
            continue;
        }
        ColumnDef def = columnDef(c.t, b, e);
        if (def.inlineConstraint == ConstraintKind::ForeignKey)
            out.foreignKeys.push_back({out.table, def.references, def.cascade});
        out.columns.push_back(std::move(def));
    }
}

void alterTable(Cursor& c, Classified& out) {
    c.words({"if", "exists"});
    c.word("only");
    out.kind = Classified::Kind::AlterTable;
    out.table = c.name();
    if (!c.done() && c.peek()->is("*")) ++c.pos;
    for (auto [b, e] : splitCommas(c.t, c.pos, c.end)) out.actions.push_back(alterAction(c.t, b, e, out.table));
}

std::vector<std::string> nameList(Cursor& c) {
    std::vector<std::string> names;
    while (!c.done()) {
        std::string n = c.name();
        if (n.empty()) break;
        names.push_back(n);
        if (c.done() || !c.peek()->is(",")) break;
        ++c.pos;
    }
    return names;
}

}  // namespace

bool isVolatileExpression(const Tokens& t, std::size_t begin, std::size_t end) {
    static const char* const stable[] = {"now", "current_timestamp", "current_date", "current_time", "localtime",
                                         "localtimestamp", "transaction_timestamp", "statement_timestamp", "lower",
                                         "upper", "coalesce", "array", "row", "jsonb_build_object",
                                         "json_build_object", "jsonb_build_array", "json_build_array", "to_jsonb",
                                         "length", "concat", "timezone", "make_interval", "interval"};
    for (std::size_t i = begin; i + 1 < end; ++i) {
        if (t[i].kind != SqlToken::Kind::Word || !t[i + 1].is("(")) continue;
        const std::string f = detail::lowerAscii(t[i].text);
        if (std::none_of(std::begin(stable), std::end(stable), [&](const char* s) { return f == s; })) return true;
    }
    return false;
}

Classified classify(const SqlStatement& s) {
    Classified out;
    Cursor c{s.tokens, 0, s.tokens.size()};
    using K = Classified::Kind;
    if (c.word("create")) {
        c.word("or") && c.word("replace");
        for (auto w : {"temporary", "temp", "unlogged", "global", "local"}) c.word(w);
        if (c.word("table")) return createTable(c, out), out;
        const bool unique = c.word("unique");
        if (!c.word("index")) return out;
        out.kind = K::CreateIndex;
        out.concurrently = c.word("concurrently");
        c.words({"if", "not", "exists"});
        if (!c.isWord("on")) out.name = c.name();
        c.word("on");
        c.word("only");
        out.table = c.name();
        (void)unique;
    } else if (c.word("drop")) {
        if (c.word("index")) {
            out.kind = K::DropIndex;
            out.concurrently = c.word("concurrently");
        } else if (c.word("table")) {
            c.words({"if", "exists"});
            out.kind = K::DropTable;
            out.tables = nameList(c);
            if (!out.tables.empty()) out.table = out.tables.front();
        }
    } else if (c.word("alter")) {
        if (c.word("table")) {
            alterTable(c, out);
        } else if (c.word("type")) {
            out.name = c.name();
            if (c.words({"add", "value"})) {
                c.words({"if", "not", "exists"});
                out.kind = K::AlterTypeAddValue;
                if (!c.done()) out.value = c.peek()->text;
            }
        }
    } else if (c.word("vacuum")) {
        if (c.word("full") || (!c.done() && c.peek()->is("(") && c.findWord("full"))) out.kind = K::VacuumFull;
    } else if (c.word("cluster")) {
        out.kind = K::Cluster;
        c.word("verbose");
        out.table = c.name();
    } else if (c.word("reindex")) {
        out.kind = K::Reindex;
        if (!c.done() && c.peek()->is("(")) c.skip();
        for (auto w : {"index", "table", "schema", "database", "system"}) c.word(w);
        out.concurrently = c.word("concurrently");
        out.table = c.name();
    } else if (c.word("lock")) {
        c.word("table");
        c.word("only");
        out.kind = K::LockTable;
        out.tables = nameList(c);
        if (!out.tables.empty()) out.table = out.tables.front();
    } else if (c.word("update")) {
        c.word("only");
        out.kind = K::Update;
        out.table = c.name();
        out.hasWhere = c.findWord("where");
    } else if (c.word("pragma")) {
        if (c.word("foreign_keys") && !c.done() && c.peek()->is("=")) {
            ++c.pos;
            out.kind = K::PragmaForeignKeys;
            const std::string v = c.done() ? std::string() : detail::lowerAscii(c.peek()->text);
            out.on = v == "on" || v == "1" || v == "true" || v == "yes";
        }
    } else if (c.word("begin") || c.word("start") || c.word("savepoint")) {
        out.kind = K::Begin;
    } else if (c.word("commit") || c.word("end") || c.word("rollback") || c.word("release")) {
        out.kind = K::Commit;
    }
    return out;
}

}  // namespace ob::migrate::lintdetail
