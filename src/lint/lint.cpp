// lint: the folder walk, the schema before each migration, exemptions and the rule table.
#include "ob/migrate/lint.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/files.hpp"
#include "lint_engine.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace lintdetail {

void FolderState::apply(const Classified& c) {
    using K = Classified::Kind;
    using A = AlterAction::Kind;
    if (c.kind == K::CreateTable) {
        TableState t;
        for (const auto& col : c.columns) t.columns[col.name] = col.type;
        t.foreignKeys = c.foreignKeys;
        tables[c.table] = std::move(t);
    } else if (c.kind == K::DropTable) {
        for (const auto& name : c.tables) tables.erase(name);
    } else if (c.kind == K::AlterTable) {
        std::string table = c.table;
        for (const auto& a : c.actions) {
            TableState& t = tables[table];
            if (a.kind == A::AddColumn) {
                t.columns[a.column.name] = a.column.type;
                if (a.column.inlineConstraint == ConstraintKind::ForeignKey)
                    t.foreignKeys.push_back({table, a.column.references, a.column.cascade});
            } else if (a.kind == A::DropColumn) {
                t.columns.erase(a.name);
            } else if (a.kind == A::RenameColumn) {
                auto it = t.columns.find(a.name);
                std::string type = it == t.columns.end() ? std::string() : it->second;
                if (it != t.columns.end()) t.columns.erase(it);
                t.columns[a.to] = type;
            } else if (a.kind == A::AlterType) {
                t.columns[a.name] = a.type;
            } else if (a.kind == A::AddConstraint) {
                if (a.constraint == ConstraintKind::ForeignKey) t.foreignKeys.push_back(a.foreignKey);
                if (!a.notNullColumn.empty()) notNullChecks[a.name] = {table, a.notNullColumn};
            } else if (a.kind == A::ValidateConstraint) {
                auto it = notNullChecks.find(a.name);
                if (it != notNullChecks.end() && it->second.first == table)
                    validatedNotNull.insert(table + "." + it->second.second);
            } else if (a.kind == A::RenameTable) {
                TableState moved = std::move(t);
                tables.erase(table);
                for (auto& fk : moved.foreignKeys) fk.table = a.name;
                tables[a.name] = std::move(moved);
                for (auto& [name, other] : tables)
                    for (auto& fk : other.foreignKeys)
                        if (fk.references == table) fk.references = a.name;
                table = a.name;
            }
        }
    }
}

void FolderState::merge(const Schema& schema) {
    for (const auto& table : schema.tables) {
        TableState& t = tables[table.name];
        for (const auto& c : table.columns) t.columns[c.name] = normalizeType(c.type);
        t.foreignKeys.clear();
        for (const auto& fk : table.foreignKeys) t.foreignKeys.push_back({table.name, fk.tableTo, fk.onDelete == "cascade"});
    }
}

std::vector<std::string> FolderState::cascadeChildren(const std::string& table) const {
    std::vector<std::string> children;
    for (const auto& [name, t] : tables)
        for (const auto& fk : t.foreignKeys)
            if (fk.references == table && fk.cascade && name != table &&
                std::find(children.begin(), children.end(), name) == children.end())
                children.push_back(name);
    return children;
}

namespace {

/// The lines of `text`, without their line ends.
std::vector<std::string_view> linesOf(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(pos, end - pos);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        lines.push_back(l);
        pos = end + 1;
    }
    return lines;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// True when one of the comment lines right above `line` is `-- ob-migrate: lint-ignore <rule> <reason>`.
bool ignored(std::string_view fileText, std::size_t line, std::string_view rule) {
    const auto lines = linesOf(fileText);
    for (std::size_t l = line - 1; l >= 1 && l <= lines.size(); --l) {
        std::string_view text = trimmed(lines[l - 1]);
        if (text.substr(0, 2) != "--") return false;
        if (text.substr(0, kLintIgnoreDirective.size()) != kLintIgnoreDirective) continue;
        std::string_view rest = trimmed(text.substr(kLintIgnoreDirective.size()));
        const std::size_t space = rest.find_first_of(" \t");
        if (space != std::string_view::npos && rest.substr(0, space) == rule && !trimmed(rest.substr(space)).empty())
            return true;
    }
    return false;
}

}  // namespace

