// Private to the SQLite backend: `PRAGMA foreign_keys` in migration files, and foreign_key_check.
// SQLite ignores the pragma inside a transaction, so prepare() lifts it out of a script and the
// transaction (transaction.cpp) applies it around BEGIN ... COMMIT instead.
#pragma once

#include <SQLiteCpp/Database.h>

#include <string>
#include <vector>

#include "ob/migrate/planned_migration.hpp"

namespace ob::migrate::sqlite::detail {

/// Blanks every whole `PRAGMA foreign_keys = ...;` statement of `planned` (found with the lexer,
/// never inside a string, a quoted name or a comment) into spaces, so every other byte keeps its
/// offset and line, and leaves out chunks that hold nothing else.
void liftForeignKeyPragmas(PlannedMigration& planned);

/// True when the script `planned` comes from turns foreign keys off (`PRAGMA foreign_keys=OFF`).
bool suspendsForeignKeys(const PlannedMigration& planned);

/// Every foreign_key_check row as "table|rowid|parent|fkid", sorted.
std::vector<std::string> foreignKeyViolations(SQLite::Database& db);

}  // namespace ob::migrate::sqlite::detail
