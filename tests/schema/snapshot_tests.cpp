// Drizzle Kit snapshots: read what drizzle-kit wrote and write it back byte for byte; the DSL
// resolves to the same schema drizzle-kit serialised from the equivalent TypeScript.
#include <catch2/catch.hpp>

#include <filesystem>

#include "drizzle_steps.hpp"
#include "ob/migrate/snapshot.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#include "support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {
fs::path fixture(const std::string& name) { return fs::path(OB_MIGRATE_SOURCE_DIR) / "tests/schema/fixtures" / name; }
}  // namespace

TEST_CASE("snapshots drizzle-kit wrote are read and written back byte for byte", "[schema][snapshot]") {
    for (const char* folder : {"drizzle-sqlite", "drizzle-postgresql"}) {
        for (const char* file : {"0000_snapshot.json", "0001_snapshot.json", "0002_snapshot.json"}) {
            fs::path path = fixture(folder) / "meta" / file;
            INFO(path.string());
            const std::string text = test::readText(path);
            Snapshot s = Snapshot::parse(text, path.string());
            CHECK_FALSE(s.schema.tables.empty());
            CHECK(s.toJson() == text);
        }
    }
}

TEST_CASE("the DSL resolves to the schema drizzle-kit serialised", "[schema][snapshot]") {
    SECTION("sqlite") {
        sqlite::Renderer renderer;
        Schema expected = Snapshot::read(fixture("drizzle-sqlite") / "meta" / "0002_snapshot.json").schema;
        Schema ours = schema_test::drizzleStep3("sqlite").resolve(renderer);
        REQUIRE(ours.tables.size() == expected.tables.size());
        for (const auto& t : expected.tables) {
            INFO("table " << t.name);
            REQUIRE(ours.findTable(t.name));
            CHECK(*ours.findTable(t.name) == t);
        }
    }
}

TEST_CASE("a snapshot round-trips every model field", "[schema][snapshot]") {
    for (const char* dialect : {"sqlite", "postgresql"}) {
        Snapshot s = Snapshot::empty(dialect);
        s.id = randomUuid();
        s.prevId = std::string(kOriginSnapshotId);
        Table t;
        t.name = "things";
        Column id;
        id.name = "id";
        id.type = "integer";
        id.primaryKey = id.notNull = true;
        Column flag;
        flag.name = "flag";
        flag.type = "boolean";
        flag.defaultValue = "true";
        Column price;
        price.name = "price";
        price.type = "numeric(10, 2)";
        price.defaultValue = "1.5";
        Column note;
        note.name = "note";
        note.type = "text";
        note.defaultValue = "'it''s'";
        t.columns = {id, flag, price, note};
        Index idx;
        idx.name = "things_note_idx";
        idx.columns = {IndexColumn{"note", false, true, "last", ""}, IndexColumn{"lower(\"note\")", true, true, "last", ""}};
        idx.where = "\"note\" IS NOT NULL";
        t.indexes = {idx};
        t.checkConstraints = {CheckConstraint{"things_price_check", "\"price\" > 0"}};
        t.compositePrimaryKeys = {};
        s.schema.tables = {t};
        s.renamedTables = {{"stuff", "things"}};
        s.renamedColumns = {{"things", "remark", "note"}};
        INFO(dialect);
        Snapshot back = Snapshot::parse(s.toJson(), "test");
        CHECK(back.schema == s.schema);
        CHECK(back.id == s.id);
        CHECK(back.prevId == s.prevId);
        REQUIRE(back.renamedTables.size() == 1);
        CHECK(back.renamedTables[0].from == "stuff");
        REQUIRE(back.renamedColumns.size() == 1);
        CHECK(back.renamedColumns[0].table == "things");
        CHECK(back.renamedColumns[0].from == "remark");
        CHECK(back.toJson() == s.toJson());
    }
}

TEST_CASE("malformed snapshots are refused with the file named", "[schema][snapshot]") {
    CHECK_THROWS_WITH(Snapshot::parse("{", "meta/0001_snapshot.json"), Catch::Contains("meta/0001_snapshot.json"));
    CHECK_THROWS_WITH(Snapshot::parse(R"({"version":"5","dialect":"sqlite","id":"x","tables":{}})", "s.json"),
                      Catch::Contains("drizzle-kit up"));
    CHECK_THROWS_WITH(Snapshot::parse(R"({"version":"6","dialect":"mysql","id":"x","tables":{}})", "s.json"),
                      Catch::Contains("mysql"));
    CHECK_THROWS_WITH(
        Snapshot::parse(R"({"version":"6","dialect":"sqlite","id":"x","prevId":"y","tables":{"t":{"name":"t",
            "columns":{"a":{"name":"a","type":"text","primaryKey":"no","notNull":false}}}}})",
                        "s.json"),
        Catch::Contains("tables.t.columns.a") && Catch::Contains("primaryKey"));
    CHECK_THROWS_AS(Snapshot::read("/nonexistent/meta/0000_snapshot.json"), MigrationSetError);
}
