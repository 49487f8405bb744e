// Seeded databases the studio tests open: the same small shop on SQLite and PostgreSQL, each in a
// fresh database of the test harness (tests/support/backends.hpp).
//
// Tables: users (123 rows, 300-character bios, JSON prefs, blob avatars, a NULL email on the
// last one, a CHECK, a unique index), posts (20 rows, a foreign key to users ON DELETE CASCADE, a
// CHECK, a default), tags (composite primary key, foreign key to posts; 3 rows); PostgreSQL adds
// audit.events (an identity key in another schema; 2 rows).
// Migration history, as Migrator::status() lists it (the folder's, then the recorded ones it lacks):
// 0000_init applied, 0001_tags changed (its file was edited after it was applied), 0003_later
// pending, 0002_title_index missing (recorded, gone from the folder). Every folder entry has a
// snapshot of the schema the migrations made; an index made by hand afterwards (users_name_idx) is
// the drift `ob-migrate check` finds.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "backends.hpp"
#include "support.hpp"

namespace ob::migrate::test::studio {

inline constexpr int kUsers = 123;
inline constexpr int kPosts = 20;
inline constexpr int kBioLength = 300;

struct ExpectedMigration {
    std::string tag, state;
};
const std::vector<ExpectedMigration>& expectedHistory();

/// CHECKs the /api/drift answer for a shop (data_tests.cpp).
void checkShopFindings(const nlohmann::json& drift);

class SqliteShop {
public:
    SqliteShop();
    /// --db-type/--url/--dir for ob-migrate.
    std::vector<std::string> settings() const;
    std::string dbPath() const { return db_->url(); }
    std::string workDir() const { return dir_.path().string(); }
    /// First column of the first row of `sql` as text ("" for NULL, "<no row>" when none).
    std::string scalar(const std::string& sql) const;

private:
    std::unique_ptr<TestBackend> db_;
    TempDir dir_;
};

#ifdef OB_STUDIO_TEST_POSTGRES
class PgShop {
public:
    /// The caller checked test::requireAvailable() for "postgresql" first.
    PgShop();
    std::vector<std::string> settings() const;
    std::string workDir() const { return dir_.path().string(); }
    std::string scalar(const std::string& sql) const;
    void exec(const std::string& sql) const;
    const std::string& databaseName() const;
    /// Runs `sql` on the server's maintenance database (not the shop's).
    void execOnServer(const std::string& sql) const;

private:
    std::unique_ptr<TestBackend> db_;
    std::string name_;
    TempDir dir_;
};
#endif

}  // namespace ob::migrate::test::studio
