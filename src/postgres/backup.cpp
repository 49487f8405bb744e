// PostgreSQL backups before migrating (pg_dump -Fc) and restoring them (pg_restore through psql).
#include <fmt/format.h>
#include <libpq-fe.h>
#include <signal.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <memory>
#include <pqxx/pqxx>

#include "child_process.hpp"
#include "client_tools.hpp"
#include "backend_support/backup_files.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/postgres/dialect.hpp"
#include "session.hpp"

namespace ob::migrate::postgres {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kBackupSuffix = ".dump";
constexpr std::string_view kKind = "PostgreSQL backup (a pg_dump -Fc archive, as migrate --backup writes)";

/// Run first, in the restore's transaction: removes what the backup may not have (every schema but
/// the system ones and public, every extension, what public holds), so that objects created after
/// the backup neither survive nor block pg_restore's own DROPs.
constexpr const char* kClearDatabase = R"sql(SET client_min_messages = warning;
DO $ob_migrate$
DECLARE r record;
BEGIN
  FOR r IN SELECT extname FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' LOOP
    EXECUTE format('DROP EXTENSION IF EXISTS %I CASCADE', r.extname);
  END LOOP;
  FOR r IN SELECT nspname FROM pg_catalog.pg_namespace
           WHERE nspname <> 'public' AND nspname <> 'information_schema' AND nspname NOT LIKE 'pg\_%' LOOP
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', r.nspname);
  END LOOP;
  FOR r IN SELECT c.oid::pg_catalog.regclass::text AS name, c.relkind FROM pg_catalog.pg_class c
           WHERE c.relnamespace = 'public'::pg_catalog.regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE',
                   CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE'
                                  WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
  END LOOP;
  FOR r IN SELECT p.oid::pg_catalog.regprocedure::text AS name FROM pg_catalog.pg_proc p
           WHERE p.pronamespace = 'public'::pg_catalog.regnamespace LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', r.name);
  END LOOP;
  FOR r IN SELECT t.oid::pg_catalog.regtype::text AS name, t.typtype FROM pg_catalog.pg_type t
           WHERE t.typnamespace = 'public'::pg_catalog.regnamespace AND t.typtype IN ('c', 'd', 'e', 'r')
             AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c') LOOP
    EXECUTE format('DROP %s IF EXISTS %s CASCADE', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
  END LOOP;
END
$ob_migrate$;)sql";

/// The database name as a file name: anything but letters, digits, '.', '_' and '-' becomes '_'.
std::string fileSafe(const std::string& name) {
    std::string out = name.empty() ? std::string("postgres") : name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
    return out;
}

/// The connection for the client programs' --dbname: this dialect's libpq keywords without the
/// password (it travels in PGPASSWORD) or the key's passphrase.
std::string clientConnectionString(const ConnectionInfo& info) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(PQconninfoParse(info.conninfo.c_str(), &error),
                                                                        &PQconninfoFree);
    if (error) PQfreemem(error);
    if (!parsed)
        throw Error(
            fmt::format("cannot pass the connection to {} on to the PostgreSQL client programs", info.describe()));
    std::string out;
    for (const PQconninfoOption* o = parsed.get(); o->keyword; ++o) {
        const std::string_view keyword = o->keyword;
        if (!o->val || keyword == "password" || keyword == "sslpassword") continue;
        out += fmt::format("{}{}={}", out.empty() ? "" : " ", keyword, detail::quoteConninfoValue(o->val));
    }
    return out;
}

std::vector<std::string> clientEnvironment(const ConnectionInfo& info) {
    if (info.password.empty()) return detail::environmentWith({}, {});
    return detail::environmentWith({"PGPASSWORD"}, {"PGPASSWORD=" + info.password});
}
}  // namespace

int Dialect::serverMajorVersion() {
    int version = conn_->server_version();
    if (version == 0) {  // not connected at the moment: libpqxx reconnects for a query
        try {
            pqxx::nontransaction tx(*conn_);
            version = tx.exec1("SHOW server_version_num")[0].as<int>();
        } catch (...) {
            detail::rethrowTranslated(info_);
        }
    }
    return version / 10000;
}

