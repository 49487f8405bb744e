// The Migrator and check judge a tracking table alike (issue 12): on every migrations folder of the
// repository, and on tracking tables of every kind (nothing applied, all, a gap, a changed file, a
// row the folder lacks, Drizzle's hash of a non-UTF-8 file), check's Checksum and History findings
// name exactly what the Migrator reports changed, out of order and missing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "ob/migrate/check.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migrator.hpp"
#include "ob/migrate/sqlite/dialect.hpp"
#include "support.hpp"

namespace ob::migrate {

namespace fs = std::filesystem;

namespace {

/// A copy of `source` whose journal says sqlite (the judgement reads hashes and `when`s only; no
/// migration runs), so every folder can be judged on one SQLite file.
void copyAsSqlite(const fs::path& source, const fs::path& to) {
    fs::copy(source, to, fs::copy_options::recursive);
    const fs::path journalFile = to / "meta" / "_journal.json";
    Journal journal = Journal::parse(test::readText(journalFile), journalFile.string());
    journal.dialect = "sqlite";
    test::writeText(journalFile, journal.toJson());
}

/// A folder whose `when`s do not follow its idx order (what a merged branch can leave).
void writeWhenOrderFolder(const fs::path& dir) {
    test::writeFolder(dir, "sqlite",
                      {{"0000_late", "CREATE TABLE a (id integer);", 300, true},
                       {"0001_early", "CREATE TABLE b (id integer);", 100, true},
                       {"0002_middle", "CREATE TABLE c (id integer);", 200, true}});
}

/// A folder with a file that is not valid UTF-8 (Drizzle hashes it after replacing the bad bytes).
void writeNonUtf8Folder(const fs::path& dir) {
    test::writeFolder(dir, "sqlite",
                      {{"0000_latin1", "CREATE TABLE t (v text);\n--> statement-breakpoint\nINSERT INTO t VALUES ('caf\xe9');",
                        0, true},
                       {"0001_more", "CREATE TABLE u (id integer);", 0, true}});
}

enum class Rows { None, All, AllButFirst, OnlyFirst, LastChanged, OneMissing, DrizzleHashes, OnlyNewestWhen };

const char* name(Rows rows) {
    switch (rows) {
        case Rows::None: return "nothing applied";
        case Rows::All: return "everything applied";
        case Rows::AllButFirst: return "all but the first applied";
        case Rows::OnlyFirst: return "only the first applied";
        case Rows::LastChanged: return "the last file changed";
        case Rows::OneMissing: return "a row the folder lacks";
        case Rows::DrizzleHashes: return "Drizzle's hashes of non-UTF-8 files";
        case Rows::OnlyNewestWhen: return "only the migration with the greatest when applied";
    }
    return "?";
}

void record(sqlite::Dialect& dialect, const MigrationSet& set, Rows rows) {
    History& history = dialect.history();
    history.ensure();
    const auto& ms = set.migrations();
    if (rows == Rows::OnlyNewestWhen) {
        if (ms.empty()) return;
        history.add(*std::max_element(ms.begin(), ms.end(), [](auto& a, auto& b) { return a.when < b.when; }));
        return;
    }
    for (std::size_t i = 0; i < ms.size(); ++i) {
        if (rows == Rows::None || (rows == Rows::AllButFirst && i == 0) || (rows == Rows::OnlyFirst && i > 0)) continue;
        history.add(ms[i]);
        if (rows == Rows::LastChanged && i + 1 == ms.size()) history.setHash(ms[i].when, std::string(64, 'e'));
        if (rows == Rows::DrizzleHashes && !ms[i].drizzleHash.empty()) history.setHash(ms[i].when, ms[i].drizzleHash);
    }
    if (rows == Rows::OneMissing) {
        std::int64_t when = 1;
        for (const auto& m : ms) when = std::max(when, m.when + 1);
        history.add(Migration::fromSql(ms.size(), "9999_gone", when, "SELECT 1;"));
    }
}

std::set<std::string> subjects(const std::vector<Finding>& findings, Finding::Kind kind, const std::string& phrase) {
    std::set<std::string> out;
    for (const auto& f : findings)
        if (f.kind == kind && f.message.find(phrase) != std::string::npos) out.insert(f.subject);
    return out;
}

/// Both judgements of `dir` against the rows `rows` makes, compared.
void requireAgreement(const fs::path& dir, Rows rows) {
    INFO("folder " << dir.filename().string() << ", " << name(rows));
    test::TempDir db;
    sqlite::Dialect dialect((db / "app.db").string());
    const MigrationSet set = MigrationSet::fromDirectory(dir);
    record(dialect, set, rows);

    MigratorOptions warn;
    warn.checksumPolicy = ChecksumPolicy::Warn;
    Migrator migrator(dialect, set, warn);
    std::set<std::string> changed, missing;
    for (const auto& s : migrator.status()) {
        if (s.state == MigrationState::Changed) changed.insert(s.tag);
        if (s.state == MigrationState::Missing) missing.insert(s.tag);
    }
    std::set<std::string> refused;  // the Migrator refuses the first out-of-order migration by name
    try {
        migrator.plan();
    } catch (const OutOfOrder& e) {
        refused.insert(e.tag());
    }
    MigratorOptions strict;
    strict.allowOutOfOrder = true;
    bool checksumRefused = false;
    try {
        Migrator(dialect, set, strict).plan();
    } catch (const ChecksumMismatch&) {
        checksumRefused = true;
    }

    const auto findings = checkHistory(dialect, dir);
    CHECK(subjects(findings, Finding::Kind::Checksum, "was changed after it was applied") == changed);
    CHECK(checksumRefused == !changed.empty());
    CHECK(subjects(findings, Finding::Kind::History, "records migration") == missing);
    const auto outOfOrder = subjects(findings, Finding::Kind::History, "is not applied but");
    CHECK(outOfOrder.empty() == refused.empty());
    for (const auto& tag : refused) CHECK(outOfOrder.count(tag) == 1);
    for (const auto& f : findings)
        if (f.message.find("is not applied but") != std::string::npos) {
            bool pending = false;
            for (const Migration* p : migrator.pending()) pending = pending || p->tag == f.subject;
            CHECK(pending);
        }
}

}  // namespace

TEST_CASE("the Migrator and check judge every folder's tracking table alike", "[history]") {
    const fs::path source(OB_MIGRATE_SOURCE_DIR);
    const std::vector<fs::path> folders{
        source / "tests/schema/fixtures/drizzle-sqlite",     source / "tests/schema/fixtures/drizzle-postgresql",
        source / "tests/package/common/migrations",          source / "tests/embed/migrations",
        source / "examples/badges-server/drizzle/migrations",
        source / "examples/badges-server/drizzle/pg-migrations", source / "examples/quickstart/drizzle/migrations",
    };
    test::TempDir work;
    std::vector<fs::path> copies;
    for (const auto& folder : folders) {
        REQUIRE(fs::exists(folder / "meta" / "_journal.json"));
        copies.push_back(work / (std::to_string(copies.size()) + "-" + folder.filename().string()));
        copyAsSqlite(folder, copies.back());
    }
    copies.push_back(work / "when-order");
    writeWhenOrderFolder(copies.back());
    copies.push_back(work / "not-utf-8");
    writeNonUtf8Folder(copies.back());
    for (const auto& dir : copies)
        for (Rows rows : {Rows::None, Rows::All, Rows::AllButFirst, Rows::OnlyFirst, Rows::LastChanged,
                          Rows::OneMissing, Rows::DrizzleHashes, Rows::OnlyNewestWhen})
            requireAgreement(dir, rows);
}

TEST_CASE("history: `when` orders, not idx, as in Drizzle's migrator", "[history]") {
    test::TempDir dir;
    writeWhenOrderFolder(dir / "m");
    test::TempDir db;
    sqlite::Dialect dialect((db / "app.db").string());
    const MigrationSet set = MigrationSet::fromDirectory(dir / "m");
    dialect.history().ensure();
    dialect.history().add(*set.findByTag("0000_late"));  // idx 0, but the greatest when
    const auto findings = checkHistory(dialect, dir / "m");
    CHECK(subjects(findings, Finding::Kind::History, "is not applied but 0000_late after it is") ==
          std::set<std::string>{"0001_early", "0002_middle"});
    CHECK_THROWS_AS(Migrator(dialect, set).upToDate(), OutOfOrder);
}

TEST_CASE("history: Drizzle's hash of a non-UTF-8 file is no checksum finding", "[history]") {
    test::TempDir dir;
    writeNonUtf8Folder(dir / "m");
    const MigrationSet set = MigrationSet::fromDirectory(dir / "m");
    const Migration& binary = set.migrations().front();
    REQUIRE_FALSE(binary.drizzleHash.empty());
    test::TempDir db;
    sqlite::Dialect dialect((db / "app.db").string());
    dialect.history().ensure();
    for (const auto& m : set.migrations()) dialect.history().add(m);
    dialect.history().setHash(binary.when, binary.drizzleHash);  // as Drizzle's migrator records it
    CHECK(checkHistory(dialect, dir / "m").empty());
    CHECK(Migrator(dialect, set).status().front().state == MigrationState::Applied);
}

}  // namespace ob::migrate

