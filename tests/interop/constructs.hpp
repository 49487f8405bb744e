// The schema of tests/interop/schema/constructs/{sqlite,postgres}/stepN.ts written in the DSL:
// indexes beyond plain columns (and, as they land, column types, generated columns, identity,
// sequences and PostgreSQL schemas), for comparing ob::migrate's folder with drizzle-kit's.
#pragma once

#include <string>

#include "ob/migrate/dsl.hpp"

namespace ob::migrate::interop {

/// How many steps the constructs schema has for `dialect` ("sqlite" or "postgresql").
int constructSteps(const std::string& dialect);

/// stepN.ts of `dialect` (1-based) in the DSL.
dsl::Definition constructStep(const std::string& dialect, int step);

}  // namespace ob::migrate::interop
