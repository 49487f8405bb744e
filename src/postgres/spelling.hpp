// Private to the PostgreSQL backend: the server's spelling of types, defaults and constraints
// turned into the spelling Drizzle snapshots use.
#pragma once

#include <optional>
#include <string>

namespace ob::migrate::postgres::detail {

/// format_type() output as a snapshot writes it: "character varying(255)" -> "varchar(255)",
/// "timestamp(3) without time zone" -> "timestamp (3)", "numeric(10,2)" -> "numeric(10, 2)".
std::string snapshotType(const std::string& formatted);

/// A column default from pg_get_expr() for a column of snapshot type `type`: casts of a literal
/// dropped ('x'::text -> 'x', '-1'::integer -> -1), JSON made compact ('{"a":1}'::jsonb); nullopt
/// for DEFAULT NULL.
std::optional<std::string> snapshotDefault(const std::string& expression, const std::string& type);

/// pg_get_constraintdef() of a CHECK constraint as its expression: "CHECK ((a > 0))" -> "a > 0".
std::string checkExpression(const std::string& definition);

}  // namespace ob::migrate::postgres::detail
