#include "exit_codes.hpp"

#include "ob/migrate/error.hpp"

namespace ob::migrate::cli {

ExitCode exitCodeFor(const std::exception& error) noexcept {
    if (dynamic_cast<const ConfigError*>(&error)) return kExitUsage;
    if (dynamic_cast<const VerificationError*>(&error)) return kExitVerification;
    return kExitError;
}

}  // namespace ob::migrate::cli
