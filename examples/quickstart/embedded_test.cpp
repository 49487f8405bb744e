// The test side of the README's embedding example: the same embedded-migrations library as the
// service, through ob::migrate::testing::freshDatabase() (migrated once, cloned for every call).
#include <SQLiteCpp/Database.h>

#include <iostream>
#include <ob/migrate/sqlite/testing.hpp>

#include "quickstart/db.hpp"

int main() {
    for (int i = 0; i < 2; ++i) {
        SQLite::Database db = ob::migrate::testing::freshDatabase(quickstart::db::migrations());
        db.exec("INSERT INTO issuers VALUES ('i1', 'Example', 'https://example.org')");
        db.exec("INSERT INTO badges VALUES ('b1', 'i1', 'Graduate')");
        db.exec("DELETE FROM issuers");  // foreign keys are on: the badge goes with its issuer
        if (db.execAndGet("SELECT count(*) FROM badges").getInt() != 0) {
            std::cerr << "the cascade did not happen\n";
            return 1;
        }
    }
    std::cout << "fresh databases: ok\n";
    return 0;
}
