// ob::migrate — reading the schema of a live PostgreSQL database into the schema model.
#pragma once

#include <string>

#include <pqxx/connection>

#include "ob/migrate/schema.hpp"

namespace ob::migrate::postgres {

struct IntrospectOptions {
    std::string trackingSchema = "drizzle";
    std::string trackingTable = "__drizzle_migrations";
};

/// The schema of every user schema of the connected database (not pg_catalog, information_schema,
/// temporary schemas, objects that belong to an extension, or the tracking table), spelled as a
/// Drizzle snapshot spells it: `varchar(255)` for `character varying(255)`, `timestamp` for
/// `timestamp without time zone`, `serial` for an integer fed by its own sequence, defaults
/// without their casts (`'x'` for `'x'::text`), JSON defaults compact, single-column primary keys
/// on the column, tables of `public` with an empty schema. Throws on database errors (pqxx).
Schema introspect(pqxx::connection& connection, const IntrospectOptions& options = {});

/// `schema` with every expression it holds (defaults, CHECKs, index columns and predicates)
/// spelled the way this server stores it: each table that exists in the database is created as a
/// temporary table inside a transaction that is rolled back, given the expected defaults, checks
/// and indexes, and read back. Expressions the server rejects keep their text. The database is
/// left unchanged. Throws on database errors (pqxx).
Schema normalize(pqxx::connection& connection, const Schema& schema);

}  // namespace ob::migrate::postgres
