// ob-migrate rebase TAG: two branches' migrations of one parent put in a line again.
#include "rebase_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "backends.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/rebase.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

RebaseCommand::RebaseCommand(CLI::App& app) {
    rebase_ = app.add_subcommand(
        "rebase", "Regenerate the newest migration on top of the one before it (both generated from one parent)");
    rebase_->add_option("tag", flags_.tag, "the newest migration's tag (or a unique prefix)")->required();
    rebase_->add_flag("--dry-run", flags_.dryRun, "print the SQL it would write, change nothing");
    rebase_->add_flag("--folder-only", flags_.folderOnly, "do not ask the database (--url) whether it applied TAG");
    rebase_->footer(
        "After merging two branches that each generated a migration from the same snapshot (check reports\n"
        "them), rebase writes the newest one again: what it changed, laid on the other's snapshot, with a new\n"
        "created_at and its snapshot chained to the other's. Refused when its SQL was edited by hand, when both\n"
        "change the same thing differently, or when the database (--url) has applied it.\n"
        "Examples:\n"
        "  ob-migrate rebase 0007_add_bio --dry-run\n"
        "  ob-migrate --dir drizzle --url app.db rebase 0007");
}

bool RebaseCommand::selected() const { return rebase_->parsed(); }

int RebaseCommand::run(const Settings& settings, Output& io) const { return rebaseCommand(settings, flags_, io); }

int rebaseCommand(const Settings& settings, const RebaseFlags& flags, Output& io) {
    auto folder = Folder::open(settings.dir);
    std::vector<std::string> matches;
    for (const auto& e : folder->entries())
        if (e.tag == flags.tag || e.tag.rfind(flags.tag + "_", 0) == 0) matches.push_back(e.tag);
    if (matches.size() > 1)
        throw ConfigError(fmt::format("{} names {} migrations ({}): give the whole tag", flags.tag, matches.size(),
                                      fmt::join(matches, ", ")));
    const std::string tag = matches.empty() ? flags.tag : matches.front();
    auto renderer = rendererFor(folder->dialect().empty() ? settings.dbType : folder->dialect());
    if (!flags.folderOnly) {
        for (const auto& e : folder->entries()) {
            if (e.tag != tag) continue;
            auto dialect = openDialect(settings);
            if (dialect->history().exists() && dialect->history().contains(e.when))
                throw Error(fmt::format("refusing to rebase {}: it is applied to {} (roll it back first with "
                                        "`{} migrate --to <previous tag>`)",
                                        tag, dialect->describe(), programName()));
        }
    }
    RebaseOptions options;
    options.dryRun = flags.dryRun;
    const RebaseResult r = rebase(settings.dir, tag, *renderer, options);
    if (flags.dryRun) {
        if (r.sql.empty())
            fmt::print(io.out, "dry run: every change of {} is in {} already; it would be removed\n", r.tag, r.onto);
        else
            fmt::print(io.out, "dry run: would write {} again after {}{}:\n{}\n", r.tag, r.onto,
                       r.custom ? " (custom SQL kept)" : "", r.sql);
        return 0;
    }
    for (const auto& f : r.removed) fmt::print(io.out, "removed {}\n", f.string());
    for (const auto& f : r.written) fmt::print(io.out, "wrote {}\n", f.string());
    if (r.newTag.empty())
        fmt::print(io.out, "{}: every change of it is in {} already; removed\n", r.tag, r.onto);
    else
        fmt::print(io.out, "rebased {} onto {}: now {} (created_at {})\n", r.tag, r.onto, r.newTag, r.when);
    return 0;
}

}  // namespace ob::migrate::cli
