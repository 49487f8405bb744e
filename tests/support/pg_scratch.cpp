#include "pg_scratch.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>

namespace ob::migrate::test {

namespace {
std::string randomName() {
    std::random_device rd;
    return fmt::format("ob_migrate_test_{:08x}{:08x}", rd(), rd());
}
}  // namespace

std::optional<std::string> pgServerUrl() {
    const char* url = std::getenv(kPgUrlVariable);
    if (!url || !*url) return std::nullopt;
    return std::string(url);
}

std::string pgUnavailableReason() {
    return pgServerUrl() ? std::string() : fmt::format("{} is not set (a PostgreSQL server URL)", kPgUrlVariable);
}

std::string withDatabase(const std::string& url, const std::string& database) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url + " dbname=" + database;  // later keywords win
    const auto query = url.find('?', scheme + 3);
    const auto slash = url.find('/', scheme + 3);
    const auto pathEnd = query == std::string::npos ? url.size() : query;
    if (slash == std::string::npos || slash > pathEnd)
        return url.substr(0, pathEnd) + "/" + database + url.substr(pathEnd);
    return url.substr(0, slash + 1) + database + url.substr(pathEnd);
}

ScratchDatabase::ScratchDatabase(std::string serverUrl)
    : serverUrl_(std::move(serverUrl)), name_(randomName()), url_(withDatabase(serverUrl_, name_)) {
    pqxx::connection server(serverUrl_);
    pqxx::nontransaction tx(server);
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
}

ScratchDatabase::~ScratchDatabase() {
    try {
        pqxx::connection server(serverUrl_);
        pqxx::nontransaction tx(server);
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: could not drop scratch database %s: %s\n", name_.c_str(), e.what());
    }
}

std::unique_ptr<pqxx::connection> ScratchDatabase::connect() const {
    auto connection = std::make_unique<pqxx::connection>(url_);
    return connection;
}

void ScratchDatabase::exec(const std::string& sql) const {
    auto connection = connect();
    pqxx::nontransaction tx(*connection);
    tx.exec(sql);
}

std::string ScratchDatabase::scalar(const std::string& sql) const {
    auto connection = connect();
    pqxx::nontransaction tx(*connection);
    pqxx::result r = tx.exec(sql);
    if (r.empty()) throw std::runtime_error("no row from: " + sql);
    return r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
}

long long ScratchDatabase::scalarInt(const std::string& sql) const { return std::stoll(scalar(sql)); }

}  // namespace ob::migrate::test
