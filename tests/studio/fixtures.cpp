#include "fixtures.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <fmt/format.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "studio_support.hpp"
#ifdef OB_STUDIO_TEST_POSTGRES
#include <pqxx/pqxx>

#include "pg_scratch.hpp"  // the server of the harness's PostgreSQL databases
#endif

namespace ob::migrate::test::studio {

namespace {
constexpr std::int64_t kWhen = 1700000000000;
/// A change made by hand, outside the migrations: the drift check's finding.
const std::string kHandMade = "CREATE INDEX users_name_idx ON users (name)";

FolderEntry entry(std::string tag, std::string sql, int index) {
    return FolderEntry{std::move(tag), std::move(sql), kWhen + index * 1000, true};
}

/// Applies the first three migrations, then leaves the folder as the history says: 0001 edited,
/// 0002 gone, 0003 new; each entry with a snapshot of the schema the three made (ids chained), so
/// `ob-migrate check` finds exactly: 0001's checksum, 0002's history, and the drift `handMade`
/// (run after the snapshots were taken) causes.
void writeHistory(const std::filesystem::path& folder, const std::string& dialect,
                  const std::vector<std::string>& settings, const std::string (&sql)[4], const std::string& seed,
                  const std::function<void(const std::string&)>& exec) {
    writeFolder(folder, dialect,
                {entry("0000_init", sql[0], 0), entry("0001_tags", sql[1], 1), entry("0002_title_index", sql[2], 2)});
    std::vector<std::string> args = settings;
    args.push_back("migrate");
    cli(args);
    exec(seed);
    args.back() = "introspect";
    args.push_back("--json");
    auto snapshot = nlohmann::json::parse(cli(args).out);

    std::filesystem::remove_all(folder);
    writeFolder(folder, dialect,
                {entry("0000_init", sql[0], 0), entry("0001_tags", sql[1] + "\n-- reviewed later\n", 1),
                 entry("0003_later", sql[3], 3)});
    std::string previous = "00000000-0000-0000-0000-000000000000";
    for (const char* prefix : {"0000", "0001", "0003"}) {
        snapshot["prevId"] = previous;
        snapshot["id"] = previous = fmt::format("00000000-0000-4000-8000-00000000{}", prefix);
        writeText(folder / "meta" / (std::string(prefix) + "_snapshot.json"), snapshot.dump(2));
    }
    exec(kHandMade);
}

const std::string kSqliteSql[4] = {
    "CREATE TABLE `users` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL, `email` text, `bio` text,"
    " `prefs` json, `avatar` blob, CONSTRAINT \"users_name_check\" CHECK(length(`name`) > 0));\n"
    "--> statement-breakpoint\n"
    "CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);\n"
    "--> statement-breakpoint\n"
    "CREATE TABLE `posts` (`id` integer PRIMARY KEY NOT NULL, `author_id` integer NOT NULL REFERENCES `users`(`id`)"
    " ON DELETE cascade, `title` text NOT NULL, `score` real DEFAULT 0 CHECK (`score` >= 0));",
    "CREATE TABLE `tags` (`post_id` integer NOT NULL REFERENCES `posts`(`id`) ON DELETE cascade, `tag` text NOT NULL,"
    " PRIMARY KEY(`post_id`, `tag`));",
    "CREATE INDEX `posts_title_idx` ON `posts` (`title`);",
    "CREATE TABLE `later` (`id` integer PRIMARY KEY NOT NULL);",
};

const std::string kPgSql[4] = {
    "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL, \"name\" text NOT NULL, \"email\" text, \"bio\" text,"
    " \"prefs\" jsonb, \"avatar\" bytea, CONSTRAINT \"users_name_check\" CHECK (length(\"name\") > 0));\n"
    "--> statement-breakpoint\n"
    "CREATE UNIQUE INDEX \"users_email_unique\" ON \"users\" USING btree (\"email\");\n"
    "--> statement-breakpoint\n"
    "CREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY NOT NULL, \"author_id\" integer NOT NULL, \"title\" text NOT NULL,"
    " \"score\" real DEFAULT 0, CONSTRAINT \"posts_score_check\" CHECK (\"score\" >= 0));\n"
    "--> statement-breakpoint\n"
    "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_id_users_id_fk\" FOREIGN KEY (\"author_id\")"
    " REFERENCES \"public\".\"users\"(\"id\") ON DELETE cascade ON UPDATE no action;\n"
    "--> statement-breakpoint\n"
    "CREATE SCHEMA \"audit\";\n"
    "--> statement-breakpoint\n"
    "CREATE TABLE \"audit\".\"events\" (\"id\" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY, \"payload\" jsonb);",
    "CREATE TABLE \"tags\" (\"post_id\" integer NOT NULL REFERENCES \"posts\"(\"id\") ON DELETE cascade,"
    " \"tag\" text NOT NULL, CONSTRAINT \"tags_post_id_tag_pk\" PRIMARY KEY(\"post_id\", \"tag\"));",
    "CREATE INDEX \"posts_title_idx\" ON \"posts\" USING btree (\"title\");",
    "CREATE TABLE \"later\" (\"id\" integer PRIMARY KEY NOT NULL);",
};

/// The rows, in SQL both databases run (generate_series: a recursive CTE on SQLite).
std::string seedSql(bool postgres) {
    std::string users =
        postgres ? "INSERT INTO users (name, email, bio, prefs, avatar) SELECT 'user ' || n, 'u' || n || '@example.org', "
                   "rpad('bio of user ' || n || ': ', 300, 'lorem ipsum '), jsonb_build_object('theme', 'dark', 'n', n), "
                   "decode(md5(n::text) || md5('x' || n), 'hex') FROM generate_series(1, 123) AS n;"
                 : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 123) "
                   "INSERT INTO users (name, email, bio, prefs, avatar) SELECT 'user ' || n, 'u' || n || '@example.org', "
                   "substr('bio of user ' || n || ': ' || replace(hex(zeroblob(300)), '00', 'lorem ipsum '), 1, 300), "
                   "json_object('theme', 'dark', 'n', n), randomblob(32) FROM s;";
    std::string posts = postgres
                            ? "INSERT INTO posts (author_id, title, score) SELECT n % 10 + 1, 'post ' || n, n * 0.5 "
                              "FROM generate_series(1, 20) AS n;"
                            : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 20) "
                              "INSERT INTO posts (author_id, title, score) SELECT n % 10 + 1, 'post ' || n, n * 0.5 FROM s;";
    std::string rest = "UPDATE users SET email = NULL WHERE id = 123;"
                       "INSERT INTO tags (post_id, tag) VALUES (1, 'news'), (1, 'tech'), (2, 'news');";
    if (postgres)
        rest += "INSERT INTO audit.events (payload) VALUES ('{\"kind\": \"signup\"}'), ('{\"kind\": \"login\"}');";
    return users + posts + rest;
}
}  // namespace

