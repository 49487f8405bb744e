// No output of ob-migrate holds any piece of a password: hostile passwords (with '@', ':', '/',
// '?', '#', '%', quotes, spaces, non-ASCII), written raw or encoded, in URLs and keyword strings,
// against a closed port, a database that does not exist and a working one.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <thread>

#include "ob/migrate/postgres/connection_info.hpp"
#include "pg_scratch.hpp"
#include "pg_test_util.hpp"

using namespace ob::migrate;
using namespace std::chrono_literals;

namespace {
const std::vector<std::string> kPasswords{
    "Qz@Jx@Vk", "Wq:Zx/Kv?Jy#Pm", "Hz%Qj%zzXw", "Bq Zk Wx Jv", "\xc3\x91x\xc3\xb8@\xc5\xbdq:\xc3\xbc/\xc3\x9f?#%",
    "Kx'Zq\\Jw&Rt=Yu"};

std::string percentEncoded(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::string conninfoQuoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

/// Every way of writing `password` into a connection to host:port/db as user `user`.
std::vector<std::string> forms(const postgres::ConnectionInfo& at, const std::string& db, const std::string& password) {
    const std::string where = fmt::format("{}:{}/{}", at.host, at.port, db);
    const std::string keywords = fmt::format("host={} port={} user={} dbname={}", at.host, at.port, at.user, db);
    return {fmt::format("postgresql://{}:{}@{}", at.user, password, where),
            fmt::format("postgresql://{}:{}@{}", at.user, percentEncoded(password), where),
            fmt::format("postgres://{}@{}?password={}", at.user, where, percentEncoded(password)),
            fmt::format("postgresql://{}@{}?password={}&sslmode=disable", at.user, where, password),
            keywords + " password=" + conninfoQuoted(password),
            keywords + " password=" + password,
            "password=" + password + " " + keywords};
}

/// Fails for each 3-byte piece of `password` found in `output`.
void checkNoPiece(const std::string& output, const std::string& password) {
    for (std::size_t i = 0; i + 3 <= password.size(); ++i) {
        const std::string piece = password.substr(i, 3);
        INFO("piece \"" << piece << "\" of the password in: " << output);
        CHECK(output.find(piece) == std::string::npos);
    }
}
}  // namespace

TEST_CASE("no output of ob-migrate holds a piece of a password") {
    auto server = test::requirePgServer();
    if (!server) return;
    test::ScratchDatabase db(*server);
    test::PgFolder folder;
    folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);");
    test::TempDir work;
    test::writeText(work / "bogus.dump", "PGDMP and then nothing a reader could use");
    postgres::ConnectionInfo at = postgres::parseConnectionUrl(*server, 10s);
    postgres::ConnectionInfo closed = at;
    closed.port = std::to_string(test::closedPort());

    struct Target {
        postgres::ConnectionInfo at;
        std::string db;
        std::vector<std::vector<std::string>> commands;
    };
    const std::vector<Target> targets{
        {closed, db.name(), {{"status"}, {"migrate", "--backup", "--backup-dir", work.path().string()}, {"test"}}},
        {at, "ob_migrate_no_such_database", {{"status"}, {"check"}}},
        {at,
         db.name(),
         {{"migrate", "--backup", "--backup-dir", work.path().string()},
          {"status"},
          {"check"},
          {"introspect"},
          {"restore", (work / "bogus.dump").string()}}},
    };
    for (const auto& password : kPasswords) {
        for (const auto& target : targets) {
            for (const auto& url : forms(target.at, target.db, password)) {
                for (const auto& command : target.commands) {
                    std::vector<std::string> argv{test::cliPath(), "--db-type", "postgresql", "--url", url, "--dir",
                                                  folder.path(), "--connect-timeout", "5"};
                    argv.insert(argv.end(), command.begin(), command.end());
                    auto r = test::runProcess(argv);
                    INFO(command[0] << " with " << url << " exit " << r.exitCode);
                    checkNoPiece(r.out + r.err, password);
                }
                // The same through the environment.
                auto env = test::runProcess(
                    {test::cliPath(), "--db-type", "postgresql", "--dir", folder.path(), "status"},
                    {"DATABASE_URL=" + url});
                checkNoPiece(env.out + env.err, password);
            }
        }
    }
}

TEST_CASE("an unescaped '@' in the password is refused, naming neither part of it") {
    test::PgFolder folder;
    folder.add("0000_users", "CREATE TABLE users (id integer PRIMARY KEY);");
    for (const char* url : {"postgresql://user:Zq@Wk@host/db", "postgresql://user:Zq/Wk@host/db",
                            "postgresql://user:Zq?Wk@host/db", "postgresql://user:Zq#Wk@host/db",
                            "postgresql://user:Zq Wk@host/db", "postgresql://user:Zq%zWk@host/db"}) {
        auto r = test::runProcess(
            {test::cliPath(), "--db-type", "postgresql", "--url", url, "--dir", folder.path(), "status"});
        INFO(url << ": " << r.err);
        CHECK(r.exitCode == 2);
        CHECK(r.err.find("Zq") == std::string::npos);
        CHECK(r.err.find("Wk") == std::string::npos);
        CHECK_THAT(r.err, Catch::Matchers::Contains("percent-encode") || Catch::Matchers::Contains("percent-encoded"));
    }
}

TEST_CASE("the studio prints no piece of a password, reachable database or not") {
    auto server = test::requirePgServer();
    if (!server) return;
    postgres::ConnectionInfo closed = postgres::parseConnectionUrl(*server, 10s);
    closed.port = std::to_string(test::closedPort());
    test::PgFolder folder;
    for (const auto& password : kPasswords) {
        for (const auto& url : forms(closed, "app", password)) {
            test::BackgroundProcess studio({test::cliPath(), "--db-type", "postgresql", "--url", url, "--dir",
                                            folder.path(), "--connect-timeout", "2", "studio", "--port", "0"});
            // Wait until it serves (or has stopped): its first lines say what it reached.
            while (studio.running() && studio.output().find("Ctrl-C") == std::string::npos)
                std::this_thread::sleep_for(20ms);
            studio.stop();
            INFO(url);
            checkNoPiece(studio.output(), password);
        }
    }
}
