#include "ob/migrate/postgres/connection_info.hpp"
#include "session.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cctype>
#include <memory>
#include <vector>

#include "ob/migrate/error.hpp"

namespace ob::migrate::postgres {

namespace {

using OptionsPtr = std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)>;

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool isUri(std::string_view s) { return startsWith(s, "postgresql://") || startsWith(s, "postgres://"); }

/// Where the password sits in `text` (a URI's user info, a `password` URI parameter or keyword),
/// as [begin, end) ranges; best effort, also for malformed text.
std::vector<std::pair<std::size_t, std::size_t>> passwordRanges(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (auto scheme = text.find("://"); scheme != std::string_view::npos) {
        const std::size_t start = scheme + 3;
        std::size_t end = text.find_first_of("/?", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view authority = text.substr(start, end - start);
        if (auto at = authority.rfind('@'); at != std::string_view::npos) {
            if (auto colon = authority.substr(0, at).find(':'); colon != std::string_view::npos)
                out.emplace_back(start + colon + 1, start + at);
        }
        for (std::size_t q = text.find('?', start); q != std::string_view::npos; q = text.find('&', q + 1)) {
            if (text.substr(q + 1, 9) == "password=") {
                std::size_t valueEnd = text.find('&', q + 10);
                out.emplace_back(q + 10, valueEnd == std::string_view::npos ? text.size() : valueEnd);
            }
        }
        return out;
    }
    for (std::size_t k = text.find("password"); k != std::string_view::npos; k = text.find("password", k + 1)) {
        if (k > 0 && !std::isspace(static_cast<unsigned char>(text[k - 1]))) continue;
        std::size_t i = k + 8;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i >= text.size() || text[i] != '=') continue;
        ++i;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t begin = i;
        if (i < text.size() && text[i] == '\'') {
            for (++i; i < text.size() && text[i] != '\''; ++i)
                if (text[i] == '\\') ++i;
            i = std::min(i + 1, text.size());
        } else {
            while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        }
        if (i > begin) out.emplace_back(begin, i);
    }
    return out;
}

std::string replaceAll(std::string text, std::string_view what, std::string_view with) {
    if (what.empty()) return text;
    for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + with.size()))
        text.replace(pos, what.size(), with);
    return text;
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
    char* error = nullptr;
    OptionsPtr parsed(PQconninfoParse(std::string(text).c_str(), &error), &PQconninfoFree);
    if (!parsed) {
        std::string message = error ? trimmed(error) : std::string("out of memory");
        if (error) PQfreemem(error);
        for (auto [begin, end] : passwordRanges(text))
            message = replaceAll(std::move(message), text.substr(begin, end - begin), "***");
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
