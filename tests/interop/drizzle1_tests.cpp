// Interop with the Drizzle 1.0 betas (tests/interop/v1, pinned): folders the real drizzle-kit
// 1.0 wrote (a folder per migration, no journal) migrate, show status and check clean with
// ob-migrate; databases drizzle-orm 1.0 migrated are adopted with nothing pending, and the other
// way round; on SQLite files and on PostgreSQL.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>

#include "interop.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/snapshot.hpp"
#ifdef OB_MIGRATE_INTEROP_POSTGRES
#include <pqxx/pqxx>

#include "pg_scratch.hpp"
#endif

using namespace ob::migrate;
using namespace ob::migrate::interop;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;

namespace {

/// The folder drizzle-kit 1.0 generated for all schema steps of `dialect`, once per run.
const fs::path& drizzle1Folder(const std::string& dialect) {
    static test::TempDir root;
    static std::map<std::string, fs::path> folders;
    auto it = folders.find(dialect);
    if (it != folders.end()) return it->second;
    auto out = root / (dialect + "-v1");
    NodeTools::instance().generateV1(dialect, out);
    return folders.emplace(dialect, out).first->second;
}

/// A database to migrate: a SQLite file in a temp dir, or a scratch PostgreSQL database.
class Target {
public:
    explicit Target(const std::string& dialect) : dialect_(dialect) {
        if (dialect == "sqlite") {
            url_ = (dir_ / "app.db").string();
            return;
        }
#ifdef OB_MIGRATE_INTEROP_POSTGRES
        auto server = test::requirePgServer();
        if (!server) return;
        pg_ = std::make_unique<test::ScratchDatabase>(*server);
        url_ = pg_->url();
#endif
    }
    bool ready() const { return !url_.empty(); }
    const std::string& url() const { return url_; }
    std::vector<std::string> connection() const { return {"--db-type", dialect_, "--url", url_}; }

    test::ProcessResult ob(const fs::path& folder, std::vector<std::string> command) const {
        auto args = connection();
        args.insert(args.end(), {"--dir", folder.string()});
        args.insert(args.end(), command.begin(), command.end());
        return obMigrate(args);
    }

    /// (name, created_at, hash) of every row of the tracking table, sorted.
    std::vector<std::tuple<std::string, std::int64_t, std::string>> rows() const {
        std::vector<std::tuple<std::string, std::int64_t, std::string>> out;
        if (dialect_ == "sqlite") {
            SQLite::Database db(url_, SQLite::OPEN_READONLY);
            SQLite::Statement q(db, "SELECT name, created_at, hash FROM __drizzle_migrations");
            while (q.executeStep())
                out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64(), q.getColumn(2).getString());
        }
#ifdef OB_MIGRATE_INTEROP_POSTGRES
        else {
            pqxx::connection c(url_);
            pqxx::read_transaction tx(c);
            for (const auto& r : tx.exec("SELECT name, created_at, hash FROM drizzle.__drizzle_migrations"))
                out.emplace_back(r[0].as<std::string>(), r[1].as<std::int64_t>(), r[2].as<std::string>());
        }
#endif
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    std::string dialect_;
    test::TempDir dir_;
    std::string url_;
#ifdef OB_MIGRATE_INTEROP_POSTGRES
    std::unique_ptr<test::ScratchDatabase> pg_;
#endif
};

/// What drizzle-orm 1.0 records for a folder: the folder name, its timestamp, the SQL's hash.
std::vector<std::tuple<std::string, std::int64_t, std::string>> expectedRows(const fs::path& folder) {
    std::vector<std::tuple<std::string, std::int64_t, std::string>> out;
    const auto set = MigrationSet::fromDirectory(folder);
    for (const auto& m : set.migrations()) out.emplace_back(m.tag, m.when, m.hash);
    std::sort(out.begin(), out.end());
    return out;
}

/// `ob-migrate migrate` succeeds, then every migration shows applied and `check` is clean;
/// returns migrate's output.
std::string requireMigratedAndClean(const Target& db, const fs::path& folder) {
    auto migrate = db.ob(folder, {"migrate"});
    INFO(migrate.out << migrate.err);
    REQUIRE(migrate.exitCode == 0);
    requireAllApplied(db.connection(), folder);
    auto check = db.ob(folder, {"check"});
    INFO(check.out << check.err);
    CHECK(check.exitCode == 0);
    return migrate.out;
}

}  // namespace

