// The studio's guards: a random access token every request carries, and the Host header every
// request must name (so a web page that rebinds a DNS name to 127.0.0.1 gets nothing).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ob::migrate::cli::studio {

/// 32 bytes from OpenSSL's CSPRNG as 64 hex digits. Throws Error when the CSPRNG fails.
std::string generateToken();

/// Compares in time independent of where the strings differ.
bool tokensEqual(std::string_view given, std::string_view expected) noexcept;

/// What a browser sends as Host for `host`:`port` ("127.0.0.1:4983", "[::1]:4983").
std::string hostHeaderFor(const std::string& host, int port);

/// True when `header` names exactly `expected` (host names compare case-insensitively).
bool hostMatches(std::string_view header, std::string_view expected) noexcept;

/// The value of cookie `name` in a Cookie header, or nullopt.
std::optional<std::string> cookieValue(std::string_view cookieHeader, std::string_view name);

/// True for an address the studio may listen on without exposing the database to a network
/// (127.0.0.0/8, ::1, localhost).
bool isLoopback(const std::string& host) noexcept;

}  // namespace ob::migrate::cli::studio
