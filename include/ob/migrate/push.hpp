// ob::migrate — `push`: bring a (development) database straight to the DSL schema, with no
// migration files: the live schema is introspected, diffed against the schema with the renames it
// declares (and any given), and the SQL generate would write runs in one transaction.
//
//   auto plan = ob::migrate::push(driver, appSchema(), renderer, {/*dryRun*/ true});
//   for (const auto& s : plan.statements) std::cout << s << '\n';
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "ob/migrate/driver.hpp"
#include "ob/migrate/diff.hpp"
#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate {

struct PushOptions {
    bool dryRun = false;         ///< compute the plan and its SQL, run nothing
    bool allowDataLoss = false;  ///< run changes that drop tables or columns, or narrow types
    RenameHints renames;         ///< added to the renames the schema declares (renamedFrom)
    std::chrono::milliseconds lockTimeout{std::chrono::seconds(60)};  ///< the migration lock's
};

struct PushResult {
    std::vector<std::string> operations;  ///< describe() of each change, in order
    std::vector<std::string> statements;  ///< the SQL, as generate would write it
    std::vector<DataLoss> dataLoss;       ///< allowed findings (push throws otherwise)
    bool applied = false;                 ///< the statements ran and committed
    /// After applying: what still differs between the database and the schema (one line each;
    /// empty when the database now has the schema).
    std::vector<std::string> remaining;
    bool empty() const noexcept { return operations.empty(); }
};

/// Pushes `schema` to `driver`'s database under the migration lock; the backend must offer
/// Introspection (Error otherwise). Nothing runs when nothing differs or for a dry run. Throws
/// DataLossError (nothing run) for data loss not allowed, SchemaError, MigrationFailed naming the
/// statement when the database refuses one (everything rolled back), LockTimeout.
PushResult push(Driver& driver, const dsl::Definition& schema, const SqlRenderer& renderer,
                const PushOptions& options = {});

}  // namespace ob::migrate
