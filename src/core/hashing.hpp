// Internal: the hashes of a migration file (core, the backends' testing helpers, the tests).
#pragma once

#include <string>
#include <string_view>

namespace ob::migrate {

/// Lowercase hex SHA-256 (OpenSSL libcrypto).
std::string sha256Hex(std::string_view bytes);

/// `bytes` decoded as UTF-8 the way Node.js does (WHATWG: each maximal invalid subpart becomes
/// U+FFFD) and encoded again. `valid` tells whether nothing had to be replaced.
std::string decodeUtf8Lossy(std::string_view bytes, bool& valid);

/// True when `bytes` is well-formed UTF-8 by the rules decodeUtf8Lossy applies (no overlongs, no
/// surrogates, nothing above U+10FFFF). Allocates nothing: every file is checked on every load.
bool isValidUtf8(std::string_view bytes);

}  // namespace ob::migrate
