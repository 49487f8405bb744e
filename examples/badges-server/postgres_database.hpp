#pragma once

#include <mutex>
#include <pqxx/pqxx>

#include "database.hpp"

namespace badges {

class PostgresDatabase final : public Database {
public:
    explicit PostgresDatabase(pqxx::connection& connection) : connection_(connection) {}
    Rows query(const std::string& sql, const std::vector<Value>& params) override;
    long long exec(const std::string& sql, const std::vector<Value>& params) override;
    std::string dialect() const override { return "postgresql"; }

private:
    pqxx::result run(const std::string& sql, const std::vector<Value>& params);

    pqxx::connection& connection_;
    std::mutex mutex_;
};

}  // namespace badges
