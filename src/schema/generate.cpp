// generate: the next migration of a Drizzle Kit folder, from a DSL schema.
#include "ob/migrate/generate.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <system_error>

#include "core/files.hpp"
#include "generate_step.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kCustomSql = "-- Custom SQL migration file, put your code below! --";

/// What to do about one finding, short of allowing the loss.
std::string hintFor(const DataLoss& f) {
    switch (f.kind) {
        case DataLoss::Kind::DropTable:
            return fmt::format("if {} was renamed, say so: renamedFrom(\"{}\") on the new table, or --rename {}=<new>",
                               f.table, f.table, f.table);
        case DataLoss::Kind::DropColumn:
            return fmt::format("if {}.{} was renamed, say so: .renamedFrom(\"{}\") on the new column, or --rename "
                               "{}.{}=<new>",
                               f.table, f.column, f.column, f.table, f.column);
        case DataLoss::Kind::NarrowType:
            return "values that do not fit the new type fail or are cut: convert them first in a --custom migration";
        case DataLoss::Kind::NotNullWithoutDefault:
            return "give it a default (.defaultValue(...)), or give every row a value first in a --custom migration";
        case DataLoss::Kind::DropEnumValue:
            return "rows holding the value cannot be converted: update them first in a --custom migration";
    }
    return {};
}

std::string describeFindings(const std::vector<DataLoss>& findings, std::string_view command, std::string_view allow) {
    std::string text = fmt::format("{} refused: the change can lose data or fail on existing rows:", command);
    for (const auto& f : findings) text += "\n  - " + f.message + " (" + hintFor(f) + ")";
    text += fmt::format("\nto {} it as it is, pass {}", command == "generate" ? "write" : "run", allow);
    return text;
}

std::string changes(std::size_t n) { return fmt::format("{} change{}", n, n == 1 ? "" : "s"); }

std::string readFile(const fs::path& file) {
    auto bytes = detail::readFile(file);
    if (!bytes) throw MigrationSetError(file.string(), "cannot read the file");
    return std::move(*bytes);
}

void writeFile(const fs::path& file, const std::string& text) { detail::writeFileAtomically(file, text); }

bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The folder as generate finds it.
struct FolderState {
    fs::path journalFile;
    Journal journal;
    Snapshot previous;
};

fs::path lastSnapshotFile(const fs::path& meta, const JournalEntry& last) {
    std::string prefix = last.tag.substr(0, last.tag.find('_'));
    if (allDigits(prefix) && fs::exists(meta / (prefix + "_snapshot.json"))) return meta / (prefix + "_snapshot.json");
    // Drizzle Kit's rule: the last snapshot file in name order.
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(meta, ec)) {
        std::string name = entry.path().filename().string();
        if (!name.empty() && name[0] != '_' && entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (files.empty())
        throw MigrationSetError((meta / "_journal.json").string(),
                                fmt::format("the journal lists {} but meta/ holds no snapshot to diff against",
                                            last.tag));
    std::sort(files.begin(), files.end());
    return files.back();
}

FolderState readFolder(const fs::path& folder, const std::string& dialect) {
    FolderState state;
    state.journalFile = folder / "meta" / "_journal.json";
    state.journal.dialect = dialect;
    state.previous = Snapshot::empty(dialect);
    if (!fs::exists(state.journalFile)) return state;
    state.journal = Journal::parse(readFile(state.journalFile), state.journalFile.string());
    if (state.journal.dialect != dialect)
        throw MigrationSetError(state.journalFile.string(),
                                fmt::format("the folder holds {} migrations; cannot add {} ones", state.journal.dialect,
                                            dialect));
    if (state.journal.entries.empty()) return state;
    fs::path snapshot = lastSnapshotFile(folder / "meta", state.journal.entries.back());
    state.previous = Snapshot::read(snapshot);
    if (state.previous.schema.dialect != dialect)
        throw MigrationSetError(snapshot.string(),
                                fmt::format("a {} snapshot in a {} folder", state.previous.schema.dialect, dialect));
    return state;
}

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

void checkName(const std::string& name) {
    if (name.empty()) throw ConfigError("the migration name is empty");
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            throw ConfigError(fmt::format("migration name {:?} may only hold letters, digits, '_' and '-'", name));
}

}  // namespace

