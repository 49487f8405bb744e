#include "bench_floor.hpp"

#include <sqlite3.h>

#include <stdexcept>
#include <string_view>

#ifdef OB_MIGRATE_HAVE_POSTGRES
#include <libpq-fe.h>
#endif

namespace ob::migrate::bench {

namespace {
volatile std::size_t sink = 0;  // keeps the reads of the fields from being optimised away
}

SqliteFloor::SqliteFloor(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        const std::string message = sqlite3_errmsg(db_);
        sqlite3_close(db_);
        throw std::runtime_error("sqlite3_open_v2 " + path + ": " + message);
    }
    if (sqlite3_prepare_v3(db_, kFloorQuerySqlite, -1, SQLITE_PREPARE_PERSISTENT, &statement_, nullptr) != SQLITE_OK) {
        const std::string message = sqlite3_errmsg(db_);
        sqlite3_close(db_);
        throw std::runtime_error("prepare: " + message);
    }
}

SqliteFloor::~SqliteFloor() {
    sqlite3_finalize(statement_);
    sqlite3_close(db_);
}

std::size_t SqliteFloor::query() {
    std::size_t rows = 0;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(statement_)) == SQLITE_ROW) {
        sink += static_cast<std::size_t>(sqlite3_column_int64(statement_, 0));
        const unsigned char* hash = sqlite3_column_text(statement_, 1);
        sink += static_cast<std::size_t>(sqlite3_column_bytes(statement_, 1)) + (hash ? *hash : 0);
        ++rows;
    }
    sqlite3_reset(statement_);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("step: ") + sqlite3_errmsg(db_));
    return rows;
}

#ifdef OB_MIGRATE_HAVE_POSTGRES
PgFloor::PgFloor(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(conn_);
        PQfinish(conn_);
        throw std::runtime_error("PQconnectdb: " + message);
    }
}

PgFloor::~PgFloor() { PQfinish(conn_); }

std::size_t PgFloor::query() {
    PGresult* r = PQexec(conn_, kFloorQueryPostgres);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        const std::string message = PQresultErrorMessage(r);
        PQclear(r);
        throw std::runtime_error("PQexec: " + message);
    }
    const int rows = PQntuples(r);
    for (int i = 0; i < rows; ++i) {
        sink += std::string_view(PQgetvalue(r, i, 0), PQgetlength(r, i, 0)).size();
        sink += std::string_view(PQgetvalue(r, i, 1), PQgetlength(r, i, 1)).front();
    }
    PQclear(r);
    return static_cast<std::size_t>(rows);
}

void PgFloor::selectOne() {
    PGresult* r = PQexec(conn_, "SELECT 1");
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    if (!ok) throw std::runtime_error("SELECT 1 failed");
}
#endif

}  // namespace ob::migrate::bench
