// ob-migrate pull: a live database's schema, or a folder's last snapshot, as C++ DSL source.
#include "pull_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <filesystem>

#include "backends.hpp"
#include "core/files.hpp"
#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/dsl_source.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/pull.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

namespace fs = std::filesystem;

namespace {

/// The folder's last snapshot when it is a folder of `dialect` with a migration; nullopt otherwise.
std::optional<Snapshot> folderReference(const std::string& dir, const std::string& dialect) {
    if (!Folder::detect(dir)) return std::nullopt;
    Snapshot last = lastSnapshot(dir);
    if (last.schema.dialect != dialect || last.id == kOriginSnapshotId) return std::nullopt;
    return last;
}

}  // namespace

PullCommand::PullCommand(CLI::App& app) {
    pull_ = app.add_subcommand("pull", "Write the schema of the database (or of the folder's last snapshot) as C++ DSL "
                                       "source");
    pull_->add_option("--out", flags_.out, "the C++ file to write")->required();
    pull_->add_flag("--from-folder", flags_.fromFolder,
                    "read the last snapshot of --dir instead of the database (no connection)");
    pull_->add_option("--function", flags_.function, "the name of the function returning the Definition (default appSchema)");
    pull_->add_flag("--force", flags_.force, "overwrite --out when it exists");
    pull_->footer(
        "The file holds one function returning the Definition (include/ob/migrate/dsl.hpp); build it into a\n"
        "project CLI (ob::migrate::cli::run(argc, argv, appSchema)) and `generate` on the folder reports no\n"
        "changes. From a database, what the folder's last snapshot (--dir) spells differently but the database\n"
        "stores the same way is written as the snapshot spells it. What the DSL cannot declare yet is listed\n"
        "on stderr and in comments, and the exit code is 3.\n"
        "Examples:\n"
        "  ob-migrate pull --url app.db --out src/schema.cpp\n"
        "  ob-migrate --db-type postgresql --dir drizzle/pg-migrations pull --from-folder --out schema.cpp\n"
        "Exit codes: 0 the source reproduces the schema, 1 database error, 2 bad usage or settings,\n"
        "            3 the source leaves something out (listed).");
}

bool PullCommand::selected() const { return pull_->parsed(); }

int PullCommand::run(const Settings& settings, Output& io) const { return pullCommand(settings, flags_, io); }

int pullCommand(const Settings& settings, const PullFlags& flags, Output& io) {
    if (!isDslFunctionName(flags.function))
        throw ConfigError(fmt::format("--function {:?} is not a C++ name a schema function can have", flags.function));
    if (fs::exists(flags.out) && !flags.force)
        throw ConfigError(fmt::format("{} exists; pass --force to overwrite it", flags.out));
    Schema schema;
    std::vector<std::string> leftOut;
    DslSourceOptions options;
    options.function = flags.function;
    if (flags.fromFolder) {
        const Snapshot last = lastSnapshot(settings.dir);
        if (last.id == kOriginSnapshotId)
            throw ConfigError(fmt::format("{} has no migration: there is no snapshot to pull", settings.dir));
        schema = last.schema;
        leftOut = unmodeledSections(last);
        options.origin = fmt::format("the last snapshot of {}", settings.dir);
    } else {
        auto driver = openDialect(settings, Access::Existing);
        Introspection& introspection = requireCapability<Introspection>(*driver, "pull");
        schema = introspection.introspect();
        options.origin = driver->describe();
        if (auto reference = folderReference(settings.dir, schema.dialect)) {
            schema = keepSpelling(introspection, schema, reference->schema);
            options.origin += fmt::format(" (spelled as {} spells it)", settings.dir);
        }
    }
    auto renderer = rendererFor(schema.dialect);
    DslSource source = writeDslSource(schema, *renderer, options);
    leftOut.insert(leftOut.end(), source.unexpressed.begin(), source.unexpressed.end());
    detail::writeFileAtomically(flags.out, source.text);
    fmt::print(io.out, "wrote {}: {}() declares {} table{}{} ({})\n", flags.out, flags.function, schema.tables.size(),
               schema.tables.size() == 1 ? "" : "s",
               schema.enums.empty() ? "" : fmt::format(" and {} enum{}", schema.enums.size(), schema.enums.size() == 1 ? "" : "s"),
               options.origin);
    if (leftOut.empty()) return 0;
    const Style style(io.err);
    for (const auto& what : leftOut) fmt::print(io.err, "{} {}\n", style.yellow("not in the source:"), what);
    fmt::print(io.err, "{}: the source leaves out {} thing{} the schema has (listed above)\n", programName(),
               leftOut.size(), leftOut.size() == 1 ? "" : "s");
    return 3;
}

}  // namespace ob::migrate::cli
