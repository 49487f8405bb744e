// ob-migrate pull on a live PostgreSQL database migrated from the Open Badges API's real folder.
#include <catch2/catch.hpp>

#include "backends.hpp"
#include "pull_support.hpp"
#include "push_target.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {
bool has(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }
}  // namespace

TEST_CASE("pull from a live PostgreSQL database migrated from the real folder round-trips", "[adopt][pull][postgres]") {
    const auto db = test::requireBackend("postgresql");
    if (!db) return;
    test::TempDir dir;
    test::copyFolder(test::openBadgesFolder("postgresql"), dir / "folder");
    const std::string folder = (dir / "folder").string();
    const std::vector<std::string> target{"--db-type", "postgresql", "--url", db->url(), "--dir", folder};
    auto with = [&](std::vector<std::string> args) {
        args.insert(args.begin(), target.begin(), target.end());
        return args;
    };
    auto migrate = test::run(test::cliPath(), with({"migrate"}));
    INFO(migrate.out << migrate.err);
    REQUIRE(migrate.exitCode == 0);

    const std::string out = std::string(OB_ADOPT_PULLED_DIR) + "/live-postgresql.cpp";
    auto pull = test::run(test::cliPath(), with({"pull", "--out", out, "--force"}));
    INFO(pull.out << pull.err);
    REQUIRE(pull.exitCode == 0);
    const std::string text = test::readText(out);
    // The server stores '[]'::jsonb; the folder spells it '[]', and so does the source.
    CHECK(has(text, "jsonb(\"roles\").notNull().defaultValue(\"[]\")"));
    auto build = test::buildTarget("openbadges-postgresql-live");
    INFO(build.out << build.err);
    REQUIRE(build.exitCode == 0);
    auto generate = test::run(OB_ADOPT_OPENBADGES_POSTGRESQL_LIVE, with({"generate"}));
    INFO(generate.out << generate.err);
    REQUIRE(generate.exitCode == 0);
    CHECK(has(generate.out, "No schema changes"));

    // Without the folder, the database's own spelling.
    auto alone = test::run(test::cliPath(), {"--db-type", "postgresql", "--url", db->url(), "--dir",
                                             (dir / "none").string(), "pull", "--out", (dir / "alone.cpp").string()});
    INFO(alone.out << alone.err);
    REQUIRE(alone.exitCode == 0);
    CHECK(has(test::readText(dir / "alone.cpp"), "jsonb(\"roles\").notNull().defaultJson(\"[]\")"));
}

TEST_CASE("push on PostgreSQL: plan, dry run, renames, refusals", "[adopt][push][postgres]") {
    const auto db = test::requireBackend("postgresql");
    if (!db) return;
    test::PushTarget target;
    target.args = {"--db-type", "postgresql", "--url", db->url()};
    target.scalar = [&](const std::string& sql) { return db->scalar(sql).value_or(""); };
    target.exec = [&](const std::string& sql) { db->exec(sql); };
    target.trackingTables = [&] {
        return db->scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = '__drizzle_migrations'").value();
    };
    test::pushScenario(target);
}
