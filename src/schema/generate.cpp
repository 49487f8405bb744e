// generate: the next migration of a Drizzle Kit folder, from a DSL schema.
#include "ob/migrate/generate.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <system_error>

#include "core/files.hpp"
#include "generate_step.hpp"
#include "ob/migrate/folder.hpp"
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

/// The folder as generate finds it.
struct FolderState {
    std::unique_ptr<Folder> folder;
    Snapshot previous;
};

FolderState readFolder(const fs::path& dir, const std::string& dialect, std::optional<FolderFormat> format) {
    FolderState state;
    state.folder = Folder::create(dir, dialect, format);
    state.previous = Snapshot::empty(dialect);
    state.previous.drizzle1 = state.folder->format() == FolderFormat::Drizzle1;
    if (state.folder->dialect() != dialect)
        throw MigrationSetError(state.folder->indexPath().string(),
                                fmt::format("the folder holds {} migrations; cannot add {} ones",
                                            state.folder->dialect(), dialect));
    const auto snapshot = state.folder->lastSnapshot();
    if (!snapshot) return state;
    if (!fs::exists(*snapshot))
        throw MigrationSetError(snapshot->string(), fmt::format("the folder lists {} but holds no snapshot to diff "
                                                                "against",
                                                                state.folder->entries().back().tag));
    state.previous = Snapshot::read(*snapshot);
    if (state.previous.schema.dialect != dialect)
        throw MigrationSetError(snapshot->string(),
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

namespace detail {
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

std::string migrationText(const Diff& d, const std::vector<std::string>& statements, bool breakpoints) {
    if (!statements.empty()) return joinStatements(statements, breakpoints);
    std::vector<std::string> operations;
    for (const auto& op : d.operations) operations.push_back(describe(op));
    return fmt::format("-- no SQL needed: {}", fmt::join(operations, "; "));
}
}  // namespace detail

Snapshot lastSnapshot(const fs::path& folder, std::string dialect) {
    if (dialect.empty()) dialect = Folder::open(folder)->dialect();
    return readFolder(folder, dialect, std::nullopt).previous;
}

namespace detail {

Schema previousSchema(const fs::path& folder, const std::string& dialect) {
    return readFolder(folder, dialect, std::nullopt).previous.schema;
}

GenerateResult generateStep(const GenerateStep& step, const fs::path& folder, const SqlRenderer& renderer,
                            const GenerateOptions& options) {
    const std::string dialect(renderer.dialect());
    FolderState state = readFolder(folder, dialect, options.format);
    Folder& out = *state.folder;
    GenerateResult result;
    if (out.format() == FolderFormat::Drizzle0) result.journalFile = out.indexPath();

    Snapshot next;
    std::string sql;
    if (options.custom) {
        next = state.previous;
        next.renamedTables.clear();
        next.renamedColumns.clear();
        sql = step.customSql ? *step.customSql : std::string(kCustomSql);
        result.changed = true;
        result.downSql = step.customDown ? *step.customDown
                                         : fmt::format("{}\n-- Custom migration: write its reverse below and "
                                                       "remove the line above.",
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
        sql = migrationText(d, result.statements, options.breakpoints);
        if (!step.firstLine.empty()) sql = step.firstLine + "\n" + sql;
        result.downSql = downMigration(d, renderer, options.breakpoints, result.reversible);
        next.schema = std::move(d.to);
        next.renamedTables = std::move(d.renamedTables);
        next.renamedColumns = std::move(d.renamedColumns);
        next.unmodeled = state.previous.unmodeled;
    }
    if (step.unmodeled) next.unmodeled = *step.unmodeled;
    next.id = randomUuid();
    next.prevId = state.previous.id;
    next.prevIds = {state.previous.id};
    next.drizzle1 = out.format() == FolderFormat::Drizzle1;

    const std::int64_t clock = options.clock ? options.clock() : nowMs();
    const bool seconds = options.prefix == PrefixMode::Timestamp || options.prefix == PrefixMode::Unix;
    const std::int64_t when = out.nextWhen(clock, seconds);
    const std::size_t idx = out.entries().empty() ? 0 : out.entries().back().idx + 1;
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
    NewEntry entry;
    entry.tag = out.tagFor(name, when, prefix);
    entry.when = when;
    entry.breakpoints = options.breakpoints;
    entry.sql = sql;
    entry.snapshotPrefix = prefix;
    if (!options.down) result.downSql.clear();
    if (!result.downSql.empty()) entry.down = result.downSql;
    const FolderEntry planned = out.planned(entry);
    result.tag = planned.tag;
    result.sqlFile = planned.upFile;
    if (entry.down) result.downFile = planned.downFile;
    result.snapshotFile = planned.snapshotFile;
    result.sql = sql;
    for (const auto& e : out.entries())
        if (e.tag == result.tag) throw ConfigError(fmt::format("{} already has a migration {}", out.indexName(), result.tag));
    if (fs::exists(result.sqlFile)) throw ConfigError(fmt::format("{} already exists", result.sqlFile.string()));
    if (fs::exists(result.snapshotFile))
        throw ConfigError(fmt::format("{} already exists", result.snapshotFile.string()));

    if (options.dryRun) {
        result.message = fmt::format("dry run: would write {} ({})", result.sqlFile.string(),
                                     changes(result.operations.size()));
        return result;
    }
    entry.snapshotJson = next.toJson();
    out.append(entry);
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
