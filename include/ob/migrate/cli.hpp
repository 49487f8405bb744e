// ob::migrate — the ob-migrate command line as a library, so a project can build its own CLI.
#pragma once

namespace ob::migrate::cli {

/// Runs the ob-migrate command line (`migrate`, `status`, ...). Returns the process exit code:
/// 0 success, 1 a database or migration error, 2 bad usage or settings, 3 a verification
/// failure (changed applied migration, out-of-order migration).
int run(int argc, char** argv);

}  // namespace ob::migrate::cli
