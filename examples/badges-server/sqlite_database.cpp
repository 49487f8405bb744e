#include "sqlite_database.hpp"

#include <SQLiteCpp/Statement.h>

namespace badges {

namespace {
void bindAll(SQLite::Statement& q, const std::vector<Value>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        if (params[i])
            q.bind(index, *params[i]);
        else
            q.bind(index);
    }
}
}  // namespace

Rows SqliteDatabase::query(const std::string& sql, const std::vector<Value>& params) {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement q(db_, sql);
    bindAll(q, params);
    Rows rows;
    while (q.executeStep()) {
        Row row;
        for (int c = 0; c < q.getColumnCount(); ++c) {
            auto column = q.getColumn(c);
            row[column.getName()] = column.isNull() ? Value{} : Value{column.getString()};
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

long long SqliteDatabase::exec(const std::string& sql, const std::vector<Value>& params) {
    std::lock_guard<std::mutex> lock(mutex_);
    SQLite::Statement q(db_, sql);
    bindAll(q, params);
    return q.exec();
}

}  // namespace badges
