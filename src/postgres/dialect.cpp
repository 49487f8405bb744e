#include "ob/migrate/postgres/dialect.hpp"

#include <fmt/format.h>

#include <pqxx/pqxx>

#include <cctype>
#include <charconv>

#include "core/hashing.hpp"
#include "core/sql_checks.hpp"
#include "ob/migrate/planned_migration.hpp"
#include "advisory_lock.hpp"
#include "lock_wait.hpp"
#include "ob/migrate/error.hpp"
#include "session.hpp"

namespace ob::migrate::postgres {

namespace {
std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Where in `sql` the server's error points: libpq adds "LINE <n>:" to the message when the
/// server reports an error position; the start of that line of `sql`, else kUnknownOffset.
std::size_t errorOffset(std::string_view message, std::string_view sql) {
    const std::size_t at = message.find("\nLINE ");
    if (at == std::string_view::npos) return DatabaseError::kUnknownOffset;
    std::size_t line = 0;
    for (std::size_t i = at + 6; i < message.size() && std::isdigit(static_cast<unsigned char>(message[i])); ++i)
        line = line * 10 + static_cast<std::size_t>(message[i] - '0');
    if (line == 0) return DatabaseError::kUnknownOffset;
    std::size_t offset = 0;
    for (std::size_t n = 1; n < line; ++n) {
        offset = sql.find('\n', offset);
        if (offset == std::string_view::npos) return DatabaseError::kUnknownOffset;
        ++offset;
    }
    return offset;
}
}  // namespace

std::int64_t advisoryLockKey(std::string_view schema, std::string_view table) {
    auto quoted = [](std::string_view identifier) {
        std::string out = "\"";
        for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + '"';
    };
    const std::string digest = sha256Hex(fmt::format("ob-migrate:{}.{}", quoted(schema), quoted(table)));
    return static_cast<std::int64_t>(std::stoull(digest.substr(0, 16), nullptr, 16));
}

/// Runs `f`, turning libpqxx exceptions into ob::migrate errors.
template <class F>
auto Dialect::guarded(F&& f) {
    try {
        return f();
    } catch (...) {
        detail::rethrowTranslated(info_);
    }
}

/// One statement in autocommit, or in the transaction begin() opened. Without parameters it goes
/// through the simple query protocol (several statements allowed).
template <class... Args>
pqxx::result Dialect::query(const std::string& sql, const Args&... args) {
    return guarded([&] {
        pqxx::nontransaction tx(*conn_);
        checkSession();
        if constexpr (sizeof...(Args) == 0)
            return tx.exec(sql);
        else
            return tx.exec_params(sql, args...);
    });
}

class Dialect::Owned : public detail::Session {
public:
    using detail::Session::Session;
};

Dialect::Dialect(pqxx::connection& connection, Options options)
    : conn_(&connection),
      options_(std::move(options)),
      info_(parseLibpqConnectionString(connection.options(), options_.connectTimeout)) {
    init();
}

Dialect::Dialect(const std::string& url, Options options)
    : options_(std::move(options)), info_(parseConnectionUrl(url, options_.connectTimeout)) {
    checkOptions();
    owned_ = std::make_unique<Owned>(info_);
    conn_ = &owned_->connection();
    init();
}

Dialect::~Dialect() = default;

void Dialect::checkOptions() const {
    if (options_.trackingSchema.empty() || options_.trackingTable.empty())
        throw ConfigError("the tracking table's schema and name must not be empty");
}

void Dialect::init() {
    checkOptions();
    guarded([&] {
        qualifiedTable_ = conn_->quote_name(options_.trackingSchema) + "." + conn_->quote_name(options_.trackingTable);
    });
    lockKey_ = advisoryLockKey(options_.trackingSchema, options_.trackingTable);
    lockWaitGuard_ = std::make_unique<detail::LockWaitGuard>(*conn_, info_);
}

void Dialect::applyLimits(const WaitLimits& limits, bool inTransaction) {
    lockWaitGuard_->applyLimits(limits, inTransaction);
}
void Dialect::resetLimits() noexcept { lockWaitGuard_->resetLimits(); }
bool Dialect::isLockWaitTimeout(const DatabaseError& error) const noexcept {
    return lockWaitGuard_->isLockWaitTimeout(error);
}
std::string Dialect::describeLockHolders(const std::string& sql) { return lockWaitGuard_->describeLockHolders(sql); }
void Dialect::cleanUpFailedAttempt(const std::string& sql) { lockWaitGuard_->cleanUpFailedAttempt(sql); }

void Dialect::checkSession() const {
    // libpqxx re-opens a broken connection behind our back; a transaction begun on the old one is gone.
    if (transactionBackend_ && conn_->backendpid() != *transactionBackend_)
        throw ConnectionError(
            fmt::format("the connection to {} was lost during a transaction, which the server rolled back", describe()),
            "08006");
}

std::string Dialect::describe() const { return info_.describe(); }

std::unique_ptr<Scope> Dialect::lock(std::chrono::milliseconds timeout) {
    auto lock = detail::AdvisoryLock::acquire(info_, lockKey_, timeout, options_.lockPollInterval);
    heldLock_ = lock->held();
    return lock;
}

void Dialect::checkLock() {
    const std::shared_ptr<const detail::HeldLock> held = heldLock_.lock();
    if (!held) return;  // no lock taken by this Dialect: nothing to prove
    const auto bits = static_cast<std::uint64_t>(held->key);
    const bool granted =
        query("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND granted "
              "AND objsubid = 1 AND pid = $1 "
              "AND database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
              "AND classid::bigint = $2 AND objid::bigint = $3)",
              held->backendPid, static_cast<std::int64_t>(bits >> 32), static_cast<std::int64_t>(bits & 0xffffffffu))[0][0]
            .as<bool>();
    if (!granted)
        throw LockLost(fmt::format("the migration lock on {} (advisory lock {}, taken by backend pid {}) was lost: the "
                                   "server ended that session (idle timeout, failover, pg_terminate_backend), so "
                                   "another run may hold the lock now",
                                   describe(), held->key, held->backendPid));
}

bool Dialect::exists() {
    // Looked up by OID from the qualified name: half the server time of a pg_class/pg_namespace join
    // to plan and run, and every boot asks.
    return query(
               "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = pg_catalog.to_regclass($1) "
               "AND relkind IN ('r', 'p'))",
               qualifiedTable_)[0][0]
        .as<bool>();
}

void Dialect::ensure() {
    // Drizzle's DDL plus two nullable columns its INSERT leaves alone. Each CREATE runs only when
    // the object is missing: IF NOT EXISTS alone still needs the CREATE privilege.
    const bool schemaExists =
        query("SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)", options_.trackingSchema)[0][0]
            .as<bool>();
    if (!schemaExists)
        execute(fmt::format("CREATE SCHEMA IF NOT EXISTS {}", conn_->quote_name(options_.trackingSchema)));
    if (!exists()) {
        execute(
            fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "\tid SERIAL PRIMARY KEY,\n"
                        "\thash text NOT NULL,\n"
                        "\tcreated_at bigint,\n"
                        "\tname text,\n"
                        "\tapplied_at bigint\n"
                        ")",
                        qualifiedTable_));
        extraColumns_.reset();  // the shape is asked again (readShape)
    }
}

