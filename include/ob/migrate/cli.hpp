// ob::migrate — the ob-migrate command line as a library, so a project can build its own CLI.
#pragma once

namespace ob::migrate::dsl {
class Definition;
}

namespace ob::migrate::cli {

/// Runs the ob-migrate command line (`migrate`, `status`, ...). Returns the process exit code:
/// 0 success, 1 a database or migration error, 2 bad usage or settings, 3 a verification
/// failure (changed applied migration, out-of-order migration).
int run(int argc, char** argv);

/// The same command line for a project with its own schema, plus `generate` (the next migration
/// from `schema`: --name, --prefix, --custom, --allow-data-loss, --dry-run, --rename old=new) and
/// `export` (the SQL creating the whole schema):
///   int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, mySchema()); }
int run(int argc, char** argv, const dsl::Definition& schema);

}  // namespace ob::migrate::cli
