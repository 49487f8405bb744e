#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "check_commands.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "lint_command.hpp"
#include "pull_command.hpp"
#include "push_command.hpp"
#include "rebase_command.hpp"
#include "squash_command.hpp"
#include "schema_commands.hpp"
#include "style.hpp"
#include "ob/migrate/cli.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/version.hpp"
#include "studio/command.hpp"

namespace ob::migrate::cli {

namespace {
constexpr const char* kExitCodes =
    "Exit codes: 0 success, 1 database or migration error, 2 bad usage or settings,\n"
    "            3 verification failure (an applied migration changed, an out-of-order migration,\n"
    "              findings of check or test, a schema that is not the expected one).";

/// One line for stderr: the message's lines joined.
std::string oneLine(std::string message) {
    std::string out;
    for (char c : message) {
        if (c == '\n') {
            out += " |";
        } else {
            out += c;
        }
    }
    return out;
}

template <class T>
void optionalOption(CLI::App& app, const char* name, std::optional<T>& target, const char* help) {
    app.add_option_function<T>(name, [&target](const T& v) { target = v; }, help);
}

/// Help and usage in the program's own name: its examples too.
void nameExamples(CLI::App& app) {
    app.footer(withProgramName(app.get_footer()));
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) nameExamples(*sub);
}
}  // namespace

int run(int argc, char** argv) {
    ProjectSchema none;
    return runCli(argc, argv, none);
}

