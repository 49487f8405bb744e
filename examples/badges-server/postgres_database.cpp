#include "postgres_database.hpp"

namespace badges {

namespace {
/// `?` placeholders become `$1`, `$2`, ... (none of the server's SQL has `?` in a literal).
std::string numbered(const std::string& sql) {
    std::string out;
    int n = 0;
    for (char c : sql) {
        if (c == '?')
            out += "$" + std::to_string(++n);
        else
            out += c;
    }
    return out;
}
}  // namespace

pqxx::result PostgresDatabase::run(const std::string& sql, const std::vector<Value>& params) {
    std::lock_guard<std::mutex> lock(mutex_);
    pqxx::work tx(connection_);
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    pqxx::result r = tx.exec_params(numbered(sql), pqxx::prepare::make_dynamic_params(values));
    tx.commit();
    return r;
}

Rows PostgresDatabase::query(const std::string& sql, const std::vector<Value>& params) {
    Rows rows;
    for (const auto& record : run(sql, params)) {
        Row row;
        for (const auto& field : record) row[field.name()] = field.is_null() ? Value{} : Value{field.c_str()};
        rows.push_back(std::move(row));
    }
    return rows;
}

long long PostgresDatabase::exec(const std::string& sql, const std::vector<Value>& params) {
    return static_cast<long long>(run(sql, params).affected_rows());
}

}  // namespace badges