// The tracking table's shape, asked once and remembered only once the table exists: whether it has
// ob::migrate's name and applied_at, and whether applied_at is drizzle-orm 1.0's timestamp with time
// zone (ob::migrate writes epoch ms, bigint).
void Dialect::readShape() {
    if (extraColumns_) return;
    const pqxx::result r = query(
        "SELECT to_regclass($1) IS NOT NULL, (SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = "
        "to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attname IN ('name', 'applied_at')), EXISTS (SELECT 1 "
        "FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'applied_at' AND NOT "
        "attisdropped AND format_type(atttypid, atttypmod) LIKE 'timestamp%')",
        qualifiedTable_);
    if (!r[0][0].as<bool>()) return;  // no table (yet): nothing to remember, ensure() may create it
    extraColumns_ = r[0][1].as<int>() == 2;
    appliedAtTimestamp_ = r[0][2].as<bool>();
}

bool Dialect::hasExtraColumns() {
    readShape();
    return extraColumns_.value_or(false);
}

bool Dialect::appliedAtIsTimestamp() {
    readShape();
    return appliedAtTimestamp_.value_or(false);
}

std::vector<AppliedRecord> Dialect::read() {
    const bool extra = hasExtraColumns();
    pqxx::result rows;
    try {
        rows = query(fmt::format("SELECT hash, created_at{} FROM {} ORDER BY created_at, id",
                                 extra ? (appliedAtIsTimestamp() ? ", name, (extract(epoch FROM applied_at) * 1000)::bigint"
                                                                 : ", name, applied_at")
                                       : "",
                                 qualifiedTable_));
    } catch (const DatabaseError& e) {
        if (e.sqlState() == "42703") throw ob::migrate::detail::trackingTableShapeError(qualifiedTable_, describe(), e);
        throw;
    }
    return guarded([&] {
        std::vector<AppliedRecord> out;
        out.reserve(rows.size());
        for (const auto& row : rows) {
            AppliedRecord r;
            r.hash = row[0].as<std::string>();
            r.when = row[1].is_null() ? 0 : row[1].as<std::int64_t>();
            if (extra) {
                if (!row[2].is_null()) r.name = row[2].as<std::string>();
                if (!row[3].is_null()) r.appliedAt = row[3].as<std::int64_t>();
            }
            out.push_back(std::move(r));
        }
        return out;
    });
}

