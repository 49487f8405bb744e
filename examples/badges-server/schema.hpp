// The Badges server's schema, written once in the ob::migrate DSL for SQLite and PostgreSQL.
// Its migrations (drizzle/migrations for SQLite, drizzle/pg-migrations for PostgreSQL) are
// generated from it with the project's own CLI:
//   badges-migrate --db-type sqlite --dir drizzle/migrations generate --name <name>
#pragma once

#include <ob/migrate/dsl.hpp>

namespace badges {

/// Users, roles, API keys, platforms, issuers, badge classes, alignments, recipient identities,
/// status lists, assertions, evidence and an audit log: the Open Badges API's shape.
ob::migrate::dsl::Definition badgesSchema();

}  // namespace badges
