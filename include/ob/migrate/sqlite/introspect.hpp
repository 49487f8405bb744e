// ob::migrate — reading the schema of a live SQLite database into the schema model.
#pragma once

#include <string_view>

#include <SQLiteCpp/Database.h>

#include "ob/migrate/schema.hpp"

namespace ob::migrate::sqlite {

/// The schema of `database` as a Drizzle snapshot would hold it: tables (without `trackingTable`,
/// SQLite's own and the sqlite_*, _litestream_*, libsql_*, _cf_* tooling tables), columns with
/// their declared types (lower case), defaults, NOT NULL, primary keys (a composite one named
/// `<table>_<cols>_pk`), foreign keys (named `<table>_<cols>_<target>_<cols>_fk`, SQLite keeps no
/// name), UNIQUE constraints (their CONSTRAINT name, else `<table>_<cols>_unique`), indexes with
/// their expressions and WHERE clause, CHECK constraints (unnamed ones `<table>_check_<n>`), and
/// generated columns. Throws DatabaseError.
Schema introspect(SQLite::Database& database, std::string_view trackingTable = "__drizzle_migrations");

/// `schema` in the form SQLite can tell apart: types by Drizzle Kit's affinity mapping
/// ("varchar(255)" -> "text(255)", "int" -> "integer", "boolean" -> "numeric"), defaults TRUE and
/// FALSE as 1 and 0, foreign keys and composite primary keys under their default names, unique
/// constraints as unique indexes, index order (asc/desc) dropped.
Schema normalize(const Schema& schema);

}  // namespace ob::migrate::sqlite
