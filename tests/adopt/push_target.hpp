// The push scenario, run on each backend.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ob::migrate::test {

struct PushTarget {
    std::vector<std::string> args;                          ///< --db-type, --url
    std::function<std::string(const std::string&)> scalar;  ///< first column of the first row; throws
    std::function<void(const std::string&)> exec;
    std::function<std::string()> trackingTables;            ///< how many tracking tables exist ("0")
};

/// push of schema versions 1 to 5 (push_schema_cli.cpp) on `target`, checked on the database.
void pushScenario(const PushTarget& target);

}  // namespace ob::migrate::test
