// Private to the PostgreSQL backend: introspection of a chosen set of relations, shared by
// introspect() (the live tables) and normalize() (temporary copies).
#pragma once

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "ob/migrate/postgres/introspect.hpp"

namespace ob::migrate::postgres::detail {

/// Objects that belong to an extension (CREATE EXTENSION made them) are not the application's:
/// a condition with the catalog ({0}) and the object's oid column ({1}) to fill in.
inline constexpr const char* kNotExtension =
    "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = '{}'::regclass "
    "AND dep.objid = {} AND dep.deptype = 'e')";

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

/// The views and materialized views of user schemas (src/postgres/introspect_views.cpp): the
/// definition as the server spells it (pg_get_viewdef), options in the snapshot's camelCase,
/// tablespace and access method when not the default.
std::vector<View> readViews(pqxx::transaction_base& tx, const IntrospectOptions& options);

/// The definitions of `views` as the server spells them: each created as a temporary view (in a
/// subtransaction that is rolled back) and read back; a definition the server refuses stays as is.
void normalizeViews(pqxx::dbtransaction& tx, std::vector<View>& views);

}  // namespace ob::migrate::postgres::detail