bool Dialect::scan(const RowVisitor& row) {
    // No statement can read a table that may not exist (the name is resolved before it runs), so the
    // table is read directly and "relation does not exist" is the answer "no tracking table".
    if (scanSql_.empty())
        scanSql_ = fmt::format("SELECT created_at, hash FROM {} ORDER BY created_at, id", qualifiedTable_);
    pqxx::result rows;
    try {
        rows = query(scanSql_);
    } catch (const DatabaseError& e) {
        if (e.sqlState() == "42P01" || e.sqlState() == "3F000") return false;  // undefined table / schema
        if (e.sqlState() == "42703") throw ob::migrate::detail::trackingTableShapeError(qualifiedTable_, describe(), e);
        throw;
    }
    return guarded([&] {
        for (pqxx::result::size_type i = 0, n = rows.size(); i < n; ++i) {
            const pqxx::row r = rows[i];
            const pqxx::field when = r[0], hash = r[1];
            std::int64_t value = 0;
            if (!when.is_null()) {
                const char* text = when.c_str();
                if (std::from_chars(text, text + when.size(), value).ec != std::errc())
                    throw DatabaseError(fmt::format("{}: created_at {} is not an integer", describe(), text));
            }
            row(value, std::string_view(hash.c_str(), hash.size()));
        }
        return true;
    });
}

bool Dialect::contains(std::int64_t when) {
    return !query(fmt::format("SELECT 1 FROM {} WHERE created_at = $1 LIMIT 1", qualifiedTable_), when).empty();
}

void Dialect::add(const Migration& migration) {
    if (hasExtraColumns())
        query(fmt::format("INSERT INTO {} (\"hash\", \"created_at\", \"name\", \"applied_at\") VALUES ($1, $2, $3, {})",
                          qualifiedTable_, appliedAtIsTimestamp() ? "to_timestamp($4::bigint / 1000.0)" : "$4"),
              migration.hash, migration.when, migration.tag, nowMs());
    else
        query(fmt::format("INSERT INTO {} (\"hash\", \"created_at\") VALUES ($1, $2)", qualifiedTable_), migration.hash,
              migration.when);
}

void Dialect::setHash(std::int64_t when, const std::string& hash) {
    query(fmt::format("UPDATE {} SET hash = $1 WHERE created_at = $2", qualifiedTable_), hash, when);
}

void Dialect::remove(std::int64_t when) {
    query(fmt::format("DELETE FROM {} WHERE created_at = $1", qualifiedTable_), when);
}

