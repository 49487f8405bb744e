// Hashing migration files the way Drizzle does: SHA-256 of the bytes, and of the text Node.js
// decodes from a file that is not valid UTF-8.
#include "core/hashing.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "ob/migrate/error.hpp"

namespace ob::migrate {

std::string sha256Hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw Error("SHA-256 failed (OpenSSL EVP_Digest)");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(kHex[digest[i] >> 4]);
        hex.push_back(kHex[digest[i] & 0xF]);
    }
    return hex;
}

namespace {
/// A UTF-8 lead byte (WHATWG rules: no overlongs, no surrogates, nothing above U+10FFFF): how many
/// continuation bytes follow, and the range the first of them must be in. False: not a lead byte.
bool utf8Lead(unsigned c, int& need, unsigned& lower, unsigned& upper) {
    lower = 0x80;
    upper = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lower = 0xA0;
        if (c == 0xED) upper = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lower = 0x90;
        if (c == 0xF4) upper = 0x8F;
    } else {
        return false;
    }
    return true;
}
}  // namespace

std::string decodeUtf8Lossy(std::string_view bytes, bool& valid) {
    static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(bytes.size());
    valid = true;
    std::size_t i = 0;
    const std::size_t n = bytes.size();
    while (i < n) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        int need = 0;
        unsigned lower = 0, upper = 0;
        if (!utf8Lead(c, need, lower, upper)) {
            out += kReplacement;
            valid = false;
            ++i;
            continue;
        }
        std::size_t j = i + 1;
        int got = 0;
        while (got < need && j < n) {
            const auto d = static_cast<unsigned char>(bytes[j]);
            if (d < (got == 0 ? lower : 0x80u) || d > (got == 0 ? upper : 0xBFu)) break;
            ++j;
            ++got;
        }
        if (got == need) {
            out.append(bytes.substr(i, j - i));
        } else {
            out += kReplacement;  // the byte that broke the sequence is read again
            valid = false;
        }
        i = j;
    }
    return out;
}

bool isValidUtf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII runs, eight bytes at a time.
        for (std::uint64_t word; i + 8 <= n; i += 8) {
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ull) break;
        }
        if (i >= n) break;
        const unsigned c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int need = 0;
        unsigned lower = 0, upper = 0;
        if (!utf8Lead(c, need, lower, upper)) return false;
        if (n - i <= static_cast<std::size_t>(need)) return false;
        if (p[i + 1] < lower || p[i + 1] > upper) return false;
        for (int k = 2; k <= need; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
        i += static_cast<std::size_t>(need) + 1;
    }
    return true;
}


}  // namespace ob::migrate