void MigrationContext::add(std::string_view rule, std::string message, std::string fix) {
    const SqlStatement& s = sql[current];
    if (ignored(migration.up.sql(), s.line, rule)) return;
    const LintRule* r = nullptr;
    for (const auto& candidate : lintRules())
        if (candidate.id == rule) r = &candidate;
    findings.push_back(LintFinding{std::string(rule), r ? r->severity : LintSeverity::Error, migration.tag,
                                   migration.tag + ".sql", s.line, s.firstLine(), std::move(message), std::move(fix)});
}

}  // namespace lintdetail

const char* toString(LintSeverity severity) noexcept { return severity == LintSeverity::Error ? "error" : "warning"; }

std::string LintFinding::format() const { return fmt::format("{}:{}: {}: {} ({})", file, line, rule, message, fix); }

bool LintReport::hasErrors() const noexcept {
    return std::any_of(findings.begin(), findings.end(),
                       [](const LintFinding& f) { return f.severity == LintSeverity::Error; });
}

LintReport lint(const MigrationSet& set, const std::filesystem::path& dir, const LintOptions& options) {
    using namespace lintdetail;
    const auto& migrations = set.migrations();
    std::size_t first = 0;
    if (!options.since.empty()) {
        auto it = std::find_if(migrations.begin(), migrations.end(), [&](const Migration& m) { return m.tag == options.since; });
        if (it == migrations.end()) throw ConfigError(fmt::format("--since {}: {} has no such migration", options.since, set.origin()));
        first = static_cast<std::size_t>(it - migrations.begin()) + 1;
    }
    // Each migration's statements, and which constraints each one validates.
    std::vector<std::vector<SqlStatement>> sql;
    std::vector<std::vector<Classified>> classified;
    std::map<std::string, std::size_t> lastValidated;
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        sql.push_back(splitSql(migrations[i]));
        classified.emplace_back();
        for (const auto& s : sql.back()) {
            classified.back().push_back(classify(s));
            for (const auto& a : classified.back().back().actions)
                if (a.kind == AlterAction::Kind::ValidateConstraint) lastValidated[a.name] = i;
        }
    }
    std::vector<const FolderEntry*> entries(migrations.size(), nullptr);
    std::unique_ptr<Folder> folder;
    if (!dir.empty() && Folder::detect(dir)) {
        folder = Folder::open(dir);
        for (std::size_t i = 0; i < migrations.size(); ++i)
            for (const auto& e : folder->entries())
                if (e.tag == migrations[i].tag) entries[i] = &e;
    }
    LintReport report;
    FolderState state;
    const bool postgres = set.dialect() == "postgresql";
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        MigrationContext ctx{migrations[i], std::move(sql[i]), std::move(classified[i]), std::move(state), {}, {}, i, &lastValidated, 0, {}};
        for (ctx.current = 0; ctx.current < ctx.sql.size(); ++ctx.current) {
            const Classified& c = ctx.classified[ctx.current];
            if (i >= first) postgres ? postgresRules(ctx) : sqliteRules(ctx);
            if (c.kind == Classified::Kind::CreateTable) ctx.created.insert(c.table);
            if (c.kind == Classified::Kind::AlterTable)
                for (const auto& a : c.actions) {
                    if (a.kind == AlterAction::Kind::AddColumn) ctx.addedColumns.insert(c.table + "." + a.column.name);
                    if (a.kind == AlterAction::Kind::RenameTable && ctx.created.count(c.table)) ctx.created.insert(a.name);
                }
            ctx.state.apply(c);
        }
        state = std::move(ctx.state);
        if (entries[i]) {
            const auto& snapshot = entries[i]->snapshotFile;
            if (auto text = detail::readFile(snapshot)) state.merge(Snapshot::parse(*text, snapshot.string()).schema);
        }
        if (i >= first) {
            ++report.migrations;
            std::stable_sort(ctx.findings.begin(), ctx.findings.end(),
                             [](const LintFinding& a, const LintFinding& b) { return a.line < b.line; });
            report.findings.insert(report.findings.end(), ctx.findings.begin(), ctx.findings.end());
        }
    }
    return report;
}

LintReport lintFolder(const std::filesystem::path& dir, const LintOptions& options) {
    return lint(MigrationSet::fromDirectory(dir), dir, options);
}

}  // namespace ob::migrate
