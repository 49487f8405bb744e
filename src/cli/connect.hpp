// Opens the Dialect the settings name. The only place the CLI knows which backends exist.
#pragma once

#include <memory>

#include "ob/migrate/dialect.hpp"
#include "settings.hpp"

namespace ob::migrate::cli {

std::unique_ptr<Dialect> openDialect(const Settings& settings);

}  // namespace ob::migrate::cli
