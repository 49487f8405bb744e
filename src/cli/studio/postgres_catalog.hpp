// PostgreSQL's catalog read with its own pg_catalog queries (until Dialect::introspect() serves
// the studio).
#pragma once

#include <pqxx/transaction_base>

#include <string>
#include <vector>

#include "studio/model.hpp"

namespace ob::migrate::cli::studio {

/// Ordinary and partitioned tables of every user schema ("public" first), without the tracking
/// table `trackingSchema`.`trackingTable`.
std::vector<TableInfo> readPostgresCatalog(pqxx::transaction_base& tx, const std::string& trackingSchema,
                                           const std::string& trackingTable);

}  // namespace ob::migrate::cli::studio
