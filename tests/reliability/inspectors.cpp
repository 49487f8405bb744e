// Inspector implementations: SQLite through SQLiteCpp, PostgreSQL through libpqxx.
#include <fmt/format.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "workload.hpp"

#ifdef OB_MIGRATE_HAVE_POSTGRES
#include <pqxx/pqxx>
#endif

namespace ob::migrate::test {

namespace {
constexpr const char* kTracking = "__drizzle_migrations";

class SqliteInspector final : public Inspector {
public:
    explicit SqliteInspector(std::string path) : path_(std::move(path)) {}

    std::set<std::string> tables() override {
        auto db = open();
        std::set<std::string> out;
        SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        while (q.executeStep()) out.insert(q.getColumn(0).getString());
        out.erase(kTracking);
        return out;
    }

    std::map<std::string, std::set<std::string>> columns() override {
        auto db = open();
        std::map<std::string, std::set<std::string>> out;
        SQLite::Statement q(db, "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p "
                                "WHERE m.type = 'table'");
        while (q.executeStep()) out[q.getColumn(0).getString()].insert(q.getColumn(1).getString());
        return out;
    }

    std::vector<TrackingRow> tracking() override {
        auto db = open();
        std::vector<TrackingRow> out;
        if (!db.tableExists(kTracking)) return out;
        SQLite::Statement q(db, fmt::format("SELECT hash, created_at, name FROM \"{}\" ORDER BY created_at", kTracking));
        while (q.executeStep())
            out.push_back(TrackingRow{q.getColumn(0).getString(), q.getColumn(1).getInt64(),
                                      q.getColumn(2).isNull() ? std::string() : q.getColumn(2).getString()});
        return out;
    }

    std::string fingerprint() override {
        auto db = open();
        std::string out;
        std::vector<std::string> tables;
        SQLite::Statement q(db, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                                "AND tbl_name <> ? ORDER BY type, name");
        q.bind(1, kTracking);
        while (q.executeStep()) {
            out += fmt::format("{} {} on {}: {}\n", q.getColumn(0).getString(), q.getColumn(1).getString(),
                               q.getColumn(2).getString(), q.getColumn(3).getString());
            if (q.getColumn(0).getString() == "table") tables.push_back(q.getColumn(1).getString());
        }
        for (const auto& t : tables)
            out += fmt::format("rows {}: {}\n", t, db.execAndGet(fmt::format("SELECT count(*) FROM \"{}\"", t)).getInt64());
        return out;
    }

    std::string integrityProblems() override {
        auto db = open();
        std::string result = db.execAndGet("PRAGMA integrity_check").getString();
        std::string fk;
        SQLite::Statement q(db, "PRAGMA foreign_key_check");
        while (q.executeStep()) fk += fmt::format("{} row {} -> {}; ", q.getColumn(0).getString(),
                                                  q.getColumn(1).getString(), q.getColumn(2).getString());
        if (result == "ok" && fk.empty()) return {};
        return result + (fk.empty() ? "" : " foreign key violations: " + fk);
    }

private:
    /// Read-write, so a hot journal left by a killed writer is rolled back as any opener would.
    SQLite::Database open() {
        SQLite::Database db(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.setBusyTimeout(30000);
        return db;
    }
    std::string path_;
};

#ifdef OB_MIGRATE_HAVE_POSTGRES
class PostgresInspector final : public Inspector {
public:
    explicit PostgresInspector(std::string url) : url_(std::move(url)) {}

    std::set<std::string> tables() override {
        std::set<std::string> out;
        for (const auto& row : query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
            out.insert(row[0].as<std::string>());
        return out;
    }

    std::map<std::string, std::set<std::string>> columns() override {
        std::map<std::string, std::set<std::string>> out;
        for (const auto& row : query("SELECT table_name, column_name FROM information_schema.columns "
                                     "WHERE table_schema = 'public'"))
            out[row[0].as<std::string>()].insert(row[1].as<std::string>());
        return out;
    }

    std::vector<TrackingRow> tracking() override {
        std::vector<TrackingRow> out;
        if (!query("SELECT to_regclass('drizzle.__drizzle_migrations')")[0][0].is_null())
            for (const auto& row : query("SELECT hash, created_at, name FROM drizzle.__drizzle_migrations ORDER BY created_at"))
                out.push_back(TrackingRow{row[0].as<std::string>(), row[1].as<std::int64_t>(),
                                          row[2].is_null() ? std::string() : row[2].as<std::string>()});
        return out;
    }

    std::string fingerprint() override {
        std::string out;
        for (const auto& row : query("SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
                                     "FROM information_schema.columns WHERE table_schema = 'public' "
                                     "ORDER BY table_name, column_name"))
            out += fmt::format("column {}.{} {} null={} default={}\n", row[0].c_str(), row[1].c_str(), row[2].c_str(),
                               row[3].c_str(), row[4].c_str());
        for (const auto& row : query("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"))
            out += fmt::format("index {}: {}\n", row[0].c_str(), row[1].c_str());
        for (const auto& row : query("SELECT c.conrelid::regclass::text, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                                     "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' "
                                     "ORDER BY 1, 2"))
            out += fmt::format("constraint on {}: {}\n", row[0].c_str(), row[1].c_str());
        for (const auto& t : tables())
            out += fmt::format("rows {}: {}\n", t, query(fmt::format("SELECT count(*) FROM public.\"{}\"", t))[0][0].c_str());
        return out;
    }

    std::string integrityProblems() override { return {}; }

private:
    pqxx::result query(const std::string& sql) {
        pqxx::connection c(url_);
        pqxx::nontransaction tx(c);
        return tx.exec(sql);
    }
    std::string url_;
};
#endif
}  // namespace

std::unique_ptr<Inspector> sqliteInspector(const std::string& path) { return std::make_unique<SqliteInspector>(path); }

#ifdef OB_MIGRATE_HAVE_POSTGRES
std::unique_ptr<Inspector> postgresInspector(const std::string& url) {
    return std::make_unique<PostgresInspector>(url);
}
#endif

}  // namespace ob::migrate::test