TEST_CASE("a folder drizzle-kit 1.0 wrote is read as a Drizzle 1.0 folder", "[interop][drizzle1]") {
    if (!toolsReady()) return;
    for (const auto& dialect : dialects()) {
        DYNAMIC_SECTION(dialect) {
            const auto& folder = drizzle1Folder(dialect);
            REQUIRE(Folder::detect(folder) == FolderFormat::Drizzle1);
            const auto f = Folder::open(folder);
            CHECK(f->dialect() == dialect);
            REQUIRE(f->entries().size() == 3);
            for (const auto& e : f->entries()) {
                CHECK(fs::exists(e.upFile));
                CHECK(fs::exists(e.snapshotFile));
                CHECK(drizzle1When(e.tag) == e.when);
            }
            CHECK(f->strays().empty());
        }
    }
}

TEST_CASE("ob-migrate migrates a drizzle-kit 1.0 folder; status and check are clean; drizzle-orm 1.0 then has "
          "nothing to do",
          "[interop][drizzle1]") {
    if (!toolsReady()) return;
    for (const auto& dialect : dialects()) {
        DYNAMIC_SECTION(dialect) {
            Target db(dialect);
            if (!db.ready()) return;
            const auto& folder = drizzle1Folder(dialect);
            CHECK_THAT(requireMigratedAndClean(db, folder), !Contains("nothing to apply"));
            CHECK(db.rows() == expectedRows(folder));

            NodeTools::instance().migrateV1(dialect, db.url(), folder);
            CHECK(db.rows() == expectedRows(folder));  // drizzle-orm 1.0 ran nothing again
        }
    }
}

TEST_CASE("a database drizzle-orm 1.0 migrated is adopted with nothing pending", "[interop][drizzle1]") {
    if (!toolsReady()) return;
    for (const auto& dialect : dialects()) {
        DYNAMIC_SECTION(dialect) {
            Target db(dialect);
            if (!db.ready()) return;
            const auto& folder = drizzle1Folder(dialect);
            NodeTools::instance().migrateV1(dialect, db.url(), folder);
            REQUIRE(db.rows() == expectedRows(folder));
            requireAllApplied(db.connection(), folder);
            CHECK_THAT(requireMigratedAndClean(db, folder), Contains("nothing to apply"));
        }
    }
}

TEST_CASE("ob-migrate up converts a 0.x folder as drizzle-kit 1.0's up does", "[interop][drizzle1]") {
    if (!toolsReady()) return;
    for (const auto& dialect : dialects()) {
        DYNAMIC_SECTION(dialect) {
            test::TempDir dir;
            const fs::path kit = dir / "kit", ours = dir / "ours";
            fs::copy(generatedFolder(dialect), kit, fs::copy_options::recursive);
            fs::copy(generatedFolder(dialect), ours, fs::copy_options::recursive);
            NodeTools::instance().upV1(dialect, kit);
            auto r = obMigrate({"--dir", ours.string(), "up"});
            INFO(r.out << r.err);
            REQUIRE(r.exitCode == 0);
            const auto a = Folder::open(kit), b = Folder::open(ours);
            REQUIRE(b->format() == FolderFormat::Drizzle1);
            REQUIRE(a->entries().size() == b->entries().size());
            CHECK(b->strays().empty());
            CHECK_FALSE(fs::exists(ours / "meta"));
            for (std::size_t i = 0; i < a->entries().size(); ++i) {
                const auto &x = a->entries()[i], &y = b->entries()[i];
                CHECK(x.tag == y.tag);
                CHECK(test::readText(x.upFile) == test::readText(y.upFile));
                const Snapshot sx = Snapshot::read(x.snapshotFile), sy = Snapshot::read(y.snapshotFile);
                CHECK(sx.id == sy.id);
                CHECK(sx.prevIds == sy.prevIds);
            }
        }
    }
}