std::optional<std::string> Dialect::backup(const BackupOptions& options) {
    const auto tools = detail::findClientTools({"pg_dump"}, serverMajorVersion(), options_.clientSearchPath,
                                               "a backup of " + describe());
    const fs::path dir(options.backupDirectory);
    if (!dir.empty()) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) throw Error(fmt::format("cannot create the backup directory {}: {}", dir.string(), ec.message()));
    }
    const std::string base = fileSafe(info_.database);
    const fs::path target = ob::migrate::detail::freshBackupPath(dir, base, kBackupSuffix);
    const fs::path partial = ob::migrate::detail::partialPath(target);

    detail::ChildProcess dump(
        tools.path("pg_dump"),
        {"--format=custom", "--no-password", "--file=" + partial.string(), "--dbname=" + clientConnectionString(info_)},
        clientEnvironment(info_), {});
    const int rc = dump.wait();
    std::error_code ec;
    if (rc != 0) {
        fs::remove(partial, ec);
        throw Error(info_.scrub(
            fmt::format("pg_dump could not back up {} (exit code {}): {}", describe(), rc, dump.errorText())));
    }
    ob::migrate::detail::publishBackup(partial, target);
    ob::migrate::detail::removeOldBackups(dir, base, kBackupSuffix, options.keep);
    return target.string();
}

void Dialect::checkBackupFile(const std::string& path) {
    const auto head = ob::migrate::detail::readBackupHead(path, ob::migrate::detail::kSqliteMagic.size(), kKind);
    ob::migrate::detail::requireBackupMagic(path, head, ob::migrate::detail::kDumpMagic, kKind);
}

void Dialect::restore(const std::string& backupPath) {
    checkBackupFile(backupPath);
    const auto tools = detail::findClientTools({"pg_restore", "psql"}, serverMajorVersion(), options_.clientSearchPath,
                                               "restoring into " + describe());
    const auto environment = clientEnvironment(info_);
    const std::string failed = fmt::format("cannot restore {} into {}, nothing was changed", backupPath, describe());
    {  // the archive's table of contents must be readable before anything is touched
        detail::ChildProcess list(tools.path("pg_restore"), {"--list", "--file=/dev/null", backupPath}, environment,
                                  {});
        if (list.wait() != 0) throw Error(fmt::format("{}: pg_restore cannot read it: {}", failed, list.errorText()));
    }

    // pg_restore writes the script, psql runs it after kClearDatabase in one transaction; psql then
    // reads fd 3, which is closed (letting it commit) only once pg_restore has succeeded.
    detail::Pipe script, gate;
    detail::ChildProcess psql(tools.path("psql"),
                              {"--no-psqlrc", "--quiet", "--no-password", "--set=ON_ERROR_STOP=1",
                               "--single-transaction", std::string("--command=") + kClearDatabase, "--file=-",
                               "--file=/dev/fd/3", "--dbname=" + clientConnectionString(info_)},
                              environment, {script.read.get(), -1, {{gate.read.get(), 3}}});
    script.read.reset();
    gate.read.reset();
    detail::ChildProcess pgRestore(tools.path("pg_restore"),
                                   {"--clean", "--if-exists", "--no-owner", "--file=-", backupPath}, environment,
                                   {-1, script.write.get(), {}});
    script.write.reset();

    if (pgRestore.wait() != 0) {
        psql.kill();  // before the gate closes: its transaction is rolled back
        psql.wait();
        if (pgRestore.killedBy(SIGPIPE))  // psql stopped reading first: its error is the one
            throw Error(info_.scrub(fmt::format("{}: psql failed: {}", failed, psql.errorText())));
        std::string message = fmt::format("{}: pg_restore failed: {}", failed, pgRestore.errorText());
        if (!psql.killedBy(SIGKILL))  // it had stopped by itself too (e.g. on the cut-off script)
            message += fmt::format(" (then psql: {})", psql.errorText());
        throw Error(info_.scrub(message));
    }
    gate.write.reset();
    const int rc = psql.wait();
    extraColumns_.reset();
    if (rc != 0)
        throw Error(info_.scrub(fmt::format("{}: psql failed (exit code {}): {}", failed, rc, psql.errorText())));
}

}  // namespace ob::migrate::postgres
