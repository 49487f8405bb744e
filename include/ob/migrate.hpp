// ob::migrate — umbrella header for the core library. Backends have their own headers:
//   #include <ob/migrate/sqlite/dialect.hpp>     (target ob::migrate_sqlite)
//   #include <ob/migrate/postgres/dialect.hpp>   (target ob::migrate_postgres)
#pragma once

#include "ob/migrate/check.hpp"
#include "ob/migrate/compare.hpp"
#include "ob/migrate/dialect.hpp"
#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/embedded.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/replay.hpp"
#include "ob/migrate/schema.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sql_renderer.hpp"
#include "ob/migrate/version.hpp"
