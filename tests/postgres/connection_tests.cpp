// Connection strings and connection failures: no server needed.
#include <catch2/catch.hpp>

#include "postgres/advisory_lock.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate::postgres;
using ob::migrate::ConfigError;
using ob::migrate::ConnectionError;
namespace test = ob::migrate::test;
using ob::migrate::test::contains;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {
std::string configErrorOf(const std::string& url) {
    try {
        parseConnectionUrl(url, 10s);
    } catch (const ConfigError& e) {
        return e.what();
    }
    FAIL("no ConfigError for " << url);
    return {};
}
}  // namespace

TEST_CASE("postgresql:// URLs give host, port, database, user and a libpq keyword string") {
    auto info = parseConnectionUrl("postgresql://alice:s3cr3t@db.internal:6543/badges?sslmode=disable", 10s);
    CHECK(info.host == "db.internal");
    CHECK(info.port == "6543");
    CHECK(info.database == "badges");
    CHECK(info.user == "alice");
    CHECK(info.password == "s3cr3t");
    CHECK_THAT(info.conninfo, Contains("host='db.internal'") && Contains("port='6543'") &&
                                  Contains("dbname='badges'") && Contains("sslmode='disable'") &&
                                  Contains("connect_timeout=10") && Contains("fallback_application_name=ob-migrate"));
    CHECK(info.describe() == "postgresql://db.internal:6543/badges");

    auto short_ = parseConnectionUrl("postgres://bob@10.0.0.7/app", 10s);
    CHECK(short_.host == "10.0.0.7");
    CHECK(short_.user == "bob");
    CHECK(short_.database == "app");
    CHECK(short_.password.empty());

    auto encoded = parseConnectionUrl("postgresql://u:p%40ss%20word@h/d", 10s);
    CHECK(encoded.password == "p@ss word");
    CHECK_THAT(encoded.conninfo, Contains("password='p@ss word'"));
}

TEST_CASE("libpq keyword strings are accepted and quoted values kept") {
    auto info = parseConnectionUrl("host=pg.local port=7000 dbname=ob user=svc password='it\\'s \\\\ secret'", 10s);
    CHECK(info.host == "pg.local");
    CHECK(info.port == "7000");
    CHECK(info.database == "ob");
    CHECK(info.user == "svc");
    CHECK(info.password == "it's \\ secret");
    // Values are re-quoted for libpq: backslash and quote escaped.
    CHECK_THAT(info.conninfo, Contains("password='it\\'s \\\\ secret'"));
}

TEST_CASE("an empty URL means the Open Badges API defaults") {
    auto info = parseConnectionUrl("", 10s);
    CHECK(info.host == "localhost");
    CHECK(info.port == "5432");
    CHECK(info.user == "postgres");
    CHECK(info.password == "postgres");
    CHECK(info.database == "openbadges");
    CHECK(info.describe() == "postgresql://localhost:5432/openbadges");
}

TEST_CASE("connect_timeout: from the options in whole seconds rounded up, unless the URL sets it") {
    CHECK_THAT(parseConnectionUrl("postgresql://h/d", 2500ms).conninfo, Contains("connect_timeout=3"));
    CHECK_THAT(parseConnectionUrl("postgresql://h/d", 0ms).conninfo, !Contains("connect_timeout"));
    auto fromUrl = parseConnectionUrl("postgresql://h/d?connect_timeout=4&application_name=badges", 10s).conninfo;
    CHECK_THAT(fromUrl, Contains("connect_timeout='4'") && !Contains("connect_timeout=10"));
    CHECK_THAT(fromUrl, Contains("application_name='badges'") && !Contains("fallback_application_name"));
}

TEST_CASE("a malformed URL is a ConfigError that never shows the password") {
    std::string wrongScheme = configErrorOf("mysql://root:hunter22@db/app");
    CHECK_THAT(wrongScheme, Contains("mysql://root:***@db/app") && !Contains("hunter22"));

    std::string badPort = configErrorOf("postgresql://root:hunter22@db:54x2/app");
    CHECK_THAT(badPort, Contains("invalid port \"54x2\"") && !Contains("hunter22"));
    CHECK_THAT(configErrorOf("postgresql://db:70000/app"), Contains("invalid port \"70000\""));

    std::string badParam = configErrorOf("postgresql://root:hunter22@db/app?colour=blue");
    CHECK_THAT(badParam, Contains("colour") && !Contains("hunter22"));

    std::string bracket = configErrorOf("postgresql://root:hunter22@[::1/app");
    CHECK_THAT(bracket, !Contains("hunter22"));

    // "oops" may be the rest of a password with a space in it, not quoted: it is not shown either.
    std::string keywords = configErrorOf("host=db password=hunter22 oops");
    CHECK_THAT(keywords, Contains("missing \"=\"") && !Contains("hunter22") && !Contains("oops"));
    std::string typo = configErrorOf("host=db password=hunter22 dbnam=x");
    CHECK_THAT(typo, Contains("dbnam") && !Contains("hunter22"));

    CHECK_THAT(configErrorOf("localhost"), Contains("localhost"));
    CHECK_THROWS_AS(Dialect("postgresql://u:pw@h:port/d"), ConfigError);
    CHECK_THROWS_AS(Dialect("postgresql://h/d", Options{"", "drizzle"}), ConfigError);
}

