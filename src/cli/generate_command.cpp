// `generate` (the next migration from the project's schema) and `export` (the whole schema's SQL).
#include <fmt/format.h>

#include <iostream>

#include "ob/migrate/cli.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/generate.hpp"
#include "lint_command.hpp"
#include "backends.hpp"
#include "schema_commands.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

namespace {

/// The lint findings of the migrations generate just wrote.
void printWrittenFindings(const std::string& dir, const std::vector<const GenerateResult*>& written, std::ostream& out) {
    std::vector<LintFinding> findings;
    for (const auto& f : lintFolder(dir).findings)
        for (const auto* r : written)
            if (r->written && f.tag == r->tag) findings.push_back(f);
    printLintFindings(findings, out);
}

}  // namespace

const dsl::Definition& ProjectSchema::require(const char* command) {
    if (!factory_)
        throw ConfigError(fmt::format(
            "`{}` needs the project's schema: build a project CLI with "
            "ob::migrate::cli::run(argc, argv, yourSchema) (a schema factory) and run `{}` with it",
            command, command));
    if (!built_) {
        try {
            built_.emplace((*factory_)());
        } catch (const std::exception& e) {
            throw ConfigError(fmt::format("the project's schema cannot be built: {}", e.what()));
        }
    }
    return *built_;
}

SchemaCommands::SchemaCommands(CLI::App& app, ProjectSchema& schema) : schema_(schema) {
    const char* needsSchema = schema.available() ? "" : " (needs a project CLI built with the schema)";
    generate_ = app.add_subcommand("generate", std::string("Write the next migration for the schema") + needsSchema);
    generate_->add_option("--name", flags_.name, "migration name (default: a random adjective_noun)");
    generate_->add_option("--prefix", flags_.prefix, "index (default), timestamp, unix or none")
        ->check(CLI::IsMember({"index", "timestamp", "unix", "none"}));
    generate_->add_option("--format", flags_.format,
                          "folder layout: 0 (Drizzle 0.x journal) or 1 (Drizzle 1.0 folder per migration); default: "
                          "the folder's own, 0 for a new folder")
        ->check(CLI::IsMember({"0", "1"}));
    generate_->add_flag("--custom", flags_.custom, "write an empty migration for hand-written SQL");
    generate_->add_flag("--allow-data-loss", flags_.allowDataLoss,
                        "write changes that drop tables or columns or narrow types");
    generate_->add_flag("--dry-run", flags_.dryRun, "print the SQL, write nothing");
    generate_->add_option("--rename", flags_.renames, "a rename instead of drop + add: old=new or table.old=new")
        ->take_all();
    generate_->add_flag("--online", flags_.online,
                        "PostgreSQL: safe forms for existing tables (CONCURRENTLY in a no-transaction migration of its "
                        "own, NOT VALID + VALIDATE); drizzle-orm cannot run that file");
    generate_->footer(
        "Examples:\n"
        "  my-app-migrate --db-type sqlite --dir drizzle/migrations generate --name add_users\n"
        "  my-app-migrate --db-type postgresql generate --rename users.name=full_name --dry-run\n"
        "  my-app-migrate --db-type postgresql generate --online --name add_email_index\n"
        "What it writes is linted (ob-migrate lint); each finding is printed, the exit code stays 0.");
    export_ = app.add_subcommand("export", std::string("Print the SQL creating the whole schema") + needsSchema);
    export_->footer("Example:\n  my-app-migrate --db-type postgresql export > schema.sql");
}

bool SchemaCommands::selected() const { return generate_->parsed() || export_->parsed(); }

int SchemaCommands::run(const Settings& settings, Output& io) const {
    if (generate_->parsed()) return generateCommand(settings, schema_.require("generate"), flags_, io);
    return exportCommand(settings, schema_.require("export"), io);
}

int generateCommand(const Settings& settings, const dsl::Definition& schema, const GenerateFlags& flags, Output& io) {
    auto renderer = rendererFor(settings.dbType);
    GenerateOptions options;
    options.name = flags.name;
    options.prefix = parsePrefixMode(flags.prefix);
    if (!flags.format.empty()) options.format = parseFolderFormat(flags.format);
    options.custom = flags.custom;
    options.allowDataLoss = flags.allowDataLoss;
    options.dryRun = flags.dryRun;
    options.renames = RenameHints::parse(flags.renames);
    options.online = flags.online;
    GenerateResult result;
    try {
        result = generate(schema, settings.dir, *renderer, options);
    } catch (const DataLossError& e) {
        io.err << programName() << ": error: " << e.what() << '\n';
        return 1;
    }
    if (!result.changed) {
        io.out << result.message << '\n';
        return 0;
    }
    for (const auto& f : result.dataLoss) io.err << "warning: " << f.message << '\n';
    std::vector<const GenerateResult*> all{&result};
    for (const auto& r : result.more) all.push_back(&r);
    if (flags.dryRun) {
        for (const auto* r : all) io.out << "-- " << r->tag << ".sql (dry run, nothing written)\n" << r->sql << '\n';
        return 0;
    }
    for (const auto* r : all) {
        io.out << r->message << '\n';
        for (const auto& op : r->operations) io.out << "  " << op << '\n';
    }
    printWrittenFindings(settings.dir, all, io.out);
    return 0;
}

int exportCommand(const Settings& settings, const dsl::Definition& schema, Output& io) {
    auto renderer = rendererFor(settings.dbType);
    io.out << joinStatements(exportSql(schema, *renderer), false) << '\n';
    return 0;
}

int run(int argc, char** argv, const SchemaFactory& schema) {
    ProjectSchema project(schema);
    return runCli(argc, argv, project);
}

int run(int argc, char** argv, const dsl::Definition& schema) {
    return run(argc, argv, SchemaFactory([&schema] { return schema; }));
}

}  // namespace ob::migrate::cli