namespace ob::migrate {

TEST_CASE("history: a squash is judged by the rows of what it replaces, alike in the Migrator and check",
          "[history][squash]") {
    const Migration a = Migration::fromSql(0, "0000_a", 100, "CREATE TABLE a (id integer);");
    const Migration b = Migration::fromSql(1, "0001_b", 200, "CREATE TABLE b (id integer);");
    const std::string header = fmt::format("{0} 0000_a 100 {1}\n{0} 0001_b 200 {2}\n", kSquashDirective, a.hash, b.hash);
    test::TempDir dir;
    test::writeFolder(dir / "m", "sqlite",
                      {{"0000_squashed", header + "CREATE TABLE a (id integer);\n--> statement-breakpoint\n"
                                                  "CREATE TABLE b (id integer);", 200, true},
                       {"0001_c", "CREATE TABLE c (id integer);", 300, true}});
    const MigrationSet set = MigrationSet::fromDirectory(dir / "m");
    REQUIRE(set.migrations().front().squashes.size() == 2);
    test::TempDir db;
    sqlite::Dialect dialect((db / "app.db").string());
    dialect.history().ensure();

    SECTION("all originals applied: the squash is applied, only what follows is pending, no finding") {
        dialect.history().add(a);
        dialect.history().add(b);
        Migrator migrator(dialect, set);
        const auto pending = migrator.pending();
        REQUIRE(pending.size() == 1);
        CHECK(pending.front()->tag == "0001_c");
        CHECK(migrator.status().front().state == MigrationState::Applied);
        CHECK(checkHistory(dialect, dir / "m").empty());
    }
    SECTION("only some applied: PartlySquashed from both, naming them") {
        dialect.history().add(a);
        CHECK_THROWS_AS(Migrator(dialect, set).plan(), PartlySquashed);
        CHECK_THROWS_WITH(Migrator(dialect, set).upToDate(),
                          Catch::Contains("0000_a applied, 0001_b not"));
        CHECK(subjects(checkHistory(dialect, dir / "m"), Finding::Kind::History, "applied only some") ==
              std::set<std::string>{"0000_squashed"});
    }
    SECTION("an original's row with another hash than the squash records: both name the original") {
        dialect.history().add(a);
        dialect.history().add(b);
        dialect.history().setHash(b.when, std::string(64, 'e'));
        try {
            Migrator(dialect, set).plan();
            FAIL("no ChecksumMismatch");
        } catch (const ChecksumMismatch& e) {
            CHECK(e.tag() == "0001_b");
        }
        CHECK(subjects(checkHistory(dialect, dir / "m"), Finding::Kind::Checksum, "(squashed)") ==
              std::set<std::string>{"0001_b"});
    }
    SECTION("a fresh database runs the squash itself") {
        Migrator(dialect, set).upToDate();
        CHECK(dialect.history().contains(200));
        CHECK_FALSE(dialect.history().contains(100));
        CHECK(checkHistory(dialect, dir / "m").empty());
    }
}

}  // namespace ob::migrate
