// The SQL renderer for a settings' database type. With connect.cpp, the only place the CLI knows
// which backends exist.
#pragma once

#include <memory>
#include <string>

#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::cli {

/// Throws ConfigError for a database type this build has no renderer for.
std::unique_ptr<SqlRenderer> rendererFor(const std::string& dbType);

}  // namespace ob::migrate::cli