DataLossError::DataLossError(std::vector<DataLoss> findings, std::string_view command, std::string_view allow)
    : Error(describeFindings(findings, command, allow)), findings_(std::move(findings)) {}
DataLossError::DataLossError(const DataLossError&) = default;
DataLossError::~DataLossError() = default;

PrefixMode parsePrefixMode(std::string_view text) {
    if (text == "index") return PrefixMode::Index;
    if (text == "timestamp") return PrefixMode::Timestamp;
    if (text == "unix") return PrefixMode::Unix;
    if (text == "none") return PrefixMode::None;
    throw ConfigError(fmt::format("unknown prefix mode {:?} (index, timestamp, unix or none)", text));
}

std::string joinStatements(const std::vector<std::string>& statements, bool breakpoints) {
    std::string sql;
    const std::string separator = breakpoints ? std::string(kStatementBreakpoint) + "\n" : "\n";
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (i) sql += separator;
        sql += statements[i];
    }
    return sql;
}

std::vector<std::string> exportSql(const dsl::Definition& schema, const SqlRenderer& renderer) {
    Schema empty;
    empty.dialect = std::string(renderer.dialect());
    return renderer.render(diff(empty, schema.resolve(renderer)));
}

namespace {
/// The reverse of `d`: the diff from its target back to its source, renames undone. A migration
/// that loses data cannot be undone (the data is gone): its down file says so and runs nothing.
std::string downMigration(const Diff& d, const SqlRenderer& renderer, bool breakpoints, bool& reversible) {
    if (!d.dataLoss.empty()) {
        reversible = false;
        std::string text = fmt::format("{}\n-- This migration loses data, so it cannot be undone:", kIrreversibleDirective);
        for (const auto& loss : d.dataLoss) text += "\n--   " + loss.message;
        return text;
    }
    RenameHints back;
    auto oldTableName = [&](const std::string& table) {
        for (const auto& r : d.renamedTables)
            if (r.to == table) return r.from;
        return table;
    };
    for (const auto& r : d.renamedTables) back.tables.push_back({r.to, r.from});
    for (const auto& r : d.renamedColumns) back.columns.push_back({oldTableName(r.table), r.to, r.from});
    const std::vector<std::string> statements = renderer.render(diff(d.to, d.from, back));
    reversible = true;
    return statements.empty() ? std::string("-- nothing to undo") : joinStatements(statements, breakpoints);
}
}  // namespace

Snapshot lastSnapshot(const fs::path& folder, std::string dialect) {
    if (dialect.empty()) {
        const fs::path journal = folder / "meta" / "_journal.json";
        if (!fs::exists(journal)) throw MigrationSetError(journal.string(), "no journal: not a migrations folder");
        dialect = Journal::parse(readFile(journal), journal.string()).dialect;
    }
    return readFolder(folder, dialect).previous;
}

