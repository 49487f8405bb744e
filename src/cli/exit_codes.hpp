// The exit codes of ob-migrate, and the one place the error hierarchy maps to them.
#pragma once

#include <exception>

namespace ob::migrate::cli {

enum ExitCode : int {
    kExitOk = 0,
    kExitError = 1,         ///< a database or migration error
    kExitUsage = 2,         ///< bad usage or settings (ConfigError)
    kExitVerification = 3,  ///< a verification failure (VerificationError; findings of check, test, lint)
};

/// ConfigError: kExitUsage; VerificationError (ChecksumMismatch, OutOfOrder, ...): kExitVerification;
/// anything else: kExitError.
ExitCode exitCodeFor(const std::exception& error) noexcept;

}  // namespace ob::migrate::cli
