// PostgreSQL tests read OB_MIGRATE_TEST_PG_URL; without it they FAIL when env CI is set, and
// otherwise skip visibly (a warning, and a marker line CTest reports as a skip).
#pragma once

#include <optional>
#include <string>

namespace ob::migrate::check_test {

/// The server URL, or nullopt after FAILing (CI) or WARNing (elsewhere).
std::optional<std::string> requirePgServer();

}  // namespace ob::migrate::check_test