int runCli(int argc, char** argv, ProjectSchema& schema) {
    setProgramName(argc > 0 ? argv[0] : nullptr);
    const std::string& program = programName();
    CLI::App app{program + ": schema migrations for SQLite and PostgreSQL, compatible with Drizzle Kit folders",
                 program};
    app.footer(std::string("Settings come from flags, then DB_TYPE / DATABASE_URL / SQLITE_DB_PATH, then ob-migrate.json,\n"
                           "then the defaults (sqlite, sqlite.db, drizzle/migrations; postgresql: drizzle/pg-migrations).\n") +
               kExitCodes);
    app.set_version_flag("--version", program == "ob-migrate" ? program + " " + version()
                                                               : program + " (ob-migrate " + version() + ")");
    app.require_subcommand(1);

    Flags flags;
    optionalOption(app, "--db-type", flags.dbType, "sqlite or postgresql (env DB_TYPE)");
    optionalOption(app, "--url", flags.url,
                   "SQLite file path or PostgreSQL URL (env SQLITE_DB_PATH / DATABASE_URL)");
    optionalOption(app, "--dir", flags.dir, "migrations folder (holds meta/_journal.json)");
    optionalOption(app, "--table", flags.table, "tracking table (default __drizzle_migrations)");
    optionalOption(app, "--config", flags.config, "settings file (default ./ob-migrate.json when present)");
    optionalOption(app, "--lock-timeout", flags.lockTimeoutMs, "ms to wait for the migration lock (default 60000)");
    optionalOption(app, "--connect-timeout", flags.connectTimeoutSeconds,
                   "PostgreSQL: seconds to wait for the server to answer a connection (default 10, 0: forever)");
    app.fallthrough();

    MigrateFlags migrateFlags;
    auto* migrate = app.add_subcommand("migrate", "Apply every pending migration, each in its own transaction");
    migrate->add_flag("--all-in-one", migrateFlags.allInOne, "run all pending migrations in one transaction");
    migrate->add_flag("--allow-out-of-order", migrateFlags.allowOutOfOrder,
                      "apply a pending migration older than the newest applied one");
    migrate->add_flag("--warn-on-checksum", migrateFlags.warnOnChecksum,
                      "only warn when an applied migration's file changed");
    migrate->add_flag("--dry-run", migrateFlags.dryRun, "print the SQL that would run, run nothing");
    migrate->add_flag("--json", migrateFlags.json,
                      "with --dry-run: print {\"database\", \"migrations\":[{tag, file, transactional, statements}]}");
    migrate->add_option("--to", migrateFlags.to,
                        "bring the database to exactly this migration (its tag, or a unique prefix such as 0002): "
                        "roll back newer ones (<tag>.down.sql), apply older pending ones");
    auto* backupFlag = migrate->add_flag(
        "--backup", migrateFlags.backup,
        "back the database up first when anything is pending (SQLite: <file>.bak-<UTC time>; "
        "PostgreSQL: pg_dump -Fc into <database>.bak-<UTC time>.dump)");
    migrate->add_option("--keep", migrateFlags.keep, "backups to keep with --backup, at least 1 (default 5)")
        ->needs(backupFlag);
    migrate->add_option("--ddl-lock-timeout", migrateFlags.ddlLockTimeoutMs,
                        "PostgreSQL: longest wait of a migration's statement for a lock, in ms, before the "
                        "migration is rolled back and retried (default 2000; 0: wait as long as it takes)");
    migrate->add_option("--ddl-retries", migrateFlags.ddlRetries,
                        "PostgreSQL: attempts in all for a migration that gave up waiting for a lock (default 10; "
                        "0 or 1: no retry)");
    migrate->add_option("--statement-timeout", migrateFlags.statementTimeoutMs,
                        "PostgreSQL: longest run of one statement of a migration, in ms (default 0: no limit)");
    migrate->add_option("--backup-dir", migrateFlags.backupDir,
                        "where --backup writes (default: SQLite: next to the file; PostgreSQL: the current directory)")
        ->needs(backupFlag);
    migrate->footer(
        "Examples:\n"
        "  ob-migrate migrate --db-type sqlite --url app.db --dir drizzle/migrations\n"
        "  ob-migrate migrate --url app.db --backup --keep 3\n"
        "  ob-migrate --db-type postgresql --url postgresql://app@localhost/app migrate --backup --backup-dir backups\n"
        "  ob-migrate migrate --url app.db --to 0002_brave_hulk\n"
        "  ob-migrate migrate --url app.db --dry-run --json\n"
        "  DATABASE_URL=postgresql://app@localhost/app ob-migrate --db-type postgresql migrate --dry-run");

    bool json = false;
    auto* status = app.add_subcommand("status", "List every migration: applied, pending, changed or missing");
    status->add_flag("--json", json, "print {\"migrations\":[{tag, when, hash, state}]}");
    status->footer("Examples:\n  ob-migrate status --url app.db\n  ob-migrate status --json");

    std::string acceptTag;
    bool acceptDryRun = false;
    auto* accept = app.add_subcommand("accept-checksum",
                                      "Record the current hash of an applied migration whose file was edited on purpose");
    accept->add_option("tag", acceptTag, "the migration's tag, e.g. 0003_brave_hulk")->required();
    accept->add_flag("--dry-run", acceptDryRun, "say what would be recorded, change nothing");
    accept->footer("Example:\n  ob-migrate accept-checksum --url app.db 0003_brave_hulk");

    std::string restorePath;
    bool restoreDryRun = false;
    auto* restore = app.add_subcommand("restore", "Put a backup made by migrate --backup back into the database");
    restore->add_option("backup", restorePath,
                        "the backup file, e.g. app.db.bak-20261124T170000123Z or app.bak-20261124T170000123Z.dump")
        ->required();
    restore->add_flag("--dry-run", restoreDryRun, "say what would be restored, change nothing");
    restore->footer("Example:\n  ob-migrate restore --url app.db app.db.bak-20261124T170000123Z");

    std::string markTag;
    bool markForce = false, markDryRun = false;
    auto* mark = app.add_subcommand("mark-applied",
                                    "Record migrations up to --to as applied without running them (adopt a database)");
    mark->alias("baseline");
    mark->add_option("--to", markTag, "the last migration the database already has")->required();
    mark->add_flag("--force", markForce, "record without comparing the live schema with that migration's snapshot");
    mark->add_flag("--dry-run", markDryRun, "list what would be recorded, change nothing");
    mark->footer("Without --force the live schema must equal the snapshot of --to (each difference is listed, exit 3).\n"
                 "Examples:\n  ob-migrate baseline --url legacy.db --to 0004_wild_storm\n"
                 "  ob-migrate mark-applied --url legacy.db --to 0004_wild_storm --force");

    auto* up = app.add_subcommand("up", "Convert a Drizzle 0.x folder (meta/_journal.json) to the Drizzle 1.0 layout, as "
                                        "drizzle-kit 1.0's up does");
    bool dropDryRun = false;
    auto* drop = app.add_subcommand("drop", "Remove the newest migration (.sql, snapshot, journal entry) from the folder");
    drop->add_flag("--dry-run", dropDryRun, "list what would be removed, change nothing");
    drop->footer("Refuses when the database (--url) has that migration applied.\nExample:\n  ob-migrate drop --url app.db");
    CheckCommands checkCommands(app);
    LintCommand lintCommand(app);
    PullCommand pullCommand(app);
    PushCommand pushCommand(app, schema);
    SquashCommand squashCommand(app);
    RebaseCommand rebaseCommand(app);

    SchemaCommands schemaCommands(app, schema);

    studio::StudioCommand studio(app);
    nameExamples(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kExitOk : kExitUsage;
    }

    Output io{std::cout, std::cerr};
    try {
        Settings settings = resolveSettings(flags, [](const char* name) -> const char* { return std::getenv(name); });
        if (*migrate) return migrateCommand(settings, migrateFlags, io);
        if (*status) return statusCommand(settings, json, io);
        if (*accept) return acceptChecksumCommand(settings, acceptTag, acceptDryRun, io);
        if (*restore) return restoreCommand(settings, restorePath, restoreDryRun, io);
        if (*mark) return markAppliedCommand(settings, markTag, markForce, markDryRun, io);
        if (*drop) return dropCommand(settings, dropDryRun, io);
        if (*up) return upCommand(settings, io);
        if (studio) return studio.run(settings, io);
        if (checkCommands.selected()) return checkCommands.run(settings, io);
        if (lintCommand.selected()) return lintCommand.run(settings, io);
        if (pullCommand.selected()) return pullCommand.run(settings, io);
        if (pushCommand.selected()) return pushCommand.run(settings, io);
        if (squashCommand.selected()) return squashCommand.run(settings, io);
        if (rebaseCommand.selected()) return rebaseCommand.run(settings, io);
        if (schemaCommands.selected()) return schemaCommands.run(settings, io);
    } catch (const std::exception& e) {
        std::cerr << program << ": error: " << oneLine(e.what()) << '\n';
        return exitCodeFor(e);
    }
    return kExitUsage;
}

}  // namespace ob::migrate::cli
