// Private to the PostgreSQL backend: introspection of a chosen set of relations, shared by
// introspect() (the live tables) and normalize() (temporary copies).
#pragma once

#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "ob/migrate/postgres/introspect.hpp"

namespace ob::migrate::postgres::detail {

/// SQL selecting the oids of the application's tables.
std::string liveRelations(pqxx::transaction_base& tx, const IntrospectOptions& options);

/// The tables whose oids `relations` (a SELECT) yields, ordered by schema and name.
std::vector<Table> readTables(pqxx::transaction_base& tx, const std::string& relations);

/// The enums of user schemas.
std::vector<Enum> readEnums(pqxx::transaction_base& tx);

/// The sequences of user schemas that no column owns (serial and identity sequences are not listed).
std::vector<Sequence> readSequences(pqxx::transaction_base& tx);

/// User schemas other than public and the tracking table's.
std::vector<std::string> readSchemas(pqxx::transaction_base& tx, const IntrospectOptions& options);

}  // namespace ob::migrate::postgres::detail
