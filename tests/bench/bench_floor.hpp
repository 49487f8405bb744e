// The floor of a no-op boot: what the database itself needs to answer "is anything pending?", one
// query of the tracking table's rows, through the raw C APIs (sqlite3, libpq) with nothing around it.
#pragma once

#include <cstddef>
#include <string>

struct sqlite3;
struct sqlite3_stmt;
struct pg_conn;

namespace ob::migrate::bench {

/// The tracking table's created_at and hash, as every boot reads them.
inline constexpr const char* kFloorQuerySqlite = "SELECT created_at, hash FROM \"__drizzle_migrations\" ORDER BY created_at";
inline constexpr const char* kFloorQueryPostgres =
    "SELECT created_at, hash FROM \"drizzle\".\"__drizzle_migrations\" ORDER BY created_at, id";

/// sqlite3_open_v2 of an existing file and the query prepared once.
class SqliteFloor {
public:
    explicit SqliteFloor(const std::string& path);
    ~SqliteFloor();
    SqliteFloor(const SqliteFloor&) = delete;
    SqliteFloor& operator=(const SqliteFloor&) = delete;
    /// Steps through every row, reading both columns; returns the row count.
    std::size_t query();

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
};

/// A libpq connection (PQconnectdb).
class PgFloor {
public:
    explicit PgFloor(const std::string& url);
    ~PgFloor();
    PgFloor(const PgFloor&) = delete;
    PgFloor& operator=(const PgFloor&) = delete;
    /// One PQexec of the query, every field read in place; returns the row count.
    std::size_t query();
    /// One `SELECT 1` round trip.
    void selectOne();

private:
    pg_conn* conn_ = nullptr;
};

}  // namespace ob::migrate::bench
