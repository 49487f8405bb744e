#include "ob/migrate/sqlite/dialect.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <SQLiteCpp/Statement.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <thread>

#include "ob/migrate/error.hpp"
#include "quoting.hpp"
#include "core/sql_checks.hpp"
#include "core/sql_lexer.hpp"

namespace ob::migrate::sqlite {

using detail::quote;
namespace core = ob::migrate::detail;

namespace {

std::string codeName(int code) {
    const char* name = nullptr;
    switch (code & 0xFF) {
        case SQLITE_ERROR: name = "SQLITE_ERROR"; break;
        case SQLITE_INTERNAL: name = "SQLITE_INTERNAL"; break;
        case SQLITE_PERM: name = "SQLITE_PERM"; break;
        case SQLITE_ABORT: name = "SQLITE_ABORT"; break;
        case SQLITE_BUSY: name = "SQLITE_BUSY"; break;
        case SQLITE_LOCKED: name = "SQLITE_LOCKED"; break;
        case SQLITE_NOMEM: name = "SQLITE_NOMEM"; break;
        case SQLITE_READONLY: name = "SQLITE_READONLY"; break;
        case SQLITE_INTERRUPT: name = "SQLITE_INTERRUPT"; break;
        case SQLITE_IOERR: name = "SQLITE_IOERR"; break;
        case SQLITE_CORRUPT: name = "SQLITE_CORRUPT"; break;
        case SQLITE_FULL: name = "SQLITE_FULL"; break;
        case SQLITE_CANTOPEN: name = "SQLITE_CANTOPEN"; break;
        case SQLITE_SCHEMA: name = "SQLITE_SCHEMA"; break;
        case SQLITE_TOOBIG: name = "SQLITE_TOOBIG"; break;
        case SQLITE_CONSTRAINT: name = "SQLITE_CONSTRAINT"; break;
        case SQLITE_MISMATCH: name = "SQLITE_MISMATCH"; break;
        case SQLITE_MISUSE: name = "SQLITE_MISUSE"; break;
        case SQLITE_RANGE: name = "SQLITE_RANGE"; break;
        case SQLITE_NOTADB: name = "SQLITE_NOTADB"; break;
        default: break;
    }
    return name ? name : fmt::format("SQLITE_{}", code);
}

bool isBusy(const SQLite::Exception& e) {
    int code = e.getErrorCode() & 0xFF;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

/// SQLite's error as ours: waiting too long for another connection's lock is a LockTimeout.
/// `offset`: where in the executed SQL the failing statement is (DatabaseError::offset()).
[[noreturn]] void raise(int code, const std::string& message, const SQLite::Database& db,
                        std::size_t offset = DatabaseError::kUnknownOffset) {
    if ((code & 0xFF) == SQLITE_BUSY || (code & 0xFF) == SQLITE_LOCKED)
        throw LockTimeout(fmt::format("sqlite:{} stayed locked by another connection past the lock timeout: {}",
                                      db.getFilename(), message));
    if ((code & 0xFF) == SQLITE_NOTADB)
        throw DatabaseError(fmt::format("{} is not a SQLite database: {}", db.getFilename(), message), codeName(code),
                            offset);
    throw DatabaseError(message, codeName(code), offset);
}

[[noreturn]] void rethrow(const SQLite::Exception& e, const SQLite::Database& db) {
    raise(e.getErrorCode(), e.what(), db);
}

/// Restores the connection's busy timeout when the Migrator call ends.
/// Also forgets the foreign_key_check rows known for the call: other connections may write next.
class BusyTimeoutGuard final : public SessionLock {
public:
    BusyTimeoutGuard(SQLite::Database& db, int previous, std::optional<std::vector<std::string>>& known)
        : db_(db), previous_(previous), known_(known) {}
    ~BusyTimeoutGuard() override {
        known_.reset();
        try {
            db_.setBusyTimeout(previous_);
        } catch (...) {
        }
    }

private:
    SQLite::Database& db_;
    int previous_;
    std::optional<std::vector<std::string>>& known_;
};

/// An exclusive flock(2) on the database file, released (and the descriptor closed) on destruction.
class FileLock final : public SessionLock {
public:
    explicit FileLock(int fd) : fd_(fd) {}
    ~FileLock() override {
        flock(fd_, LOCK_UN);
        close(fd_);
    }

private:
    int fd_;
};

/// Every foreign_key_check row as "table|rowid|parent|fkid".
std::vector<std::string> foreignKeyViolations(SQLite::Database& db) {
    std::vector<std::string> rows;
    SQLite::Statement q(db, "PRAGMA foreign_key_check");
    while (q.executeStep())
        rows.push_back(q.getColumn(0).getString() + "|" + q.getColumn(1).getString() + "|" +
                       q.getColumn(2).getString() + "|" + q.getColumn(3).getString());
    std::sort(rows.begin(), rows.end());
    return rows;
}

}  // namespace

namespace {
/// tokens[first, end) is `PRAGMA foreign_keys = <on|off|...>`, a `;` after it allowed.
bool foreignKeysPragma(const std::vector<core::SqlToken>& t, std::size_t first, std::size_t end, bool& on) {
    if (end > first && t[end - 1].is(";")) --end;
    if (end - first != 4 || !t[first].isWord("pragma") || !t[first + 1].isWord("foreign_keys") || !t[first + 2].is("="))
        return false;
    const core::SqlToken& v = t[first + 3];
    std::string value = core::lowerAscii(v.kind == core::SqlToken::Kind::String && v.text.size() >= 2
                                               ? v.text.substr(1, v.text.size() - 2)
                                               : v.text);
    if (v.kind == core::SqlToken::Kind::QuotedName) return false;
    if (value == "off" || value == "0" || value == "false" || value == "no") {
        on = false;
        return true;
    }
    if (value == "on" || value == "1" || value == "true" || value == "yes") {
        on = true;
        return true;
    }
    return false;
}
}  // namespace

bool isForeignKeysPragma(std::string_view sql, bool& on) {
    const auto tokens = core::lexSql(sql);
    return foreignKeysPragma(tokens, 0, tokens.size(), on);
}

Dialect::Dialect(SQLite::Database& database, Options options)
    : db_(&database), options_(std::move(options)), quotedTable_(quote(options_.trackingTable)) {}

Dialect::Dialect(const std::string& path, Options options)
    : options_(std::move(options)), quotedTable_(quote(options_.trackingTable)) {
    try {
        owned_ = std::make_unique<SQLite::Database>(
            path, SQLite::OPEN_READWRITE | (options_.create ? SQLite::OPEN_CREATE : 0) | SQLITE_OPEN_URI);
        owned_->setBusyTimeout(5000);
        owned_->exec("PRAGMA foreign_keys=ON");  // as Drizzle's SQLite drivers: cascades happen, orphans fail
    } catch (const SQLite::Exception& e) {
        throw ConnectionError(fmt::format("cannot open SQLite database {}: {}", path, e.what()),
                              codeName(e.getErrorCode()));
    }
    db_ = owned_.get();
}

Dialect::~Dialect() = default;

std::string Dialect::describe() const { return "sqlite:" + db_->getFilename(); }

void Dialect::Finalize::operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }

namespace {
/// Resets a kept statement when the read ends, however it ends: it never holds a read lock between calls.
struct ResetAfter {
    sqlite3_stmt* statement;
    ~ResetAfter() { sqlite3_reset(statement); }
};

/// Prepares `sql` into `slot` once (SQLite re-prepares it by itself when the schema changes).
/// Returns SQLite's result code.
template <class Slot>
int prepareKept(sqlite3* db, Slot& slot, const std::string& sql) {
    if (slot) return SQLITE_OK;
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &statement, nullptr);
    slot.reset(statement);
    if (rc != SQLITE_OK) slot.reset();
    return rc;
}
}  // namespace

