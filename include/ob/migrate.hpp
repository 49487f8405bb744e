// ob::migrate — umbrella header for the core library. Backends have their own headers:
//   #include <ob/migrate/sqlite/dialect.hpp>     (target ob::migrate_sqlite)
//   #include <ob/migrate/postgres/dialect.hpp>   (target ob::migrate_postgres)
#pragma once

#include "ob/migrate/dialect.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/version.hpp"
