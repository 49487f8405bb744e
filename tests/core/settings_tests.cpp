#include <catch2/catch.hpp>

#include <map>

#include "ob/migrate/error.hpp"
#include "settings.hpp"
#include "support.hpp"

using namespace ob::migrate;
using namespace ob::migrate::cli;

namespace {
std::map<std::string, std::string> fakeEnv;
const char* lookup(const char* name) {
    auto it = fakeEnv.find(name);
    return it == fakeEnv.end() ? nullptr : it->second.c_str();
}
}  // namespace

TEST_CASE("settings: flags, then environment, then ob-migrate.json, then the Open Badges defaults") {
    fakeEnv.clear();
    test::TempDir dir;
    Flags flags;
    flags.config = (dir / "ob-migrate.json").string();
    test::writeText(dir / "ob-migrate.json", "{}");

    Settings s = resolveSettings(flags, lookup);
    CHECK(s.dbType == "sqlite");
    CHECK(s.url == "sqlite.db");
    CHECK(s.dir == "drizzle/migrations");

    test::writeText(dir / "ob-migrate.json", R"({"dbType": "postgresql", "url": "postgresql://file", "dir": "from-file"})");
    s = resolveSettings(flags, lookup);
    CHECK(s.dbType == "postgresql");
    CHECK(s.url == "postgresql://file");
    CHECK(s.dir == "from-file");

    fakeEnv["DB_TYPE"] = "sqlite";
    fakeEnv["SQLITE_DB_PATH"] = "env.db";
    s = resolveSettings(flags, lookup);
    CHECK(s.dbType == "sqlite");
    CHECK(s.url == "env.db");

    flags.url = "flag.db";
    flags.dbType = "sqlite";
    CHECK(resolveSettings(flags, lookup).url == "flag.db");

    fakeEnv.clear();
    test::writeText(dir / "ob-migrate.json", "{}");
    flags = Flags{};
    flags.config = (dir / "ob-migrate.json").string();
    flags.dbType = "postgresql";
    fakeEnv["DATABASE_URL"] = "postgresql://env/db";
    s = resolveSettings(flags, lookup);
    CHECK(s.url == "postgresql://env/db");
    CHECK(s.dir == "drizzle/pg-migrations");
}

TEST_CASE("settings errors are ConfigErrors") {
    fakeEnv.clear();
    test::TempDir dir;
    Flags flags;
    flags.config = (dir / "missing.json").string();
    CHECK_THROWS_AS(resolveSettings(flags, lookup), ConfigError);  // named explicitly, so it must exist
    test::writeText(dir / "bad.json", "{ nope");
    flags.config = (dir / "bad.json").string();
    CHECK_THROWS_WITH(resolveSettings(flags, lookup), Catch::Contains("malformed JSON"));
    test::writeText(dir / "typo.json", R"({"dbtype": "sqlite"})");
    flags.config = (dir / "typo.json").string();
    CHECK_THROWS_WITH(resolveSettings(flags, lookup), Catch::Contains("unknown setting \"dbtype\""));
    test::writeText(dir / "ok.json", "{}");
    flags.config = (dir / "ok.json").string();
    flags.dbType = "mysql";
    CHECK_THROWS_WITH(resolveSettings(flags, lookup), Catch::Contains("unknown database type \"mysql\""));
}

TEST_CASE("settings: --connect-timeout in seconds, unset by default, never negative") {
    fakeEnv.clear();
    test::TempDir dir;
    test::writeText(dir / "ob-migrate.json", "{}");
    Flags flags;
    flags.config = (dir / "ob-migrate.json").string();
    CHECK_FALSE(resolveSettings(flags, lookup).connectTimeout);
    flags.connectTimeoutSeconds = 3;
    CHECK(resolveSettings(flags, lookup).connectTimeout == std::chrono::milliseconds(3000));
    flags.connectTimeoutSeconds = 0;
    CHECK(resolveSettings(flags, lookup).connectTimeout == std::chrono::milliseconds(0));
    flags.connectTimeoutSeconds = -2;
    CHECK_THROWS_WITH(resolveSettings(flags, lookup), Catch::Contains("connect timeout must not be negative"));
}