namespace detail {

Schema previousSchema(const fs::path& folder, const std::string& dialect) {
    return readFolder(folder, dialect).previous.schema;
}

GenerateResult generateStep(const GenerateStep& step, const fs::path& folder, const SqlRenderer& renderer,
                            const GenerateOptions& options) {
    const std::string dialect(renderer.dialect());
    FolderState state = readFolder(folder, dialect);
    GenerateResult result;
    result.journalFile = state.journalFile;

    Snapshot next;
    std::string sql;
    if (options.custom) {
        next = state.previous;
        next.renamedTables.clear();
        next.renamedColumns.clear();
        sql = std::string(kCustomSql);
        result.changed = true;
        result.downSql = fmt::format("{}\n-- Custom migration: write its reverse below and remove the line above.",
                                     kIrreversibleDirective);
    } else {
        Diff d = diff(state.previous.schema, step.target, step.hints);
        for (const auto& op : d.operations) result.operations.push_back(describe(op));
        if (d.empty() && step.append.empty()) {
            result.message = "No schema changes, nothing to migrate";
            return result;
        }
        if (!d.dataLoss.empty() && !options.allowDataLoss) throw DataLossError(d.dataLoss);
        result.changed = true;
        result.dataLoss = d.dataLoss;
        result.statements = renderer.render(d);
        if (step.rewrite) step.rewrite(d, result.statements);
        result.statements.insert(result.statements.end(), step.append.begin(), step.append.end());
        sql = result.statements.empty()
                  ? fmt::format("-- no SQL needed: {}", fmt::join(result.operations, "; "))
                  : joinStatements(result.statements, options.breakpoints);
        if (!step.firstLine.empty()) sql = step.firstLine + "\n" + sql;
        result.downSql = downMigration(d, renderer, options.breakpoints, result.reversible);
        next.schema = std::move(d.to);
        next.renamedTables = std::move(d.renamedTables);
        next.renamedColumns = std::move(d.renamedColumns);
        next.unmodeled = state.previous.unmodeled;
    }
    next.id = randomUuid();
    next.prevId = state.previous.id;

    const std::int64_t clock = options.clock ? options.clock() : nowMs();
    std::int64_t when = clock;
    if (!state.journal.entries.empty()) {
        // Never before the previous entry; with a prefix in seconds, in a later second.
        const std::int64_t last = state.journal.entries.back().when;
        const bool seconds = options.prefix == PrefixMode::Timestamp || options.prefix == PrefixMode::Unix;
        when = std::max(when, seconds ? (last / 1000 + 1) * 1000 : last + 1);
    }
    const std::size_t idx = state.journal.entries.empty() ? 0 : state.journal.entries.back().idx + 1;
    const std::string name = options.name.empty() ? randomMigrationName() : options.name;
    checkName(name);
    std::string prefix;
    switch (options.prefix) {
        case PrefixMode::Index: prefix = fmt::format("{:04d}", idx); break;
        case PrefixMode::Timestamp:
            prefix = fmt::format("{:%Y%m%d%H%M%S}",
                                 fmt::gmtime(static_cast<std::time_t>(when / 1000)));
            break;
        case PrefixMode::Unix: prefix = std::to_string(when / 1000); break;
        case PrefixMode::None: break;
    }
    result.tag = prefix.empty() ? name : prefix + "_" + name;
    const std::string snapshotPrefix = prefix.empty() ? fmt::format("{:04d}", idx) : prefix;
    result.sqlFile = folder / (result.tag + ".sql");
    if (!options.down) result.downSql.clear();
    if (!result.downSql.empty()) result.downFile = folder / (result.tag + ".down.sql");
    result.snapshotFile = folder / "meta" / (snapshotPrefix + "_snapshot.json");
    result.sql = sql;
    for (const auto& e : state.journal.entries)
        if (e.tag == result.tag) throw ConfigError(fmt::format("the journal already has a migration {}", result.tag));
    if (fs::exists(result.sqlFile)) throw ConfigError(fmt::format("{} already exists", result.sqlFile.string()));
    if (fs::exists(result.snapshotFile))
        throw ConfigError(fmt::format("{} already exists", result.snapshotFile.string()));

    if (options.dryRun) {
        result.message = fmt::format("dry run: would write {} ({})", result.sqlFile.string(),
                                     changes(result.operations.size()));
        return result;
    }

    std::error_code ec;
    fs::create_directories(folder / "meta", ec);
    if (ec) throw Error(fmt::format("cannot create {}: {}", (folder / "meta").string(), ec.message()));
    JournalEntry entry;
    entry.idx = idx;
    entry.version = Journal::entryVersionFor(dialect);
    entry.when = when;
    entry.tag = result.tag;
    entry.breakpoints = options.breakpoints;
    Journal journal = state.journal;
    journal.entries.push_back(entry);
    // The journal goes last: a folder whose journal does not list the new files is unchanged.
    writeFile(result.sqlFile, sql);
    if (!result.downFile.empty()) writeFile(result.downFile, result.downSql);
    writeFile(result.snapshotFile, next.toJson());
    writeFile(state.journalFile, journal.toJson());
    result.written = true;
    result.message = options.custom
                         ? fmt::format("wrote {} for your custom SQL", result.sqlFile.string())
                         : fmt::format("wrote {} ({}):", result.sqlFile.string(), changes(result.operations.size()));
    return result;
}

}  // namespace detail

GenerateResult generate(const dsl::Definition& schema, const fs::path& folder, const SqlRenderer& renderer,
                        const GenerateOptions& options) {
    detail::GenerateStep step;
    step.target = schema.resolve(renderer);
    step.hints = schema.renames();
    step.hints.merge(options.renames);
    if (options.online && !options.custom && renderer.dialect() == "postgresql")
        return detail::generateOnline(step, folder, renderer, options);
    return detail::generateStep(step, folder, renderer, options);
}

}  // namespace ob::migrate
