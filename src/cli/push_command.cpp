// ob-migrate push: plan, refuse data loss, print or run the SQL; never a prompt.
#include "push_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "backends.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/push.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

PushCommand::PushCommand(CLI::App& app, ProjectSchema& schema) : schema_(schema) {
    const char* needsSchema = schema.available() ? "" : " (needs a project CLI built with the schema)";
    push_ = app.add_subcommand("push", std::string("Apply the schema to the database directly, without migration files") +
                                           needsSchema);
    push_->add_flag("--dry-run", flags_.dryRun, "print the plan and its SQL, run nothing");
    push_->add_flag("--allow-data-loss", flags_.allowDataLoss, "run changes that drop tables or columns or narrow types");
    push_->add_option("--rename", flags_.renames, "a rename instead of drop + add: old=new or table.old=new")->take_all();
    push_->footer(
        "For a development database: the live schema is compared with the project's schema (renames from\n"
        "renamedFrom and --rename, never a question) and the SQL `generate` would write runs in one\n"
        "transaction, under the migration lock. Nothing is recorded in the tracking table: a database\n"
        "that migrations manage is brought up to date with `migrate`, not `push`.\n"
        "Examples:\n"
        "  my-app-migrate --url dev.db push --dry-run\n"
        "  my-app-migrate --db-type postgresql --url postgresql://dev@localhost/dev push --rename users.name=full_name\n"
        "Exit codes: 0 pushed or nothing to push, 1 refused (data loss) or a database error, 2 bad usage or\n"
        "            settings, 3 the database still differs from the schema afterwards (listed).");
}

bool PushCommand::selected() const { return push_->parsed(); }

int PushCommand::run(const Settings& settings, Output& io) const {
    return pushCommand(settings, schema_.require("push"), flags_, io);
}

int pushCommand(const Settings& settings, const dsl::Definition& schema, const PushFlags& flags, Output& io) {
    auto renderer = rendererFor(settings.dbType);
    auto driver = openDialect(settings, flags.dryRun ? Access::Existing : Access::MayCreate);
    PushOptions options;
    options.renames = RenameHints::parse(flags.renames);
    options.lockTimeout = settings.lockTimeout;
    options.dryRun = true;
    options.allowDataLoss = true;  // the plan first, whatever it holds
    const PushResult plan = push(*driver, schema, *renderer, options);
    if (plan.empty()) {
        fmt::print(io.out, "{} already has the schema: nothing to push\n", driver->describe());
        return 0;
    }
    fmt::print(io.out, "plan for {} ({} change{}):\n", driver->describe(), plan.operations.size(),
               plan.operations.size() == 1 ? "" : "s");
    for (const auto& op : plan.operations) fmt::print(io.out, "  {}\n", op);
    const Style style(io.err);
    if (!plan.dataLoss.empty() && !flags.allowDataLoss) {
        io.err << programName() << ": error: " << DataLossError(plan.dataLoss, "push", "--allow-data-loss").what()
               << "\nnothing was run\n";
        return 1;
    }
    for (const auto& f : plan.dataLoss) fmt::print(io.err, "{} {}\n", style.yellow("warning:"), f.message);
    if (flags.dryRun) {
        fmt::print(io.out, "-- SQL (dry run, nothing run)\n");
        for (const auto& s : plan.statements) fmt::print(io.out, "{}\n", s);
        return 0;
    }
    options.dryRun = false;
    options.allowDataLoss = flags.allowDataLoss;
    const PushResult done = push(*driver, schema, *renderer, options);
    fmt::print(io.out, "pushed {} change{} to {} ({} statement{})\n", done.operations.size(),
               done.operations.size() == 1 ? "" : "s", driver->describe(), done.statements.size(),
               done.statements.size() == 1 ? "" : "s");
    if (done.remaining.empty()) return 0;
    for (const auto& r : done.remaining) fmt::print(io.err, "{} {}\n", style.red("still differs:"), r);
    fmt::print(io.err, "{}: {} still differs from the schema after the push ({} change{})\n", programName(),
               driver->describe(), done.remaining.size(), done.remaining.size() == 1 ? "" : "s");
    return 3;
}

}  // namespace ob::migrate::cli
