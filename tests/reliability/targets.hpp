// The databases the reliability tests migrate with the ob-migrate CLI: fresh databases of the test
// harness (tests/support/backends.hpp), a SQLite file or a PostgreSQL database on OB_MIGRATE_TEST_PG_URL.
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support.hpp"
#include "workload.hpp"

namespace ob::migrate::test {

class DbTarget {
public:
    virtual ~DbTarget() = default;
    virtual std::string dialect() const = 0;
    /// Starts over with a fresh, empty database (the previous one is removed).
    virtual void reset() = 0;
    /// Waits until nothing else uses the database (PostgreSQL: a killed client's backend is gone).
    virtual void settle() {}
    /// `--db-type ... --url ...` for ob-migrate.
    virtual std::vector<std::string> cliArgs() const = 0;
    virtual std::unique_ptr<Inspector> inspector() const = 0;

    /// ob-migrate <cliArgs> --dir <folder> migrate [extra...]
    std::vector<std::string> migrateCommand(const std::filesystem::path& folder,
                                            const std::vector<std::string>& extra = {}) const;
};

std::unique_ptr<DbTarget> sqliteTarget();
#ifdef OB_MIGRATE_HAVE_POSTGRES
/// The caller checked test::requireAvailable() for "postgresql" first.
std::unique_ptr<DbTarget> postgresTarget();
#endif

/// OB_MIGRATE_RELIABILITY_FULL=1: the long campaigns (.ci/run); otherwise a quick pass.
inline bool fullMode() {
    const char* v = std::getenv("OB_MIGRATE_RELIABILITY_FULL");
    return v && *v && std::string(v) != "0";
}

}  // namespace ob::migrate::test
