// The fresh databases of the test harness (backends.hpp) without Catch2: the benchmarks, which have
// a main of their own, take their databases from here too.
#include <stdexcept>

#include "backends.hpp"

namespace ob::migrate::test {

// Each backend's file (sqlite_test_backend.cpp, postgres_test_backend.cpp) defines its kind.
const BackendKind& sqliteBackendKind();
#ifdef OB_MIGRATE_TEST_HAVE_POSTGRES
const BackendKind& postgresBackendKind();
#endif

long long TestBackend::queryInt(const std::string& sql) const {
    auto value = scalar(sql);
    if (!value) throw std::runtime_error("NULL from: " + sql);
    return std::stoll(*value);
}

const std::vector<const BackendKind*>& backendKinds() {
    static const std::vector<const BackendKind*> all{
        &sqliteBackendKind(),
#ifdef OB_MIGRATE_TEST_HAVE_POSTGRES
        &postgresBackendKind(),
#endif
    };
    return all;
}

const BackendKind& backendKind(const std::string& dialect) {
    for (const auto* kind : backendKinds())
        if (kind->dialect() == dialect) return *kind;
    throw std::invalid_argument("no test backend for dialect '" + dialect + "' in this build");
}

}  // namespace ob::migrate::test
