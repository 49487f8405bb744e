// The interop schemas of tests/interop/schema/{sqlite,postgres}/step3.ts, written in the DSL, for
// continuing the folders drizzle-kit wrote (tests/schema/fixtures).
#pragma once

#include <string>

#include "ob/migrate/dsl.hpp"

namespace ob::migrate::schema_test {

/// step3.ts of `dialect` ("sqlite" or "postgresql") in the DSL.
dsl::Definition drizzleStep3(const std::string& dialect);
/// step3 plus a column, an index and a table: the next migration after drizzle-kit's three.
dsl::Definition drizzleStep4(const std::string& dialect);

}  // namespace ob::migrate::schema_test
