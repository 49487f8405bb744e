// Where the CLI's settings come from: flags, then environment, then ob-migrate.json, then defaults.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace ob::migrate::cli {

/// What the user gave on the command line (unset = not given).
struct Flags {
    std::optional<std::string> dbType, url, dir, table, config;
    std::optional<long> lockTimeoutMs;
    std::optional<long> connectTimeoutSeconds;
};

struct Settings {
    std::string dbType;  ///< "sqlite" or "postgresql"
    std::string url;     ///< SQLite path or PostgreSQL URL / keyword string
    std::string dir;     ///< migrations folder
    std::string table;   ///< tracking table; empty = the dialect's default
    std::chrono::milliseconds lockTimeout{std::chrono::seconds(60)};
    /// PostgreSQL connect timeout; unset = the dialect's default.
    std::optional<std::chrono::milliseconds> connectTimeout;
};

/// Resolves settings; `getenv` is injectable for tests. Throws ConfigError.
Settings resolveSettings(const Flags& flags, const char* (*getenv)(const char*));

}  // namespace ob::migrate::cli