TEST_CASE("redactUrl masks user-info and parameter passwords") {
    CHECK(redactUrl("postgresql://u:pw@h:1/d") == "postgresql://u:***@h:1/d");
    // A password parameter may hold '&': what follows it is hidden too.
    CHECK(redactUrl("postgresql://u@h/d?password=pw&sslmode=require") == "postgresql://u@h/d?password=***");
    CHECK(redactUrl("postgresql://u:p@ss@h/d") == "postgresql://***@h/d");
    CHECK(redactUrl("host=h password = 'p w' dbname=d") == "host=h password = *** dbname=d");
    CHECK(redactUrl("postgresql://h/d") == "postgresql://h/d");
}

TEST_CASE("connecting to a closed port is a ConnectionError naming host, port and database, not the password") {
    const int port = test::closedPort();
    const std::string url = "postgresql://alice:pw-77-secret@127.0.0.1:" + std::to_string(port) + "/badges_db";
    try {
        Dialect dialect(url);
        FAIL("connected to a closed port");
    } catch (const ConnectionError& e) {
        const std::string message = e.what();
        CHECK_THAT(message, Contains("127.0.0.1") && Contains(std::to_string(port)) && Contains("badges_db"));
        CHECK_THAT(message, !Contains("pw-77-secret"));
        CHECK(e.sqlState() == "08001");
    }
}

TEST_CASE("the password is scrubbed from libpq's own messages too") {
    // A password that is also the database name: libpq names the database, we must not.
    const int port = test::closedPort();
    ConnectionInfo info = parseConnectionUrl(
        "postgresql://alice:127.0.0.1@127.0.0.1:" + std::to_string(port) + "/x", 10s);
    CHECK(info.scrub("connection to server at \"127.0.0.1\" failed") == "connection to server at \"***\" failed");
    try {
        Dialect dialect("postgresql://alice:127.0.0.1@127.0.0.1:" + std::to_string(port) + "/x");
        FAIL("connected to a closed port");
    } catch (const ConnectionError& e) {
        // Only our own "at host ..." part may name it; libpq's part is scrubbed.
        std::string message = e.what();
        auto libpqPart = message.substr(message.find(": ") + 2);
        CHECK_THAT(libpqPart, !Contains("127.0.0.1") && Contains("***"));
    }
}

TEST_CASE("a server that never answers is given up after the connect timeout") {
    test::SilentListener silent;
    Options options;
    options.connectTimeout = 1s;  // libpq's minimum is 2 s
    const std::string url = "postgresql://alice:pw-77-secret@127.0.0.1:" + std::to_string(silent.port()) + "/slow";
    try {
        // Without connect_timeout this would wait forever.
        Dialect dialect(url, options);
        FAIL("connected to a silent listener");
    } catch (const ConnectionError& e) {
        CHECK_THAT(e.what(), Contains("timeout") && Contains(std::to_string(silent.port())) && Contains("slow") &&
                                 !Contains("pw-77-secret"));
    }
}

TEST_CASE("the ob-migrate CLI reports a connection failure on one line without the password") {
    const int port = test::closedPort();
    test::PgFolder folder;
    folder.add("0000_init", "CREATE TABLE t (id int);");
    auto r = test::runProcess({test::cliPath(), "migrate", "--db-type", "postgresql", "--url",
                               "postgresql://alice:pw-77-secret@127.0.0.1:" + std::to_string(port) + "/badges_db",
                               "--dir", folder.path()});
    CHECK(r.exitCode == 1);
    CHECK_THAT(r.err, Contains("127.0.0.1") && Contains(std::to_string(port)) && Contains("badges_db"));
    CHECK_THAT(r.err + r.out, !Contains("pw-77-secret"));
}

TEST_CASE("advisory lock keys depend on the tracking schema and table") {
    CHECK(advisoryLockKey("drizzle", "__drizzle_migrations") == advisoryLockKey("drizzle", "__drizzle_migrations"));
    CHECK(advisoryLockKey("drizzle", "__drizzle_migrations") != advisoryLockKey("public", "__drizzle_migrations"));
    CHECK(advisoryLockKey("a", "b.c") != advisoryLockKey("a.b", "c"));
}
