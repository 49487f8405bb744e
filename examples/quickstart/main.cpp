// The boot path a service writes: migrate before serving, refuse to start on any error.
#include <SQLiteCpp/Database.h>

#include <iostream>
#include <ob/migrate.hpp>
#include <ob/migrate/sqlite/dialect.hpp>

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : "app.db";
    const std::string folder = argc > 2 ? argv[2] : "drizzle/migrations";
    try {
        SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("PRAGMA foreign_keys=ON");  // your own connection: enforce foreign keys, as Drizzle's drivers do
        ob::migrate::sqlite::Dialect dialect(db);
        ob::migrate::MigratorOptions options;
        options.onEvent = [](const ob::migrate::Event& e) {
            if (e.kind == ob::migrate::Event::Kind::Applied)
                std::cout << "applied " << e.tag << " in " << e.duration.count() << " us\n";
        };
        ob::migrate::Migrator migrator(dialect, ob::migrate::MigrationSet::fromDirectory(folder), options);
        ob::migrate::Report report = migrator.upToDate();  // throws; a failed migration leaves nothing behind
        std::cout << report.applied.size() << " migration(s) applied\n";
    } catch (const ob::migrate::Error& e) {
        std::cerr << "cannot start: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
