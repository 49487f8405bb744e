// The example Badges server: migrates on boot (migrations compiled in), refuses to start on a
// migration error, then serves /health and a few Open Badges 2.0 JSON endpoints on HOST (default
// 127.0.0.1; the container image sets 0.0.0.0).
//
// Configured like the Open Badges API: DB_TYPE (sqlite | postgresql), SQLITE_DB_PATH (default
// sqlite.db), DATABASE_URL; --port or PORT (default 3000).
#include <SQLiteCpp/Database.h>
#include <httplib.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <ob/migrate.hpp>
#include <ob/migrate/sqlite/dialect.hpp>
#include <string>

#include "badges/pg_migrations.hpp"
#include "badges/sqlite_migrations.hpp"
#include "routes.hpp"
#include "sqlite_database.hpp"
#ifdef BADGES_WITH_POSTGRES
#include <ob/migrate/postgres/dialect.hpp>

#include "postgres_database.hpp"
#endif

namespace {

std::string env(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

struct Config {
    std::string dbType = env("DB_TYPE", "sqlite");
    std::string sqlitePath = env("SQLITE_DB_PATH", "sqlite.db");
    std::string databaseUrl = env("DATABASE_URL", "");
    std::string host = env("HOST", "127.0.0.1");
    int port = std::atoi(env("PORT", "3000").c_str());
};

Config parseArgs(int argc, char** argv) {
    Config config;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--port" && i + 1 < argc) {
            config.port = std::atoi(argv[++i]);
        } else if (arg.rfind("--port=", 0) == 0) {
            config.port = std::atoi(arg.c_str() + 7);
        } else if (arg == "--help" || arg == "-h") {
            std::cout << "usage: badges-server [--port N]\n"
                         "  DB_TYPE=sqlite|postgresql  SQLITE_DB_PATH=sqlite.db  DATABASE_URL=postgresql://...  HOST=127.0.0.1  PORT=3000\n";
            std::exit(0);
        } else {
            std::cerr << "badges-server: unknown argument " << arg << " (try --help)\n";
            std::exit(2);
        }
    }
    if (config.port <= 0 || config.port > 65535) {
        std::cerr << "badges-server: invalid port\n";
        std::exit(2);
    }
    return config;
}

/// Applies the compiled-in migrations; prints one line per migration.
std::size_t migrate(ob::migrate::Dialect& dialect, ob::migrate::MigrationSet set) {
    ob::migrate::MigratorOptions options;
    options.onEvent = [](const ob::migrate::Event& e) {
        if (e.kind == ob::migrate::Event::Kind::Applied)
            std::cout << "migrated " << e.tag << " (" << e.duration.count() / 1000.0 << " ms)\n";
        if (e.kind == ob::migrate::Event::Kind::Warning) std::cerr << "warning: " << e.message << '\n';
    };
    ob::migrate::Migrator migrator(dialect, std::move(set), options);
    auto report = migrator.upToDate();
    std::cout << (report.applied.empty() ? "database is up to date" : "migrations applied") << " ("
              << migrator.migrations().size() << " migrations, " << dialect.describe() << ")\n";
    return migrator.migrations().size();
}

int serve(badges::Database& db, std::size_t migrations, const Config& config) {
    httplib::Server server;
    badges::registerRoutes(server, db, migrations);
    std::cout << "listening on http://" << config.host << ':' << config.port << std::endl;
    if (!server.listen(config.host, config.port)) {
        std::cerr << "badges-server: cannot listen on " << config.host << ':' << config.port << '\n';
        return 1;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Config config = parseArgs(argc, argv);
    try {
        if (config.dbType == "sqlite") {
            SQLite::Database db(config.sqlitePath, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
            db.exec("PRAGMA foreign_keys = ON");
            db.setBusyTimeout(5000);
            ob::migrate::sqlite::Dialect dialect(db);
            std::size_t count = migrate(dialect, badges::sqlite_migrations::migrations());
            badges::SqliteDatabase data(db);
            return serve(data, count, config);
        }
#ifdef BADGES_WITH_POSTGRES
        if (config.dbType == "postgresql" || config.dbType == "postgres") {
            ob::migrate::postgres::Dialect dialect(config.databaseUrl);
            std::size_t count = migrate(dialect, badges::pg_migrations::migrations());
            badges::PostgresDatabase data(dialect.connection());
            return serve(data, count, config);
        }
#endif
        std::cerr << "badges-server: unsupported DB_TYPE " << config.dbType << '\n';
        return 2;
    } catch (const ob::migrate::Error& e) {
        std::cerr << "badges-server: refusing to start: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "badges-server: refusing to start: " << e.what() << '\n';
        return 1;
    }
}
