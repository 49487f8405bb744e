#include "studio/security.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cctype>

#include "ob/migrate/error.hpp"
#include "studio/values.hpp"

namespace ob::migrate::cli::studio {

std::string generateToken() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw Error("cannot make an access token: OpenSSL's RAND_bytes failed");
    return toHex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool tokensEqual(std::string_view given, std::string_view expected) noexcept {
    if (given.size() != expected.size() || expected.empty()) return false;
    return CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

std::string hostHeaderFor(const std::string& host, int port) {
    if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
    return host + ":" + std::to_string(port);
}

bool hostMatches(std::string_view header, std::string_view expected) noexcept {
    if (header.size() != expected.size()) return false;
    for (std::size_t i = 0; i < header.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(header[i])) != std::tolower(static_cast<unsigned char>(expected[i])))
            return false;
    return true;
}

std::optional<std::string> cookieValue(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        auto semi = header.find(';');
        auto pair = header.substr(0, semi);
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
    return std::nullopt;
}

bool isLoopback(const std::string& host) noexcept {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace ob::migrate::cli::studio
