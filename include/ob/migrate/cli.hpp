// ob::migrate — the ob-migrate command line as a library, so a project can build its own CLI.
#pragma once

#include <functional>

namespace ob::migrate::dsl {
class Definition;
}

namespace ob::migrate::cli {

/// Builds the project's schema; called only by the commands that need it (`generate`, `export`, `push`).
using SchemaFactory = std::function<dsl::Definition()>;

/// Runs the ob-migrate command line (`migrate`, `status`, ...). Returns the process exit code:
/// 0 success, 1 a database or migration error, 2 bad usage or settings, 3 a verification
/// failure (changed applied migration, out-of-order migration). Help, usage and errors name the
/// program as it was started (the basename of argv[0]).
int run(int argc, char** argv);

/// The same command line for a project with its own schema, plus `generate` (the next migration
/// from the schema: --name, --prefix, --custom, --allow-data-loss, --dry-run, --rename old=new) and
/// `export` (the SQL creating the whole schema):
///   int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, mySchema); }
/// `schema` is called only when a command needs it, so `--help` and every other command work
/// whatever it does; an exception from it is one line on stderr and exit code 2.
int run(int argc, char** argv, const SchemaFactory& schema);

/// The same with a schema already built (a schema error then throws before the CLI can report it:
/// prefer the factory form).
int run(int argc, char** argv, const dsl::Definition& schema);

}  // namespace ob::migrate::cli
