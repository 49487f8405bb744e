// The SQLite driver: its connection, busy timeout, migration lock (flock), and running SQL.
#include "ob/migrate/sqlite/dialect.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <SQLiteCpp/Statement.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "errors.hpp"
#include "foreign_keys.hpp"
#include "kept_statement.hpp"
#include "ob/migrate/error.hpp"
#include "quoting.hpp"

namespace ob::migrate::sqlite {

using detail::codeName;
using detail::quote;

namespace {

/// Restores the connection's busy timeout when the Migrator call ends.
/// Also forgets the foreign_key_check rows known for the call: other connections may write next.
class BusyTimeoutGuard final : public Scope {
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
class FileLock final : public Scope {
public:
    explicit FileLock(int fd) : fd_(fd) {}
    ~FileLock() override {
        flock(fd_, LOCK_UN);
        close(fd_);
    }

private:
    int fd_;
};

}  // namespace

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

void Dialect::rethrow(const SQLite::Exception& e) const { detail::rethrow(e, db_->getFilename()); }

std::unique_ptr<Scope> Dialect::session(std::chrono::milliseconds lockTimeout) {
    // The previous timeout is read with a kept statement: the pragma reads a connection field, no page.
    sqlite3* handle = db_->getHandle();
    int previous = 0;
    try {
        if (detail::prepareKept(handle, busyTimeoutQuery_, "PRAGMA busy_timeout") != SQLITE_OK)
            throw SQLite::Exception(handle, sqlite3_errcode(handle));
        detail::ResetAfter reset{busyTimeoutQuery_.get()};
        const int rc = sqlite3_step(busyTimeoutQuery_.get());
        if (rc != SQLITE_ROW) throw SQLite::Exception(handle, rc);
        previous = sqlite3_column_int(busyTimeoutQuery_.get(), 0);
    } catch (const SQLite::Exception& e) {
        rethrow(e);
    }
    violationsCommitted_.reset();
    auto guard = std::make_unique<BusyTimeoutGuard>(*db_, previous, violationsCommitted_);
    db_->setBusyTimeout(static_cast<int>(std::min<std::chrono::milliseconds::rep>(lockTimeout.count(), INT32_MAX)));
    return guard;
}

std::unique_ptr<Scope> Dialect::lock(std::chrono::milliseconds timeout) {
    const char* file = sqlite3_db_filename(db_->getHandle(), "main");
    if (!file || !*file) return std::make_unique<Scope>();  // in-memory: one connection only
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

PlannedMigration Dialect::prepare(const Migration& migration, Direction direction) const {
    // Drizzle writes `PRAGMA foreign_keys=OFF/ON` around table rebuilds; inside a transaction SQLite
    // ignores them, so they are lifted out and begin() applies them around the transaction.
    PlannedMigration planned = Driver::prepare(migration, direction);
    detail::liftForeignKeyPragmas(planned);
    return planned;
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
        if (!message.empty()) detail::raise(rc, message, db_->getFilename(), at);
        if (!next || next <= tail) break;  // nothing but white space and comments was left
        tail = next;
    }
}

}  // namespace ob::migrate::sqlite
