// generate --online (PostgreSQL): the forms of a change that do not hold a long lock on a table that
// already exists. The change is split in two migrations: the first (in a transaction) adds foreign
// keys and checks NOT VALID; the second, `-- ob-migrate: no-transaction`, builds indexes and unique
// constraints CONCURRENTLY, validates the constraints and sets NOT NULL through a validated check,
// each statement in a transaction of its own. Rewrites the renderer's statements with the lint
// classifier, so what it writes is what lint accepts.
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <system_error>

#include "core/quoting.hpp"
#include "schema/generate_step.hpp"
#include "classify.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate::detail {

namespace fs = std::filesystem;
using lintdetail::AlterAction;
using lintdetail::Classified;
using lintdetail::SqlStatement;

namespace {

/// The text of tokens [from, to) of `s`, as written.
std::string slice(const SqlStatement& s, std::size_t from, std::size_t to) {
    if (from >= to || to > s.tokens.size()) return {};
    return s.text.substr(s.tokens[from].begin - s.begin, s.tokens[to - 1].end - s.tokens[from].begin);
}

/// "ALTER TABLE <table> " as written, for an ALTER TABLE whose first action starts at `action`.
std::string alterPrefix(const SqlStatement& s, std::size_t action) { return "ALTER TABLE " + slice(s, 2, action) + " "; }

struct Parsed {
    SqlStatement statement;
    Classified classified;
};

Parsed parse(const std::string& sql) {
    auto list = lintdetail::splitSql(sql);
    Parsed p;
    if (list.size() == 1) {
        p.statement = std::move(list.front());
        p.classified = lintdetail::classify(p.statement);
    }
    return p;
}

std::set<std::string> existingTables(const Diff& d) {
    std::set<std::string> names;
    for (const auto& t : d.to.tables)
        if (d.previous(t.name)) names.insert(t.name);
    return names;
}

/// First migration: foreign keys and checks on existing tables NOT VALID; their validation goes
/// to `validations`, for the second migration.
void notValid(const std::set<std::string>& existing, std::vector<std::string>& statements,
              std::vector<std::string>& validations) {
    for (auto& sql : statements) {
        Parsed p = parse(sql);
        if (p.classified.kind != Classified::Kind::AlterTable || p.classified.actions.size() != 1 ||
            !existing.count(p.classified.table))
            continue;
        const AlterAction& a = p.classified.actions.front();
        if (a.kind != AlterAction::Kind::AddConstraint || a.notValid ||
            (a.constraint != lintdetail::ConstraintKind::ForeignKey && a.constraint != lintdetail::ConstraintKind::Check))
            continue;
        sql = p.statement.text + " NOT VALID;";
        validations.push_back(alterPrefix(p.statement, a.begin) + "VALIDATE CONSTRAINT " +
                              slice(p.statement, a.begin + 2, a.begin + 3) + ";");
    }
}

/// Second migration: every statement the diff from the first migration's schema renders.
void concurrently(std::vector<std::string>& statements) {
    std::vector<std::string> out;
    for (auto& sql : statements) {
        Parsed p = parse(sql);
        const SqlStatement& s = p.statement;
        if (p.classified.kind == Classified::Kind::CreateIndex && !p.classified.concurrently) {
            std::size_t index = 1;
            while (index < s.tokens.size() && !s.tokens[index].isWord("index")) ++index;
            out.push_back(s.text.substr(0, s.tokens[index].end - s.begin) + " CONCURRENTLY" +
                          s.text.substr(s.tokens[index].end - s.begin) + ";");
            continue;
        }
        if (p.classified.kind != Classified::Kind::AlterTable || p.classified.actions.size() != 1) {
            out.push_back(sql);
            continue;
        }
        const AlterAction& a = p.classified.actions.front();
        const std::string prefix = alterPrefix(s, a.begin);
        if (a.kind == AlterAction::Kind::AddConstraint && a.constraint == lintdetail::ConstraintKind::Unique &&
            !a.usingIndex) {
            // ADD CONSTRAINT "n" UNIQUE[ NULLS NOT DISTINCT]("a","b")
            std::size_t open = a.begin;
            while (open < a.end && !s.tokens[open].is("(")) ++open;
            const std::string name = slice(s, a.begin + 2, a.begin + 3);
            const bool nullsNotDistinct = slice(s, a.begin + 4, open).find("NULLS NOT DISTINCT") != std::string::npos;
            out.push_back(fmt::format("CREATE UNIQUE INDEX CONCURRENTLY {} ON {} {}{};", name, slice(s, 2, a.begin),
                                      slice(s, open, a.end), nullsNotDistinct ? " NULLS NOT DISTINCT" : ""));
            out.push_back(fmt::format("{}ADD CONSTRAINT {} UNIQUE USING INDEX {};", prefix, name, name));
            continue;
        }
        if (a.kind == AlterAction::Kind::SetNotNull) {
            const std::string column = slice(s, a.begin + 2, a.begin + 3);
            const std::string check = quoteIdentifier(fmt::format("{}_{}_not_null", p.classified.table, a.name));
            out.push_back(fmt::format("{}ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID;", prefix, check, column));
            out.push_back(fmt::format("{}VALIDATE CONSTRAINT {};", prefix, check));
            out.push_back(sql);
            out.push_back(fmt::format("{}DROP CONSTRAINT {};", prefix, check));
            continue;
        }
        out.push_back(sql);
    }
    statements = std::move(out);
}

/// The target without what the second migration adds to existing tables.
Schema firstTarget(const Diff& full) {
    Schema middle = full.to;
    for (const auto& operation : full.operations) {
        if (const auto* o = std::get_if<op::CreateIndex>(&operation); o && !o->newTable && full.previous(o->table)) {
            Table* t = middle.findTable(o->table);
            if (t) t->indexes.erase(std::remove(t->indexes.begin(), t->indexes.end(), o->index), t->indexes.end());
        } else if (const auto* u = std::get_if<op::AddUnique>(&operation); u && full.previous(u->table)) {
            if (Table* t = middle.findTable(u->table)) {
                auto& list = t->uniqueConstraints;
                list.erase(std::remove(list.begin(), list.end(), u->constraint), list.end());
            }
        } else if (const auto* c = std::get_if<op::AlterColumn>(&operation)) {
            if (c->to.notNull && !c->from.notNull && !c->to.identity && !c->to.primaryKey)
                if (Column* col = middle.findTable(c->table) ? middle.findTable(c->table)->findColumn(c->to.name) : nullptr)
                    col->notNull = false;
        }
    }
    return middle;
}

/// A dry run writes into a copy of the folder, so the second migration follows the first.
GenerateResult dryRun(const GenerateStep& step, const fs::path& folder, const SqlRenderer& renderer,
                      const GenerateOptions& options) {
    const fs::path scratch = fs::temp_directory_path() / ("ob-migrate-online-" + randomUuid());
    std::error_code ec;
    fs::create_directories(scratch, ec);
    if (fs::exists(folder)) fs::copy(folder, scratch, fs::copy_options::recursive, ec);
    if (ec) throw Error(fmt::format("cannot copy {} for the dry run: {}", folder.string(), ec.message()));
    GenerateOptions real = options;
    real.dryRun = false;
    GenerateResult result;
    try {
        result = generateOnline(step, scratch, renderer, real);
    } catch (...) {
        fs::remove_all(scratch, ec);
        throw;
    }
    fs::remove_all(scratch, ec);
    auto relocate = [&](GenerateResult& r) {
        for (fs::path* p : {&r.sqlFile, &r.snapshotFile, &r.journalFile, &r.downFile})
            if (!p->empty()) *p = folder / p->lexically_relative(scratch);
        if (r.changed) r.message = fmt::format("dry run: would write {} ({} statements)", r.sqlFile.string(), r.statements.size());
        r.written = false;
    };
    relocate(result);
    for (auto& r : result.more) relocate(r);
    return result;
}

}  // namespace

