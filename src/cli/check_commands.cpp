// ob-migrate check / introspect, and the schema confirmation of mark-applied.
#include "check_commands.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "backends.hpp"
#include "lint_command.hpp"
#include "ob/migrate/check.hpp"
#include "ob/migrate/compare.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/snapshot.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

namespace {

constexpr const char* kFindingExitCodes =
    "Exit codes: 0 no finding, 1 database error, 2 bad usage or settings, 3 findings.";

nlohmann::ordered_json findingsJson(const std::vector<Finding>& findings) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& f : findings)
        out.push_back({{"kind", toString(f.kind)}, {"subject", f.subject}, {"message", f.message}});
    return out;
}

void printFindings(const std::vector<Finding>& findings, std::ostream& out, const Style& style) {
    for (const auto& f : findings) fmt::print(out, "{} {}\n", style.red(std::string(toString(f.kind)) + ":"), f.message);
}

std::string countByKind(const std::vector<Finding>& findings) {
    std::map<std::string, int> counts;
    for (const auto& f : findings) ++counts[toString(f.kind)];
    std::vector<std::string> parts;
    for (const auto& [kind, n] : counts) parts.push_back(fmt::format("{} {}", n, kind));
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string describeColumn(const Column& c) {
    std::string s = fmt::format("{} {}", c.name, c.typeSchema.empty() || c.typeSchema == "public" ? c.type : c.typeSchema + "." + c.type);
    if (c.primaryKey) s += " primary key";
    if (c.autoincrement) s += " autoincrement";
    if (c.notNull) s += " not null";
    if (c.defaultValue) s += " default " + *c.defaultValue;
    if (c.identity) s += " identity " + c.identity->type;
    if (c.generated) s += fmt::format(" generated as {} {}", c.generated->as, c.generated->type);
    return s;
}

}  // namespace

CheckCommands::CheckCommands(CLI::App& app) {
    check_ = app.add_subcommand("check", "Check the migrations folder, the tracking table, and the live schema for drift");
    check_->add_flag("--json", checkFlags_.json,
                     "print {\"clean\", \"database\", \"comparedWith\", \"pending\", \"findings\":[{kind, subject, message}]}");
    check_->add_flag("--folder-only", checkFlags_.folderOnly, "check the folder only; do not connect to a database");
    check_->footer(std::string(
                       "Checks that every journal entry has its .sql file and snapshot, that no file is stray, that the\n"
                       "snapshots' prevId chain is unbroken (two snapshots with one parent: a branch merge), that no\n"
                       "applied migration's file changed, and that the live schema equals the snapshot of the newest\n"
                       "applied migration (each difference on one line). It prints the lint findings of the\n"
                       "migrations too (\"lint\" in --json); they do not change the exit code: `ob-migrate lint` does.\n"
                       "Examples:\n"
                       "  ob-migrate check --url app.db\n"
                       "  ob-migrate check --folder-only --dir drizzle/migrations\n"
                       "  ob-migrate --db-type postgresql --url postgresql://app@localhost/app check --json\n") +
                   kFindingExitCodes);

    test_ = app.add_subcommand("test", "Replay the folder on a scratch database: snapshots, down migrations, a second run");
    test_->add_flag("--json", testJson_, "print {\"clean\", \"migrations\", \"roundTrips\", \"findings\":[...]}");
    test_->footer(std::string(
                      "SQLite replays in memory (--url is not touched). PostgreSQL creates a database on the server\n"
                      "--url points at (the role needs CREATEDB) and drops it afterwards. After each migration the\n"
                      "schema must equal that migration's snapshot; each reversible migration (<tag>.down.sql) is\n"
                      "rolled back, compared with the previous snapshot and applied again; then the folder is applied\n"
                      "a second time, which must change nothing. Findings name the migration.\n"
                      "Examples:\n"
                      "  ob-migrate test --dir drizzle/migrations\n"
                      "  ob-migrate --db-type postgresql --url postgresql://postgres@localhost/postgres test --json\n") +
                  kFindingExitCodes);

    introspect_ = app.add_subcommand("introspect", "Print the live schema (tables, columns, keys, indexes, enums)");
    introspect_->add_flag("--json", introspectJson_, "print it as a Drizzle snapshot (meta/NNNN_snapshot.json format)");
    introspect_->footer(
        "Examples:\n"
        "  ob-migrate introspect --url app.db\n"
        "  ob-migrate --db-type postgresql --url postgresql://app@localhost/app introspect --json > schema.json\n"
        "Exit codes: 0 success, 1 database error, 2 bad usage or settings.");
}

bool CheckCommands::selected() const { return check_->parsed() || test_->parsed() || introspect_->parsed(); }

int CheckCommands::run(const Settings& settings, Output& io) const {
    if (check_->parsed()) return checkCommand(settings, checkFlags_, io);
    if (test_->parsed()) return testCommand(settings, testJson_, io);
    return introspectCommand(settings, introspectJson_, io);
}

