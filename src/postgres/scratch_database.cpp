#include "ob/migrate/postgres/scratch_database.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include <cstdio>

#include "ob/migrate/error.hpp"
#include "ob/migrate/snapshot.hpp"
#include "session.hpp"

namespace ob::migrate::postgres {

namespace {
std::string randomName() {
    std::string hex;
    for (char c : randomUuid())
        if (c != '-') hex += c;
    return "ob_migrate_scratch_" + hex.substr(0, 16);
}
}  // namespace

ScratchDatabase::ScratchDatabase(const std::string& serverUrl, std::chrono::milliseconds connectTimeout)
    : server_(parseConnectionUrl(serverUrl, connectTimeout)), name_(randomName()) {
    detail::Session session(server_);
    try {
        pqxx::nontransaction tx(session.connection());
        tx.exec0("CREATE DATABASE " + tx.quote_name(name_));
        conninfo_ = server_.conninfo + " dbname=" + name_;  // a later keyword wins
    } catch (const pqxx::sql_error& e) {
        throw DatabaseError(fmt::format("cannot create a scratch database on {}: {}", server_.describe(),
                                        server_.scrub(detail::serverMessage(e.what()))),
                            e.sqlstate());
    } catch (...) {
        detail::rethrowTranslated(server_);
    }
}

ScratchDatabase::~ScratchDatabase() {
    try {
        detail::Session session(server_);
        pqxx::nontransaction tx(session.connection());
        try {
            tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
        } catch (const pqxx::syntax_error&) {  // before PostgreSQL 13
            tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name_));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ob-migrate: warning: could not drop the scratch database %s: %s\n", name_.c_str(),
                     server_.scrub(e.what()).c_str());
    }
}

std::string ScratchDatabase::describe() const {
    ConnectionInfo info = server_;
    info.database = name_;
    return info.describe();
}

}  // namespace ob::migrate::postgres
