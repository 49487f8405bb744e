// The Badges server's HTTP endpoints.
#pragma once

#include <httplib.h>

#include <cstddef>

#include "database.hpp"

namespace badges {

/// GET /health; GET|POST /v2/issuers; GET /v2/issuers/{id}; GET /v2/issuers/{id}/badge-classes;
/// POST /v2/badge-classes; POST /v2/assertions; GET /v2/assertions/{id}.
void registerRoutes(httplib::Server& server, Database& db, std::size_t migrationCount);

}  // namespace badges