const std::vector<ExpectedMigration>& expectedHistory() {
    static const std::vector<ExpectedMigration> history{
        {"0000_init", "applied"}, {"0001_tags", "changed"}, {"0003_later", "pending"}, {"0002_title_index", "missing"}};
    return history;
}

SqliteShop::SqliteShop() : db_(backendKind("sqlite").freshDatabase()) {
    writeHistory(dir_ / "migrations", "sqlite", settings(), kSqliteSql, seedSql(false), [this](const std::string& sql) {
        SQLite::Database db(dbPath(), SQLite::OPEN_READWRITE);
        db.exec(sql);
    });
}

std::vector<std::string> SqliteShop::settings() const {
    return {"--db-type", "sqlite", "--url", dbPath(), "--dir", (dir_ / "migrations").string()};
}

std::string SqliteShop::scalar(const std::string& sql) const {
    SQLite::Database db(dbPath(), SQLite::OPEN_READONLY);
    SQLite::Statement stmt(db, sql);
    if (!stmt.executeStep()) return "<no row>";
    return stmt.getColumn(0).isNull() ? std::string() : stmt.getColumn(0).getString();
}

#ifdef OB_STUDIO_TEST_POSTGRES
PgShop::PgShop()
    : db_(backendKind("postgresql").freshDatabase()), name_(db_->scalar("SELECT current_database()").value()) {
    writeHistory(dir_ / "migrations", "postgresql", settings(), kPgSql, seedSql(true),
                 [this](const std::string& sql) { exec(sql); });
}

std::vector<std::string> PgShop::settings() const {
    return {"--db-type", "postgresql", "--url", db_->url(), "--dir", (dir_ / "migrations").string()};
}

std::string PgShop::scalar(const std::string& sql) const { return db_->scalar(sql).value_or(""); }
void PgShop::exec(const std::string& sql) const { db_->exec(sql); }
const std::string& PgShop::databaseName() const { return name_; }

void PgShop::execOnServer(const std::string& sql) const {
    pqxx::connection server(pgServerUrl().value());
    pqxx::nontransaction tx(server);
    tx.exec(sql);
}
#endif

}  // namespace ob::migrate::test::studio
