#include "ob/migrate/postgres/connection_info.hpp"
#include "session.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

#include "ob/migrate/error.hpp"

namespace ob::migrate::postgres {

namespace {

using OptionsPtr = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool isUri(std::string_view s) { return startsWith(s, "postgresql://") || startsWith(s, "postgres://"); }

/// A URI's user info: from after "://" to the last '@' (a password may hold an unescaped '@', '/',
/// '?' or '#', which libpq would read as the end of it: such a URI is refused, see uriProblem).
struct UserInfo {
    std::size_t begin = 0, end = 0;  ///< [begin, end); begin == end when there is none
    std::size_t hostEnd = 0;         ///< where libpq's authority ends: the first '/', '?' or '#'
};

UserInfo userInfoOf(std::string_view text) {
    UserInfo u;
    const auto scheme = text.find("://");
    if (scheme == std::string_view::npos) return u;
    u.begin = u.end = scheme + 3;
    u.hostEnd = std::min(text.find_first_of("/?#", u.begin), text.size());
    if (const auto at = text.rfind('@'); at != std::string_view::npos && at >= u.begin) u.end = at;
    return u;
}

bool isHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

/// Why libpq would not read the URI's user name and password as written ("" when it would).
std::string uriProblem(std::string_view text) {
    const UserInfo u = userInfoOf(text);
    const std::string_view info = text.substr(u.begin, u.end - u.begin);
    if (info.find_first_of("@/?# \t\n\r") != std::string_view::npos || u.end > u.hostEnd)
        return "the user name or password holds an unescaped '@', '/', '?', '#' or white space; percent-encode it "
               "(%40, %2F, %3F, %23, %20)";
    for (std::size_t i = info.find('%'); i != std::string_view::npos; i = info.find('%', i + 1))
        if (i + 2 >= info.size() || !isHex(info[i + 1]) || !isHex(info[i + 2]) || info.substr(i + 1, 2) == "00")
            return "a '%' in the user name or password must start a percent-encoded byte (%25 for '%' itself)";
    return {};
}

/// `ranges` sorted, overlapping ones joined.
std::vector<std::pair<std::size_t, std::size_t>> merged(std::vector<std::pair<std::size_t, std::size_t>> ranges) {
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (const auto& r : ranges) {
        if (!out.empty() && r.first <= out.back().second) out.back().second = std::max(out.back().second, r.second);
        else out.push_back(r);
    }
    return out;
}

/// Where the password sits in `text` (a URI's user info, a `password` URI parameter or keyword),
/// as [begin, end) ranges; best effort, also for malformed text, and rather too much than too little.
std::vector<std::pair<std::size_t, std::size_t>> passwordRanges(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (text.find("://") != std::string_view::npos) {
        const UserInfo u = userInfoOf(text);
        if (u.end > u.begin) {
            const auto colon = text.substr(u.begin, u.end - u.begin).find(':');
            if (!uriProblem(text).empty()) out.emplace_back(u.begin, u.end);  // what is the user name is unclear
            else if (colon != std::string_view::npos) out.emplace_back(u.begin + colon + 1, u.end);
        }
        // A password parameter's value may hold '&' itself: everything after "password=" is hidden.
        for (std::size_t q = text.find('?', u.begin); q != std::string_view::npos; q = text.find('&', q + 1)) {
            if (text.substr(q + 1, 9) == "password=") {
                out.emplace_back(q + 10, text.size());
                break;
            }
        }
        return merged(std::move(out));
    }
    auto space = [&](std::size_t i) { return std::isspace(static_cast<unsigned char>(text[i])) != 0; };
    for (std::size_t k = text.find("password"); k != std::string_view::npos; k = text.find("password", k + 1)) {
        if (k > 0 && !space(k - 1)) continue;
        std::size_t i = k + 8;
        while (i < text.size() && space(i)) ++i;
        if (i >= text.size() || text[i] != '=') continue;
        ++i;
        while (i < text.size() && space(i)) ++i;
        std::size_t begin = i;
        if (i < text.size() && text[i] == '\'') {
            for (++i; i < text.size() && text[i] != '\''; ++i)
                if (text[i] == '\\') ++i;
            i = std::min(i + 1, text.size());
        } else {
            // An unquoted password ends at white space; words after it that are no keyword=value
            // (a password with spaces, not quoted) are taken as part of it.
            for (;;) {
                while (i < text.size() && !space(i)) ++i;
                std::size_t next = i;
                while (next < text.size() && space(next)) ++next;
                std::size_t wordEnd = next;
                while (wordEnd < text.size() && !space(wordEnd)) ++wordEnd;
                if (next >= text.size() || text.substr(next, wordEnd - next).find('=') != std::string_view::npos) break;
                i = wordEnd;
            }
        }
        if (i > begin) out.emplace_back(begin, i);
    }
    return merged(std::move(out));
}

std::string replaceAll(std::string text, std::string_view what, std::string_view with) {
    if (what.empty()) return text;
    for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + with.size()))
        text.replace(pos, what.size(), with);
    return text;
}

