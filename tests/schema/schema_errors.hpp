// Shared by the DSL tests: the message of the SchemaError a build step throws.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "ob/migrate/schema.hpp"

namespace ob::migrate::schema_test {

/// The message of the SchemaError `build` throws; FAILs when it throws none.
template <class F>
std::string schemaError(F build) {
    try {
        build();
    } catch (const SchemaError& e) {
        return e.what();
    }
    FAIL("no SchemaError");
    return {};
}

inline bool mentions(const std::string& message, const std::string& text) {
    return message.find(text) != std::string::npos;
}

}  // namespace ob::migrate::schema_test
