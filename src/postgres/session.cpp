#include "session.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <pqxx/except>

#include "ob/migrate/error.hpp"

namespace ob::migrate::postgres::detail {

namespace {
bool startsWith(const char* s, const char* prefix) { return std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}
}  // namespace

bool NoticeFilter::operator()(const char message[]) noexcept {
    const bool chatter = startsWith(message, "NOTICE:") || startsWith(message, "INFO:") ||
                         startsWith(message, "LOG:") || startsWith(message, "DEBUG:");
    return !chatter;  // false: not passed on to libpqxx's default handler (stderr)
}

Session::Session(const ConnectionInfo& info) {
    try {
        connection_ = std::make_unique<pqxx::connection>(info.conninfo);
    } catch (const std::exception& e) {
        const bool nameUser = !info.user.empty() && info.user != info.password;
        throw ConnectionError(
            fmt::format("cannot connect to PostgreSQL at host {}, port {}, database {}{}: {}", info.host, info.port,
                        info.database, nameUser ? fmt::format(", user {}", info.user) : std::string(),
                        info.scrub(trimmed(e.what()))),
            "08001");
    }
    filter_ = std::make_unique<NoticeFilter>(*connection_);
}

Session::~Session() {
    filter_.reset();
    connection_.reset();
}

std::string serverMessage(const char* what) {
    std::string message = trimmed(what ? what : "");
    for (const char* prefix : {"ERROR:  ", "FATAL:  ", "PANIC:  "})
        if (message.rfind(prefix, 0) == 0) return message.substr(std::strlen(prefix));
    return message;
}

void rethrowTranslated(const ConnectionInfo& info) {
    try {
        throw;
    } catch (const ob::migrate::Error&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        throw DatabaseError(info.scrub(serverMessage(e.what())), e.sqlstate());
    } catch (const pqxx::broken_connection& e) {
        throw ConnectionError(
            fmt::format("lost the connection to {}: {}", info.describe(), info.scrub(trimmed(e.what()))), "08006");
    } catch (const pqxx::in_doubt_error& e) {
        throw ConnectionError(fmt::format("lost the connection to {} while committing; the outcome is unknown: {}",
                                          info.describe(), info.scrub(trimmed(e.what()))),
                              "08007");
    } catch (const pqxx::failure& e) {
        throw DatabaseError(fmt::format("{}: {}", info.describe(), info.scrub(trimmed(e.what()))));
    } catch (const pqxx::usage_error& e) {
        throw Error(fmt::format("{}: libpqxx usage error: {}", info.describe(), info.scrub(trimmed(e.what()))));
    } catch (const pqxx::conversion_error& e) {
        throw DatabaseError(fmt::format("{}: unexpected value: {}", info.describe(), trimmed(e.what())));
    }
}

}  // namespace ob::migrate::postgres::detail