void Dialect::beginTransaction() {
    // Exclusivity comes from the advisory lock; the transaction only has to be atomic.
    if (transactionBackend_) throw Error(fmt::format("{}: a migration transaction is already open", describe()));
    guarded([&] {
        pqxx::nontransaction tx(*conn_);
        tx.exec("BEGIN");
        transactionBackend_ = conn_->backendpid();
    });
    if (heldLock_.expired()) return;
    // While the session lock is held, every transaction also takes a transaction-level lock (the
    // two-int form of the same key: another lock space, so it never waits for our own session
    // lock). A run that got the session lock after ours was lost waits here until our transaction
    // has ended, then reads the tracking table afresh: a migration is never applied twice. Only
    // transactions take it, so a no-transaction CREATE INDEX CONCURRENTLY never waits for it.
    const auto bits = static_cast<std::uint64_t>(lockKey_);
    try {
        query("SELECT pg_catalog.pg_advisory_xact_lock($1, $2)",
              static_cast<int>(static_cast<std::int32_t>(bits >> 32)),
              static_cast<int>(static_cast<std::int32_t>(bits & 0xffffffffu)));
        checkLock();
    } catch (...) {
        rollbackTransaction();  // the caller's Transaction never existed: end what BEGIN opened
        throw;
    }
}

void Dialect::commitTransaction() {
    checkLock();  // throws with the transaction still open: rollbackTransaction() undoes it
    struct Over {  // whatever COMMIT does, the transaction is over afterwards
        std::optional<int>& backend;
        ~Over() { backend.reset(); }
    } over{transactionBackend_};
    query("COMMIT");
}

void Dialect::rollbackTransaction() noexcept {
    if (!transactionBackend_) return;
    const int backend = *transactionBackend_;
    transactionBackend_.reset();
    try {
        pqxx::nontransaction tx(*conn_);
        if (conn_->backendpid() == backend) tx.exec("ROLLBACK");
    } catch (...) {
        // A lost connection took the transaction with it.
    }
}

/// A transaction on the main connection (or, not atomic, only the proof that the lock is held).
class PgTransaction final : public Transaction {
public:
    PgTransaction(Dialect& dialect, bool atomic) : dialect_(dialect), atomic_(atomic) {
        if (atomic_)
            dialect_.beginTransaction();
        else
            dialect_.checkLock();  // nothing else proves the lock before statements that commit themselves
        open_ = atomic_;
    }
    ~PgTransaction() override {
        if (open_) dialect_.rollbackTransaction();
    }
    void commit() override {
        if (!atomic_) return;
        dialect_.commitTransaction();  // a LockLost before COMMIT leaves it open: the destructor rolls back
        open_ = false;
    }
    bool rollback() noexcept override {
        if (open_) dialect_.rollbackTransaction();
        open_ = false;
        return !dialect_.transactionBackend_.has_value();
    }

private:
    Dialect& dialect_;
    bool atomic_;
    bool open_ = false;
};

std::unique_ptr<Transaction> Dialect::begin(const std::vector<PlannedMigration>&, const TransactionOptions& options) {
    return std::make_unique<PgTransaction>(*this, options.atomic);
}

void Dialect::execute(const std::string& sql) {
    if (const std::size_t nul = sql.find('\0'); nul != std::string::npos)
        throw DatabaseError(fmt::format("the SQL holds a NUL byte at offset {}; the server would never see the rest",
                                        nul),
                            "22021", nul);
    try {
        query(sql);  // simple query protocol: the chunk may hold several statements
    } catch (const ConnectionError&) {
        throw;
    } catch (const DatabaseError& e) {
        if (e.sqlState() != "25001") throw DatabaseError(e.what(), e.sqlState(), errorOffset(e.what(), sql));
        // "... cannot run inside a transaction block"
        const char* hint =
            transactionBackend_
                ? "hint: make `-- ob-migrate: no-transaction` the file's first line to run it outside a transaction"
                : "hint: several statements sent at once run as one implicit transaction; put this statement "
                  "in a chunk of its own (--> statement-breakpoint)";
        throw DatabaseError(fmt::format("{}\n{}", e.what(), hint), e.sqlState(), errorOffset(e.what(), sql));
    }
}

}  // namespace ob::migrate::postgres
