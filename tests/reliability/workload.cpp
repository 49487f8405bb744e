#include "workload.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "core/hashing.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate::test {

namespace {
constexpr std::string_view kBreak = "--> statement-breakpoint\n";

std::string join(const std::vector<std::string>& statements) {
    std::string out;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (i) out += kBreak;
        out += statements[i];
    }
    return out;
}
}  // namespace

Workload Workload::make(const std::string& dialect, int count, int rows) {
    const bool sqlite = dialect == "sqlite";
    Workload w;
    w.dialect = dialect;
    for (int i = 0; i < count; ++i) {
        ExpectedMigration e;
        e.tag = fmt::format("{:04}_reliability_{}", i, i);
        e.when = 1700000000000 + static_cast<std::int64_t>(i) * 1000;
        const std::string a = fmt::format("r{}_a", i), b = fmt::format("r{}_b", i);
        std::vector<std::string> s;
        s.push_back(fmt::format("CREATE TABLE \"{}\" (\n\t\"id\" integer PRIMARY KEY NOT NULL,\n\t\"v\" text NOT NULL\n);\n", a));
        s.push_back(fmt::format("CREATE TABLE \"{0}\" (\n\t\"id\" integer PRIMARY KEY NOT NULL,\n\t\"a_id\" integer "
                                "REFERENCES \"{1}\"(\"id\"),\n\t\"w\" text\n);\n",
                                b, a));
        s.push_back(fmt::format("CREATE INDEX \"{0}_a_idx\" ON \"{0}\" (\"a_id\");\n", b));
        s.push_back(fmt::format("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {1})\n"
                                "INSERT INTO \"{0}\" (\"id\", \"v\") SELECT x, 'row ' || x FROM c;\n",
                                a, rows));
        s.push_back(fmt::format("INSERT INTO \"{0}\" (\"id\", \"a_id\", \"w\") SELECT \"id\", \"id\", \"v\" FROM \"{1}\";\n",
                                b, a));
        e.tables = {a, b};
        if (i > 0) {
            const std::string earlier = fmt::format("r{}_a", i / 2), column = fmt::format("c{}", i);
            s.push_back(fmt::format("ALTER TABLE \"{}\" ADD COLUMN \"{}\" text;\n", earlier, column));
            e.columns.emplace_back(earlier, column);
        }
        if (i % 7 == 3) {  // rebuild an earlier table with a new NOT NULL column, as drizzle-kit does
            const std::string t = fmt::format("r{}_b", i - 1), column = fmt::format("k{}", i);
            const std::string fresh = "__new_" + t;
            if (sqlite) s.push_back("PRAGMA foreign_keys=OFF;");
            s.push_back(fmt::format("CREATE TABLE \"{0}\" (\n\t\"id\" integer PRIMARY KEY NOT NULL,\n\t\"a_id\" integer "
                                    "REFERENCES \"r{1}_a\"(\"id\"),\n\t\"w\" text,\n\t\"{2}\" integer DEFAULT 0 NOT NULL\n);\n",
                                    fresh, i - 1, column));
            s.push_back(fmt::format("INSERT INTO \"{0}\"(\"id\", \"a_id\", \"w\") SELECT \"id\", \"a_id\", \"w\" FROM \"{1}\";",
                                    fresh, t));
            s.push_back(fmt::format("DROP TABLE \"{}\";", t));
            s.push_back(fmt::format("ALTER TABLE \"{}\" RENAME TO \"{}\";", fresh, t));
            s.push_back(fmt::format("CREATE INDEX \"{0}_a_idx\" ON \"{0}\" (\"a_id\");", t));
            if (sqlite) s.push_back("PRAGMA foreign_keys=ON;");
            e.columns.emplace_back(t, column);
        }
        const std::string sql = join(s);
        e.hash = sha256Hex(sql);
        w.entries.push_back(FolderEntry{e.tag, sql, e.when, true});
        w.expected.push_back(std::move(e));
    }
    return w;
}

void Workload::write(const std::filesystem::path& dir) const { writeFolder(dir, dialect, entries); }

std::size_t checkInvariants(Inspector& db, const Workload& w) {
    auto fail = [](const std::string& what) { throw std::runtime_error(what); };
    const auto rows = db.tracking();
    if (rows.size() > w.expected.size())
        fail(fmt::format("the tracking table has {} rows for {} migrations", rows.size(), w.expected.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& e = w.expected[i];
        if (rows[i].when != e.when)
            fail(fmt::format("tracking row {} has created_at {}, expected {} ({}): not a prefix of the journal, or "
                             "a migration recorded twice",
                             i, rows[i].when, e.when, e.tag));
        if (rows[i].hash != e.hash) fail(fmt::format("tracking row of {} has hash {}", e.tag, rows[i].hash));
        if (!rows[i].name.empty() && rows[i].name != e.tag)
            fail(fmt::format("tracking row of {} is named {}", e.tag, rows[i].name));
    }
    const std::size_t recorded = rows.size();
    const auto tables = db.tables();
    const auto columns = db.columns();
    std::set<std::string> allowed;
    for (std::size_t i = 0; i < w.expected.size(); ++i) {
        const auto& e = w.expected[i];
        const bool applied = i < recorded;
        for (const auto& t : e.tables) {
            if (applied) allowed.insert(t);
            if (tables.count(t) != (applied ? 1u : 0u))
                fail(fmt::format("migration {} is {} but its table {} {}", e.tag, applied ? "recorded" : "not recorded",
                                 t, applied ? "is missing" : "exists: half applied"));
        }
        for (const auto& [t, c] : e.columns) {
            auto it = columns.find(t);
            const bool has = it != columns.end() && it->second.count(c);
            if (has != applied)
                fail(fmt::format("migration {} is {} but column {}.{} {}", e.tag, applied ? "recorded" : "not recorded", t,
                                 c, applied ? "is missing" : "exists: half applied"));
        }
    }
    for (const auto& t : tables)
        if (!allowed.count(t)) fail(fmt::format("unexpected table {} (left over by a half-applied migration)", t));
    if (auto problems = db.integrityProblems(); !problems.empty()) fail("integrity check: " + problems);
    return recorded;
}

}  // namespace ob::migrate::test
