// Private to the PostgreSQL backend: an owned connection, and libpqxx errors as ob::migrate errors.
#pragma once

#include <memory>
#include <pqxx/connection>
#include <pqxx/errorhandler>
#include <string>
#include <string_view>

#include "ob/migrate/postgres/connection_info.hpp"

namespace ob::migrate::postgres::detail {

/// Drops the server's NOTICE/INFO/LOG/DEBUG messages ("schema already exists, skipping") that
/// libpqxx would print to stderr; lets warnings through.
class NoticeFilter final : public pqxx::errorhandler {
public:
    using pqxx::errorhandler::errorhandler;
    bool operator()(const char message[]) noexcept override;
};

/// A connection the backend opened itself.
class Session {
public:
    /// Connects; throws ConnectionError naming host, port and database (never the password).
    explicit Session(const ConnectionInfo& info);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    pqxx::connection& connection() noexcept { return *connection_; }

private:
    std::unique_ptr<pqxx::connection> connection_;
    std::unique_ptr<NoticeFilter> filter_;  // destroyed before the connection
};

/// A libpq keyword value, single-quoted with backslash escapes.
std::string quoteConninfoValue(std::string_view value);

/// The server's message without libpq's "ERROR:  " prefix and trailing white space.
std::string serverMessage(const char* what);

/// Call from a catch block: rethrows the current exception as an ob::migrate::Error
/// (DatabaseError with the SQLSTATE, ConnectionError for a lost connection); the password of
/// `info` is scrubbed from every message.
[[noreturn]] void rethrowTranslated(const ConnectionInfo& info);

}  // namespace ob::migrate::postgres::detail
