// The Badges server's own migration CLI: every ob-migrate command plus `generate` and `export`
// from badges::badgesSchema(). It writes examples/badges-server/drizzle/{migrations,pg-migrations}:
//   badges-migrate --db-type sqlite --dir examples/badges-server/drizzle/migrations generate --name init
//   badges-migrate --db-type postgresql --dir examples/badges-server/drizzle/pg-migrations generate --name init
#include <ob/migrate/cli.hpp>

#include "schema.hpp"

// The factory form: the schema is built only by the commands that need it (generate, export).
int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, badges::badgesSchema); }