GenerateResult generateOnline(const GenerateStep& step, const fs::path& folder, const SqlRenderer& renderer,
                              const GenerateOptions& options) {
    if (options.dryRun) return dryRun(step, folder, renderer, options);
    const Diff full = diff(previousSchema(folder, std::string(renderer.dialect())), step.target, step.hints);
    if (full.empty()) return generateStep(step, folder, renderer, options);
    if (!full.dataLoss.empty() && !options.allowDataLoss) throw DataLossError(full.dataLoss);
    const std::set<std::string> existing = existingTables(full);
    GenerateOptions each = options;
    each.allowDataLoss = true;  // checked on the whole change above
    each.name = options.name.empty() ? randomMigrationName() : options.name;

    std::vector<std::string> validations;
    GenerateStep first;
    first.target = firstTarget(full);
    first.hints = step.hints;
    first.rewrite = [&](const Diff&, std::vector<std::string>& statements) { notValid(existing, statements, validations); };
    GenerateResult result = generateStep(first, folder, renderer, each);

    GenerateStep second;
    second.target = step.target;
    second.rewrite = [](const Diff&, std::vector<std::string>& statements) { concurrently(statements); };
    second.append = validations;
    second.firstLine = std::string(kNoTransactionDirective);
    if (result.written) each.name += "_online";
    GenerateResult next = generateStep(second, folder, renderer, each);
    if (!result.written) return next;
    if (next.written) result.more.push_back(std::move(next));
    return result;
}

}  // namespace ob::migrate::detail