std::unique_ptr<SessionLock> Dialect::prepareSession(std::chrono::milliseconds lockTimeout) {
    // The previous timeout is read with a kept statement: the pragma reads a connection field, no page.
    sqlite3* handle = db_->getHandle();
    int previous = 0;
    try {
        if (prepareKept(handle, busyTimeoutQuery_, "PRAGMA busy_timeout") != SQLITE_OK)
            throw SQLite::Exception(handle, sqlite3_errcode(handle));
        ResetAfter reset{busyTimeoutQuery_.get()};
        const int rc = sqlite3_step(busyTimeoutQuery_.get());
        if (rc != SQLITE_ROW) throw SQLite::Exception(handle, rc);
        previous = sqlite3_column_int(busyTimeoutQuery_.get(), 0);
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
    violationsCommitted_.reset();
    auto guard = std::make_unique<BusyTimeoutGuard>(*db_, previous, violationsCommitted_);
    db_->setBusyTimeout(static_cast<int>(std::min<std::chrono::milliseconds::rep>(lockTimeout.count(), INT32_MAX)));
    return guard;
}

std::unique_ptr<SessionLock> Dialect::lock(std::chrono::milliseconds timeout) {
    const char* file = sqlite3_db_filename(db_->getHandle(), "main");
    if (!file || !*file) return std::make_unique<SessionLock>();  // in-memory: one connection only
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(fmt::format("cannot open {} to take the migration lock: {}", file, std::strerror(errno)));
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(1);
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        if (error == EINTR) continue;
        if (error != EWOULDBLOCK || std::chrono::steady_clock::now() >= deadline) {
            close(fd);
            if (error != EWOULDBLOCK)
                throw Error(fmt::format("cannot lock {}: {}", file, std::strerror(error)));
            throw LockTimeout(fmt::format("another ob-migrate held the migration lock on {} for more than {} ms",
                                          file, timeout.count()));
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
    return std::make_unique<FileLock>(fd);
}

SQLite::Statement& Dialect::cached(std::unique_ptr<SQLite::Statement>& slot, const std::string& sql) {
    if (!slot)
        slot = std::make_unique<SQLite::Statement>(*db_, sql);
    else
        slot->tryReset();  // a reset cannot fail in a way that matters here: executeStep reports it
    return *slot;
}

bool Dialect::trackingTableExists() {
    // Prepared once: the no-op boot runs only this and appliedMigrations().
    try {
        SQLite::Statement& q = cached(existsQuery_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
        q.bind(1, options_.trackingTable);
        const bool found = q.executeStep();
        q.tryReset();  // never keep a read lock between calls
        return found;
    } catch (const SQLite::Exception& e) {
        if (existsQuery_) existsQuery_->tryReset();
        rethrow(e, *db_);
    }
}

void Dialect::ensureTrackingTable() {
    // Drizzle's DDL (id SERIAL is not a rowid alias; Drizzle never reads it), plus two nullable
    // columns Drizzle's INSERT leaves alone.
    execute(fmt::format("CREATE TABLE IF NOT EXISTS {} (\n"
                        "    id SERIAL PRIMARY KEY,\n"
                        "    hash text NOT NULL,\n"
                        "    created_at numeric,\n"
                        "    name text,\n"
                        "    applied_at numeric\n"
                        ")",
                        quotedTable_));
}

bool Dialect::hasExtraColumns() {
    if (!extraColumns_) {
        bool name = false, appliedAt = false;
        try {
            SQLite::Statement q(*db_, fmt::format("PRAGMA table_info({})", quotedTable_));
            while (q.executeStep()) {
                std::string column = q.getColumn(1).getString();
                name = name || column == "name";
                appliedAt = appliedAt || column == "applied_at";
            }
        } catch (const SQLite::Exception& e) {
            rethrow(e, *db_);
        }
        extraColumns_ = name && appliedAt;
    }
    return *extraColumns_;
}

std::vector<AppliedRecord> Dialect::appliedMigrations() {
    std::vector<AppliedRecord> out;
    const bool extra = hasExtraColumns();
    try {
        SQLite::Statement& q = cached(appliedQuery_, fmt::format("SELECT hash, created_at{} FROM {} ORDER BY created_at",
                                                                 extra ? ", name, applied_at" : "", quotedTable_));
        while (q.executeStep()) {
            AppliedRecord r;
            r.hash = q.getColumn(0).getString();
            r.when = q.getColumn(1).getInt64();
            if (extra) {
                if (!q.getColumn(2).isNull()) r.name = q.getColumn(2).getString();
                if (!q.getColumn(3).isNull()) r.appliedAt = q.getColumn(3).getInt64();
            }
            out.push_back(std::move(r));
        }
        q.tryReset();
    } catch (const SQLite::Exception& e) {
        if (appliedQuery_) appliedQuery_->tryReset();
        if (std::strstr(e.what(), "no such column"))
            throw core::trackingTableShapeError(quotedTable_, describe(),
                                                DatabaseError(e.what(), codeName(e.getErrorCode())));
        rethrow(e, *db_);
    }
    return out;
}

bool Dialect::scanApplied(const AppliedRowVisitor& row) {
    sqlite3* handle = db_->getHandle();
    // SQLite has no "this table, if it exists" in one statement: a missing table fails the prepare
    // (then, and only then, sqlite_master is asked), or the step once it was dropped meanwhile.
    std::optional<SQLite::Exception> error;
    int rc = SQLITE_OK;
    if (!scanQuery_)
        rc = prepareKept(handle, scanQuery_, fmt::format("SELECT created_at, hash FROM {} ORDER BY created_at", quotedTable_));
    if (rc != SQLITE_OK) {
        error.emplace(handle, rc);
    } else {
        sqlite3_stmt* q = scanQuery_.get();
        ResetAfter reset{q};
        int step = SQLITE_OK;
        while ((step = sqlite3_step(q)) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q, 1));
            row(sqlite3_column_int64(q, 0), std::string_view(text ? text : "", sqlite3_column_bytes(q, 1)));
        }
        if (step != SQLITE_DONE) error.emplace(handle, step);
    }
    if (!error) return true;
    scanQuery_.reset();
    if (!trackingTableExists()) return false;
    if (std::strstr(error->what(), "no such column"))  // a table of another shape, as appliedMigrations() says
        throw core::trackingTableShapeError(quotedTable_, describe(),
                                            DatabaseError(error->what(), codeName(error->getErrorCode())));
    rethrow(*error, *db_);
}

bool Dialect::isApplied(std::int64_t when) {
    try {
        SQLite::Statement q(*db_, fmt::format("SELECT 1 FROM {} WHERE created_at = ? LIMIT 1", quotedTable_));
        q.bind(1, static_cast<int64_t>(when));
        return q.executeStep();
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
}

void Dialect::recordApplied(const Migration& migration) {
    const bool extra = hasExtraColumns();
    try {
        SQLite::Statement q(*db_, fmt::format("INSERT INTO {} (\"hash\", \"created_at\"{}) VALUES (?, ?{})",
                                              quotedTable_, extra ? ", \"name\", \"applied_at\"" : "",
                                              extra ? ", ?, ?" : ""));
        q.bind(1, migration.hash);
        q.bind(2, static_cast<int64_t>(migration.when));
        if (extra) {
            q.bind(3, migration.tag);
            q.bind(4, static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count()));
        }
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
}

void Dialect::updateHash(std::int64_t when, const std::string& hash) {
    try {
        SQLite::Statement q(*db_, fmt::format("UPDATE {} SET hash = ? WHERE created_at = ?", quotedTable_));
        q.bind(1, hash);
        q.bind(2, static_cast<int64_t>(when));
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
}

void Dialect::removeApplied(std::int64_t when) {
    try {
        SQLite::Statement q(*db_, fmt::format("DELETE FROM {} WHERE created_at = ?", quotedTable_));
        q.bind(1, static_cast<int64_t>(when));
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
}

PreparedMigration Dialect::prepare(const Migration& migration) const {
    // Drizzle writes `PRAGMA foreign_keys=OFF/ON` around table rebuilds. Inside a transaction SQLite
    // ignores them, so they are lifted out: enforcement is suspended around the transaction and
    // PRAGMA foreign_key_check runs before commit. Only whole statements are lifted (found with the
    // lexer, never inside a string, a quoted name or a comment); their bytes become spaces, so
    // every other byte keeps its offset and line.
    PreparedMigration prepared = ob::migrate::Dialect::prepare(migration);
    std::vector<Statement> kept;
    for (Statement& s : prepared.statements) {
        const auto tokens = core::lexSql(s.sql);
        for (const core::SqlStatementRange& range : core::sqlStatements(tokens)) {
            bool on = false;
            std::size_t end = range.end;
            if (end < tokens.size() && tokens[end].is(";")) ++end;  // its `;` goes too
            if (!foreignKeysPragma(tokens, range.first, end, on)) continue;
            prepared.suspendForeignKeys = prepared.suspendForeignKeys || !on;
            for (std::size_t i = tokens[range.first].begin; i < tokens[end - 1].end; ++i)
                if (s.sql[i] != '\n') s.sql[i] = ' ';
        }
        if (!s.empty()) kept.push_back(std::move(s));
    }
    prepared.statements = std::move(kept);
    return prepared;
}

void Dialect::beforeTransaction(const std::vector<PreparedMigration>& batch) {
    bool suspend = false;
    for (const auto& p : batch) suspend = suspend || p.suspendForeignKeys;
    try {
        const bool enforced = db_->execAndGet("PRAGMA foreign_keys").getInt() != 0;
        // With enforcement on all along, SQLite refuses every new violation itself (immediate ones
        // at their statement, deferred ones at COMMIT). Off (a rebuild's suspension, or a caller's
        // connection that never turned it on), PRAGMA foreign_key_check has to: see verify().
        checkForeignKeys_ = suspend || !enforced;
        // Read once per Migrator call; after that each checked commit says what is left.
        if (checkForeignKeys_ && !violationsCommitted_) violationsCommitted_ = foreignKeyViolations(*db_);
        if (!suspend) return;
        foreignKeysWereOn_ = enforced;
        if (enforced) db_->exec("PRAGMA foreign_keys=OFF");
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
}

void Dialect::begin(std::chrono::milliseconds lockTimeout) {
    try {
        db_->exec("BEGIN IMMEDIATE");
    } catch (const SQLite::Exception& e) {
        if (isBusy(e))
            throw LockTimeout(fmt::format("could not take the write lock on {} within {} ms: {}", describe(),
                                          lockTimeout.count(), e.what()));
        rethrow(e, *db_);
    }
}

void Dialect::verify(const PreparedMigration&) {
    if (!checkForeignKeys_) return;
    // Only violations this migration made count: orphans that were there before are not its doing.
    std::vector<std::string> now;
    try {
        now = foreignKeyViolations(*db_);
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
    static const std::vector<std::string> none;
    const std::vector<std::string>& before =
        violationsVerified_ ? *violationsVerified_ : violationsCommitted_ ? *violationsCommitted_ : none;
    std::vector<std::string> fresh;
    std::set_difference(now.begin(), now.end(), before.begin(), before.end(), std::back_inserter(fresh));
    if (fresh.empty()) {
        violationsVerified_ = std::move(now);  // what the database holds if this transaction commits
        return;
    }
    std::string problems;
    for (std::size_t i = 0; i < fresh.size() && i < 5; ++i) {
        std::vector<std::string> part;
        std::string_view rest = fresh[i];
        for (std::size_t bar; (bar = rest.find('|')) != std::string_view::npos; rest.remove_prefix(bar + 1))
            part.emplace_back(rest.substr(0, bar));
        problems += fmt::format("{}row {} of {} references a missing row of {}", i ? "; " : "", part.at(1), part.at(0),
                                part.at(2));
    }
    throw DatabaseError(fmt::format("PRAGMA foreign_key_check found {} new foreign key violation(s): {}{}",
                                    fresh.size(), problems, fresh.size() > 5 ? "; ..." : ""),
                        "SQLITE_CONSTRAINT");
}

void Dialect::commit() {
    try {
        db_->exec("COMMIT");
    } catch (const SQLite::Exception& e) {
        rethrow(e, *db_);
    }
    // What is left after a checked migration; after anything else, unknown until read again.
    if (violationsVerified_)
        violationsCommitted_ = std::move(violationsVerified_);
    else
        violationsCommitted_.reset();
    violationsVerified_.reset();
}

void Dialect::rollback() noexcept {
    violationsVerified_.reset();
    if (sqlite3_get_autocommit(db_->getHandle())) return;  // a failed statement may have ended it
    try {
        db_->exec("ROLLBACK");
    } catch (...) {
    }
}

bool Dialect::inTransaction() noexcept { return !sqlite3_get_autocommit(db_->getHandle()); }

void Dialect::afterTransaction(const std::vector<PreparedMigration>&) noexcept {
    if (foreignKeysWereOn_ && *foreignKeysWereOn_) {
        try {
            db_->exec("PRAGMA foreign_keys=ON");
        } catch (...) {
        }
    }
    foreignKeysWereOn_.reset();
    checkForeignKeys_ = false;
}

void Dialect::execute(const std::string& sql) {
    // Statement by statement (sqlite3_prepare_v2 and its tail), so every statement of the chunk
    // runs and an error says which one failed (DatabaseError::offset()).
    if (const std::size_t nul = sql.find('\0'); nul != std::string::npos)
        throw DatabaseError(fmt::format("the SQL holds a NUL byte at offset {}; SQLite would ignore the rest", nul),
                            codeName(SQLITE_MISUSE), nul);
    sqlite3* handle = db_->getHandle();
    const char* const begin = sql.c_str();
    const char* const end = begin + sql.size();
    for (const char* tail = begin; tail < end;) {
        const auto at = static_cast<std::size_t>(tail - begin);
        sqlite3_stmt* statement = nullptr;
        const char* next = nullptr;
        int rc = sqlite3_prepare_v2(handle, tail, static_cast<int>(end - tail), &statement, &next);
        if (rc == SQLITE_OK && statement) {
            do rc = sqlite3_step(statement);
            while (rc == SQLITE_ROW);
        }
        const std::string message = rc == SQLITE_OK || rc == SQLITE_DONE ? std::string() : sqlite3_errmsg(handle);
        sqlite3_finalize(statement);
        if (!message.empty()) raise(rc, message, *db_, at);
        if (!next || next <= tail) break;  // nothing but white space and comments was left
        tail = next;
    }
}

}  // namespace ob::migrate::sqlite
