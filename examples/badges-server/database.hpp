// The Badges server's small data access seam: SQL with `?` placeholders, text parameters, rows of
// nullable text. One implementation per database (SQLiteCpp, libpqxx).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace badges {

using Value = std::optional<std::string>;
using Row = std::map<std::string, Value>;
using Rows = std::vector<Row>;

class Database {
public:
    virtual ~Database() = default;
    virtual Rows query(const std::string& sql, const std::vector<Value>& params = {}) = 0;
    /// Runs a statement; returns the number of rows it changed.
    virtual long long exec(const std::string& sql, const std::vector<Value>& params = {}) = 0;
    virtual std::string dialect() const = 0;
};

}  // namespace badges
