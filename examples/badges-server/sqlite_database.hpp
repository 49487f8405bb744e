#pragma once

#include <SQLiteCpp/Database.h>

#include <mutex>

#include "database.hpp"

namespace badges {

class SqliteDatabase final : public Database {
public:
    explicit SqliteDatabase(SQLite::Database& db) : db_(db) {}
    Rows query(const std::string& sql, const std::vector<Value>& params) override;
    long long exec(const std::string& sql, const std::vector<Value>& params) override;
    std::string dialect() const override { return "sqlite"; }

private:
    SQLite::Database& db_;
    std::mutex mutex_;  // one connection, used by the server's worker threads in turn
};

}  // namespace badges
