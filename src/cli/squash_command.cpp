// ob-migrate squash --to TAG: one migration instead of many, history kept.
#include "squash_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "backends.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/squash.hpp"

namespace ob::migrate::cli {

SquashCommand::SquashCommand(CLI::App& app) {
    squash_ = app.add_subcommand("squash", "Replace the migrations up to --to by one that creates that migration's schema");
    squash_->add_option("--to", flags_.to, "the last migration to squash (its tag, or a unique prefix)")->required();
    squash_->add_option("--name", flags_.name, "the new migration's name (default squashed)");
    squash_->add_flag("--dry-run", flags_.dryRun, "print what would be written and removed, change nothing");
    squash_->footer(
        "The new migration creates the schema of --to's snapshot (its down file drops it) and names, in its first\n"
        "lines, every migration it replaces with the created_at and hash the tracking table holds for it: a\n"
        "database that applied them all has nothing pending and keeps its history, a fresh one runs the squash,\n"
        "and one that applied only some is refused, naming them. Data statements of the squashed migrations\n"
        "(seeds) are not kept: move them to a custom migration first.\n"
        "Examples:\n"
        "  ob-migrate squash --to 0004 --dry-run\n"
        "  ob-migrate --db-type postgresql --dir drizzle/pg-migrations squash --to 0012_brave_hulk --name baseline");
}

bool SquashCommand::selected() const { return squash_->parsed(); }

int SquashCommand::run(const Settings& settings, Output& io) const { return squashCommand(settings, flags_, io); }

int squashCommand(const Settings& settings, const SquashFlags& flags, Output& io) {
    const MigrationSet set = MigrationSet::fromDirectory(settings.dir);
    const std::string tag = resolveTag(set, flags.to, settings.dir).tag;
    const std::string dialect = set.dialect();
    auto renderer = rendererFor(dialect.empty() ? settings.dbType : dialect);
    SquashOptions options;
    options.name = flags.name;
    options.dryRun = flags.dryRun;
    const SquashResult result = squash(settings.dir, tag, *renderer, options);
    const char* would = flags.dryRun ? "would " : "";
    for (const auto& f : result.written) fmt::print(io.out, "{}write {}\n", would, f.string());
    for (const auto& f : result.removed) fmt::print(io.out, "{}remove {}\n", would, f.string());
    fmt::print(io.out, "{}{} {} migrations ({}) into {}\n", flags.dryRun ? "dry run: " : "",
               flags.dryRun ? "would squash" : "squashed", result.replaced.size(), fmt::join(result.replaced, ", "),
               result.tag);
    return 0;
}

}  // namespace ob::migrate::cli
