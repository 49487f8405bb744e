// The SQLite backend of the round-trip scenarios: a fresh database file of the test harness, the
// Migrator, and a check
// of the live schema through sqlite_master and the PRAGMAs.
#include "sqlite_backend.hpp"

#include <catch2/catch.hpp>

#include <SQLiteCpp/Statement.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include "ob/migrate/migrator.hpp"

namespace ob::migrate::schema_test {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

struct LiveForeignKey {
    std::string table;
    std::vector<std::string> from, to;
    std::string onUpdate, onDelete;
    bool operator<(const LiveForeignKey& o) const {
        return std::tie(table, from, to, onUpdate, onDelete) < std::tie(o.table, o.from, o.to, o.onUpdate, o.onDelete);
    }
    bool operator==(const LiveForeignKey& o) const { return !(*this < o) && !(o < *this); }
};

}  // namespace

SqliteBackend::SqliteBackend()
    : fresh_(test::backendKind("sqlite").freshDatabase()), db_(fresh_->url(), SQLite::OPEN_READWRITE) {
    db_.exec("PRAGMA foreign_keys = ON");  // as an application runs: rebuilds must not cascade
}

void SqliteBackend::migrate(const std::filesystem::path& folder) {
    sqlite::Dialect dialect(db_);
    Migrator migrator(dialect, MigrationSet::fromDirectory(folder));
    migrator.upToDate();
}

void SqliteBackend::exec(const std::string& sql) { db_.exec(sql); }

std::string SqliteBackend::scalar(const std::string& sql) {
    SQLite::Statement q(db_, sql);
    if (!q.executeStep()) throw std::runtime_error("no row: " + sql);
    return q.getColumn(0).isNull() ? "<null>" : q.getColumn(0).getString();
}

void SqliteBackend::requireMatches(const Schema& schema) {
    std::set<std::string> live, expected;
    {
        SQLite::Statement q(db_, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                 "AND name <> '__drizzle_migrations'");
        while (q.executeStep()) live.insert(q.getColumn(0).getString());
    }
    for (const auto& t : schema.tables) expected.insert(t.name);
    REQUIRE(live == expected);

    for (const auto& table : schema.tables) {
        INFO("table " << table.name);
        const auto pkColumns = table.primaryKeyColumns();
        std::map<std::string, int> seen;
        SQLite::Statement cols(db_, "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)");
        cols.bind(1, table.name);
        while (cols.executeStep()) {
            std::string name = cols.getColumn(0).getString();
            INFO("column " << name);
            const Column* c = table.findColumn(name);
            REQUIRE(c);
            seen[name]++;
            CHECK(lower(cols.getColumn(1).getString()) == lower(c->type));
            CHECK((cols.getColumn(2).getInt() != 0) == c->notNull);
            const bool inKey = std::count(pkColumns.begin(), pkColumns.end(), name) > 0;
            CHECK((cols.getColumn(4).getInt() > 0) == inKey);
            if (c->defaultValue) {
                REQUIRE_FALSE(cols.getColumn(3).isNull());
                // SQLite reports a parenthesised default expression without its parentheses.
                std::string expected = *c->defaultValue;
                if (expected.size() > 1 && expected.front() == '(' && expected.back() == ')')
                    expected = expected.substr(1, expected.size() - 2);
                CHECK(cols.getColumn(3).getString() == expected);
            } else {
                CHECK(cols.getColumn(3).isNull());
            }
        }
        CHECK(seen.size() == table.columns.size());

        std::set<std::string> liveIndexes, expectedIndexes;
        for (const auto& idx : table.indexes) expectedIndexes.insert(idx.name);
        SQLite::Statement idxs(db_, "SELECT name, \"unique\", partial FROM pragma_index_list(?) WHERE origin = 'c'");
        idxs.bind(1, table.name);
        while (idxs.executeStep()) {
            std::string name = idxs.getColumn(0).getString();
            INFO("index " << name);
            liveIndexes.insert(name);
            const Index* idx = table.findIndex(name);
            REQUIRE(idx);
            CHECK((idxs.getColumn(1).getInt() != 0) == idx->isUnique);
            CHECK((idxs.getColumn(2).getInt() != 0) == !idx->where.empty());
            std::vector<std::string> columns;
            SQLite::Statement info(db_, "SELECT name FROM pragma_index_info(?) ORDER BY seqno");
            info.bind(1, name);
            while (info.executeStep()) columns.push_back(info.getColumn(0).getString());
            CHECK(columns == idx->columnNames());
        }
        CHECK(liveIndexes == expectedIndexes);

        std::map<int, LiveForeignKey> byId;
        SQLite::Statement fks(db_, "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM "
                                   "pragma_foreign_key_list(?) ORDER BY id, seq");
        fks.bind(1, table.name);
        while (fks.executeStep()) {
            auto& fk = byId[fks.getColumn(0).getInt()];
            fk.table = fks.getColumn(1).getString();
            fk.from.push_back(fks.getColumn(2).getString());
            fk.to.push_back(fks.getColumn(3).getString());
            fk.onUpdate = lower(fks.getColumn(4).getString());
            fk.onDelete = lower(fks.getColumn(5).getString());
        }
        std::set<LiveForeignKey> liveKeys, expectedKeys;
        for (auto& [id, fk] : byId) liveKeys.insert(fk);
        for (const auto& fk : table.foreignKeys)
            expectedKeys.insert(LiveForeignKey{fk.tableTo, fk.columnsFrom, fk.columnsTo, fk.onUpdate, fk.onDelete});
        CHECK(liveKeys == expectedKeys);

        std::string sql = scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + table.name + "'");
        for (const auto& check : table.checkConstraints) {
            INFO("check " << check.name);
            CHECK(sql.find("CONSTRAINT \"" + check.name + "\" CHECK(" + check.value + ")") != std::string::npos);
        }
        std::size_t checks = 0;
        for (std::size_t pos = 0; (pos = sql.find(" CHECK(", pos)) != std::string::npos; ++pos) ++checks;
        CHECK(checks == table.checkConstraints.size());
    }
    // Every row still satisfies every foreign key.
    SQLite::Statement violations(db_, "PRAGMA foreign_key_check");
    CHECK_FALSE(violations.executeStep());
}

}  // namespace ob::migrate::schema_test