/// `message` without any piece of the passwords in `text`: each range, and each of its words
/// (libpq quotes the word it stumbled on: a keyword, a URI parameter).
std::string withoutPasswords(std::string message, std::string_view text) {
    for (auto [begin, end] : passwordRanges(text)) {
        const std::string_view secret = text.substr(begin, end - begin);
        message = replaceAll(std::move(message), secret, "***");
        auto separator = [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '&' || c == '='; };
        std::size_t i = 0;
        while (i < secret.size()) {
            while (i < secret.size() && separator(secret[i])) ++i;
            std::size_t j = i;
            while (j < secret.size() && !separator(secret[j])) ++j;
            if (j > i) {
                const std::string_view word = secret.substr(i, j - i);
                message = replaceAll(std::move(message), "\"" + std::string(word) + "\"", "\"***\"");
                if (word.size() >= 3) message = replaceAll(std::move(message), word, "***");
            }
            i = j;
        }
    }
    return message;
}

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

const char* valueOf(const PQconninfoOption* options, std::string_view keyword) {
    if (!options) return nullptr;
    for (const PQconninfoOption* o = options; o->keyword; ++o)
        if (keyword == o->keyword) return o->val && *o->val ? o->val : nullptr;
    return nullptr;
}

void checkPorts(std::string_view ports, std::string_view shown) {
    std::size_t start = 0;
    while (start <= ports.size()) {
        std::size_t end = ports.find(',', start);
        if (end == std::string_view::npos) end = ports.size();
        std::string_view port = ports.substr(start, end - start);
        bool ok = port.empty() || port.size() <= 5;
        long number = 0;
        for (char c : port) {
            ok = ok && std::isdigit(static_cast<unsigned char>(c));
            if (ok) number = number * 10 + (c - '0');
        }
        if (!ok || (!port.empty() && (number < 1 || number > 65535)))
            throw ConfigError(fmt::format("malformed PostgreSQL URL \"{}\": invalid port \"{}\"", shown, port));
        start = end + 1;
    }
}

ConnectionInfo parse(std::string_view text, std::chrono::milliseconds connectTimeout) {
    const std::string shown = redactUrl(text);
    if (text.find("://") != std::string_view::npos && !isUri(text))
        throw ConfigError(
            fmt::format("malformed PostgreSQL URL \"{}\": expected postgresql://, postgres:// or "
                        "a libpq keyword string (host=... dbname=...)",
                        shown));
    if (isUri(text))
        if (const std::string problem = uriProblem(text); !problem.empty())
            throw ConfigError(fmt::format("malformed PostgreSQL URL \"{}\": {}", shown, problem));
    char* error = nullptr;
    OptionsPtr parsed(PQconninfoParse(std::string(text).c_str(), &error), &PQconninfoFree);
    if (!parsed) {
        std::string message = error ? trimmed(error) : std::string("out of memory");
        if (error) PQfreemem(error);
        message = withoutPasswords(std::move(message), text);
        throw ConfigError(fmt::format("malformed PostgreSQL URL \"{}\": {}", shown, message));
    }
    if (const char* port = valueOf(parsed.get(), "port")) checkPorts(port, shown);

    ConnectionInfo info;
    bool hasTimeout = false, hasAppName = false;
    for (const PQconninfoOption* o = parsed.get(); o->keyword; ++o) {
        if (!o->val) continue;
        const std::string_view keyword = o->keyword;
        hasTimeout = hasTimeout || keyword == "connect_timeout";
        hasAppName = hasAppName || keyword == "application_name" || keyword == "fallback_application_name";
        if (!info.conninfo.empty()) info.conninfo += ' ';
        info.conninfo += fmt::format("{}={}", keyword, detail::quoteConninfoValue(o->val));
    }
    const auto seconds = (connectTimeout.count() + 999) / 1000;
    if (!hasTimeout && seconds > 0) info.conninfo += fmt::format(" connect_timeout={}", seconds);
    if (!hasAppName) info.conninfo += " fallback_application_name=ob-migrate";

    // What libpq will use for what was not given: PG* environment variables, compiled defaults.
    OptionsPtr defaults(PQconndefaults(), &PQconninfoFree);
    auto pick = [&](std::string_view keyword) -> std::string {
        if (const char* v = valueOf(parsed.get(), keyword)) return v;
        if (const char* v = valueOf(defaults.get(), keyword)) return v;
        return {};
    };
    info.host = pick("host");
    if (info.host.empty()) info.host = pick("hostaddr");
    if (info.host.empty()) info.host = "local socket";
    info.port = pick("port");
    if (info.port.empty()) info.port = "5432";
    info.user = pick("user");
    info.database = pick("dbname");
    if (info.database.empty()) info.database = info.user;
    if (const char* password = valueOf(parsed.get(), "password")) info.password = password;
    info.conninfo = trimmed(info.conninfo);
    while (!info.conninfo.empty() && info.conninfo.front() == ' ') info.conninfo.erase(0, 1);
    return info;
}

}  // namespace

std::string ConnectionInfo::describe() const { return fmt::format("postgresql://{}:{}/{}", host, port, database); }

std::string ConnectionInfo::scrub(std::string text) const { return replaceAll(std::move(text), password, "***"); }

ConnectionInfo parseConnectionUrl(std::string_view url, std::chrono::milliseconds connectTimeout) {
    return parse(url.empty() ? kDefaultConnection : url, connectTimeout);
}

ConnectionInfo parseLibpqConnectionString(std::string_view conninfo, std::chrono::milliseconds connectTimeout) {
    return parse(conninfo, connectTimeout);
}

std::string redactUrl(std::string_view url) {
    std::string out;
    std::size_t last = 0;
    for (auto [begin, end] : passwordRanges(url)) {
        out.append(url.substr(last, begin - last));
        out += "***";
        last = end;
    }
    out.append(url.substr(last));
    return out;
}

namespace detail {

std::string quoteConninfoValue(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

}  // namespace detail

}  // namespace ob::migrate::postgres