int checkCommand(const Settings& settings, const CheckFlags& flags, Output& io) {
    const Style style(io.out);
    CheckReport report;
    std::string database;
    if (flags.folderOnly) {
        report.findings = checkFolder(settings.dir);
        report.lint = checkLint(settings.dir);
    } else {
        auto dialect = openDialect(settings);
        database = dialect->describe();
        report = check(*dialect, settings.dir);
    }
    if (flags.json) {
        nlohmann::ordered_json doc;
        doc["clean"] = report.clean();
        doc["folder"] = settings.dir;
        if (!flags.folderOnly) {
            doc["database"] = database;
            doc["comparedWith"] = report.comparedWith.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(report.comparedWith);
            doc["comparedTag"] = report.comparedTag.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(report.comparedTag);
            doc["pending"] = report.pending;
        }
        doc["findings"] = findingsJson(report.findings);
        doc["lint"] = lintFindingsJson(report.lint);
        io.out << doc.dump(2) << '\n';
        return report.clean() ? 0 : 3;
    }
    printFindings(report.findings, io.out, style);
    for (const auto& f : report.lint) fmt::print(io.out, "{} {}\n", style.yellow("lint:"), f.format());
    std::string against;
    if (!flags.folderOnly)
        against = report.comparedWith.empty()
                      ? fmt::format(", {} has no migration applied (compared with the empty schema)", database)
                      : fmt::format(", {} compared with {} ({}){}", database, report.comparedWith, report.comparedTag,
                                    report.pending ? fmt::format(", {} pending", report.pending) : std::string());
    if (report.clean())
        fmt::print(io.out, "{} {}{}\n", style.green("ok:"), fmt::format("{} is consistent", settings.dir), against);
    else
        fmt::print(io.out, "{} finding{} ({}){}\n", report.findings.size(), report.findings.size() == 1 ? "" : "s",
                   countByKind(report.findings), against);
    return report.clean() ? 0 : 3;
}

int introspectCommand(const Settings& settings, bool json, Output& io) {
    auto dialect = openDialect(settings);
    Schema schema = requireCapability<Introspection>(*dialect, "introspect").introspect();
    if (json) {
        Snapshot s = Snapshot::empty(schema.dialect);
        s.id = randomUuid();
        s.prevId = std::string(kOriginSnapshotId);
        s.schema = std::move(schema);
        io.out << s.toJson() << '\n';
        return 0;
    }
    for (const auto& e : schema.enums)
        fmt::print(io.out, "enum {}.{} ('{}')\n", e.schema, e.name, fmt::join(e.values, "', '"));
    for (const auto& t : schema.tables) {
        fmt::print(io.out, "table {}{}\n", t.schema.empty() ? "" : t.schema + ".", t.name);
        for (const auto& c : t.columns) fmt::print(io.out, "  {}\n", describeColumn(c));
        for (const auto& pk : t.compositePrimaryKeys)
            fmt::print(io.out, "  primary key {} ({})\n", pk.name, fmt::join(pk.columns, ", "));
        for (const auto& u : t.uniqueConstraints)
            fmt::print(io.out, "  unique {} ({}){}\n", u.name, fmt::join(u.columns, ", "),
                       u.nullsNotDistinct ? " nulls not distinct" : "");
        for (const auto& fk : t.foreignKeys)
            fmt::print(io.out, "  foreign key {} ({}) references {}({}) on delete {} on update {}\n", fk.name,
                       fmt::join(fk.columnsFrom, ", "), fk.tableTo, fmt::join(fk.columnsTo, ", "), fk.onDelete,
                       fk.onUpdate);
        for (const auto& i : t.indexes) {
            std::vector<std::string> cols;
            for (const auto& c : i.columns) cols.push_back(c.expression + (c.asc ? "" : " desc"));
            fmt::print(io.out, "  {}index {} ({}){}\n", i.isUnique ? "unique " : "", i.name, fmt::join(cols, ", "),
                       i.where.empty() ? "" : " where " + i.where);
        }
        for (const auto& k : t.checkConstraints) fmt::print(io.out, "  check {} ({})\n", k.name, k.value);
    }
    fmt::print(io.out, "{}: {} table{}, {} enum{}\n", dialect->describe(), schema.tables.size(),
               schema.tables.size() == 1 ? "" : "s", schema.enums.size(), schema.enums.size() == 1 ? "" : "s");
    return 0;
}

int confirmSchemaAt(Driver& dialect, const std::string& dir, const std::string& tag, Output& io) {
    const auto folder = Folder::open(dir);
    const FolderEntry* entry = nullptr;
    for (const auto& e : folder->entries())
        if (e.tag == tag) entry = &e;
    if (!entry) throw ConfigError(fmt::format("no migration {} in {}", tag, dir));
    const auto& snapshot = entry->snapshotFile;
    if (!std::filesystem::exists(snapshot))
        throw ConfigError(fmt::format("cannot compare {} with the schema of {}: {} has no snapshot ({}); pass --force "
                                      "to record without comparing",
                                      dialect.describe(), tag, dir, snapshot.lexically_relative(dir).generic_string()));
    const Schema expected = Snapshot::read(snapshot).schema;
    const auto findings = checkDrift(dialect, expected);
    if (findings.empty()) return 0;
    const Style style(io.err);
    for (const auto& f : findings) fmt::print(io.err, "{} {}\n", style.red("drift:"), f.message);
    fmt::print(io.err,
               "{}: error: {} does not have the schema of {} ({}): {} difference{}; nothing was recorded "
               "(--force records anyway)\n",
               programName(), dialect.describe(), tag, snapshot.lexically_relative(dir).generic_string(),
               findings.size(),
               findings.size() == 1 ? "" : "s");
    return 3;
}

}  // namespace ob::migrate::cli
