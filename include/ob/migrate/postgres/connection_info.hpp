// ob::migrate — where a PostgreSQL connection goes: parsed from a URL or a libpq keyword string.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace ob::migrate::postgres {

/// The target of a connection. `host`, `port`, `database` and `user` are what libpq will use
/// (given, else libpq's defaults and PG* environment variables), for messages; `conninfo` is the
/// libpq keyword string to connect with and is the only member that may hold the password.
struct ConnectionInfo {
    std::string host;  ///< host name(s), socket directory or "local socket"
    std::string port;
    std::string database;
    std::string user;
    std::string password;  ///< empty when none was given; never put it in a message
    std::string conninfo;  ///< keyword=value string for libpq (password included)

    /// "postgresql://user@host:port/database" — never the password.
    std::string describe() const;
    /// Replaces every occurrence of the password (raw and percent-encoded) in `text` by "***".
    std::string scrub(std::string text) const;
};

/// What an empty URL means: the Open Badges API defaults.
inline constexpr std::string_view kDefaultConnection =
    "host=localhost port=5432 user=postgres password=postgres dbname=openbadges";

/// Parses `postgresql://user:pass@host:port/db?param=value`, `postgres://...` or a libpq keyword
/// string (`host=... dbname=...`); an empty `url` means kDefaultConnection. Adds
/// `connect_timeout` (whole seconds, rounded up; a value in the URL wins) and
/// `fallback_application_name=ob-migrate`. Throws ConfigError (password masked) when malformed.
ConnectionInfo parseConnectionUrl(std::string_view url, std::chrono::milliseconds connectTimeout);

/// Like parseConnectionUrl, but an empty string keeps libpq's own defaults (environment
/// variables, local socket): used for a caller's connection string.
ConnectionInfo parseLibpqConnectionString(std::string_view conninfo, std::chrono::milliseconds connectTimeout);

/// `url` with the password of a URL's user info or a `password=` parameter replaced by "***".
std::string redactUrl(std::string_view url);

}  // namespace ob::migrate::postgres
