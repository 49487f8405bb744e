// Fuzzes SQLite identifier quoting through the tracking table's name: any name (quotes, backticks,
// brackets, unicode, invalid UTF-8, NUL) must either be refused with an ob::migrate::Error before
// anything is applied, or round-trip: the table is created, the migration recorded, and a second
// Migrator on the same connection reads it back as applied.
#include <SQLiteCpp/Database.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

using namespace ob::migrate;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 256) return 0;  // identifiers, not documents
    const std::string name(reinterpret_cast<const char*>(data), size);
    std::string lower;
    for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "fuzz_target") return 0;  // the migration's own table (SQLite names ignore ASCII case)
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::Options options;
    options.trackingTable = name;
    auto set = [] {
        std::vector<Migration> ms;
        ms.push_back(Migration::fromSql(0, "0000_first", 1700000000000, "CREATE TABLE `fuzz_target` (`id` integer);"));
        return MigrationSet::fromMigrations("sqlite", std::move(ms));
    };
    bool applied = false;
    try {
        sqlite::Dialect dialect(db, options);
        Migrator migrator(dialect, set());
        applied = migrator.upToDate().applied.size() == 1;
        OB_FUZZ_CHECK(applied, "upToDate() did not apply the one migration");
    } catch (const Error&) {
        // Refused: then nothing may have been applied.
        OB_FUZZ_CHECK(!db.tableExists("fuzz_target"), "a refused tracking table name still applied the migration");
        return 0;
    }
    OB_FUZZ_CHECK(db.tableExists("fuzz_target"), "the migration's table is missing");
    sqlite::Dialect again(db, options);
    OB_FUZZ_CHECK(again.history().exists(), "the tracking table is not found under its own name");
    const auto records = again.history().read();
    OB_FUZZ_CHECK(records.size() == 1, "the tracking table does not hold exactly one record");
    OB_FUZZ_CHECK(records[0].when == 1700000000000, "the recorded created_at differs");
    OB_FUZZ_CHECK(records[0].name.value_or("") == "0000_first", "the recorded name differs");
    Migrator second(again, set());
    OB_FUZZ_CHECK(second.pending().empty(), "the recorded migration reads back as pending");
    OB_FUZZ_CHECK(second.upToDate().applied.empty(), "a second run applied the migration again");
    return 0;
}
