// The SQLite transaction: BEGIN IMMEDIATE, and the foreign-key handling around it — enforcement
// suspended from before BEGIN until after the end when a script turns it off (SQLite ignores the
// pragma inside a transaction), PRAGMA foreign_key_check before commit whenever enforcement is
// off, and only violations the migration made failing it.
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <iterator>

#include "errors.hpp"
#include "foreign_keys.hpp"
#include "ob/migrate/sqlite/dialect.hpp"

namespace ob::migrate::sqlite {

class SqliteTransaction final : public Transaction {
public:
    SqliteTransaction(Dialect& dialect, const std::vector<PlannedMigration>& batch, const TransactionOptions& options)
        : dialect_(dialect), db_(*dialect.db_), atomic_(options.atomic) {
        try {
            if (!batch.empty()) suspend(batch);
            if (atomic_) db_.exec("BEGIN IMMEDIATE");
        } catch (const SQLite::Exception& e) {
            restoreForeignKeys();
            const int code = e.getErrorCode() & 0xFF;
            if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
                throw LockTimeout(fmt::format("could not take the write lock on {} within {} ms: {}", dialect.describe(),
                                              options.lockTimeout.count(), e.what()));
            dialect.rethrow(e);
        }
        open_ = true;
    }

    ~SqliteTransaction() override {
        if (open_) rollback();
        restoreForeignKeys();
    }

    void verify(const PlannedMigration&) override {
        if (!check_) return;
        // Only violations this migration made count: orphans that were there before are not its doing.
        std::vector<std::string> now;
        try {
            now = detail::foreignKeyViolations(db_);
        } catch (const SQLite::Exception& e) {
            dialect_.rethrow(e);
        }
        static const std::vector<std::string> none;
        const auto& known = dialect_.violationsCommitted_;
        const std::vector<std::string>& before = verified_ ? *verified_ : known ? *known : none;
        std::vector<std::string> fresh;
        std::set_difference(now.begin(), now.end(), before.begin(), before.end(), std::back_inserter(fresh));
        if (fresh.empty()) {
            verified_ = std::move(now);  // what the database holds if this transaction commits
            return;
        }
        std::string problems;
        for (std::size_t i = 0; i < fresh.size() && i < 5; ++i) {
            std::vector<std::string> part;
            std::string_view rest = fresh[i];
            for (std::size_t bar; (bar = rest.find('|')) != std::string_view::npos; rest.remove_prefix(bar + 1))
                part.emplace_back(rest.substr(0, bar));
            problems += fmt::format("{}row {} of {} references a missing row of {}", i ? "; " : "", part.at(1),
                                    part.at(0), part.at(2));
        }
        throw DatabaseError(fmt::format("PRAGMA foreign_key_check found {} new foreign key violation(s): {}{}",
                                        fresh.size(), problems, fresh.size() > 5 ? "; ..." : ""),
                            "SQLITE_CONSTRAINT");
    }

    void commit() override {
        if (atomic_) {
            try {
                db_.exec("COMMIT");
            } catch (const SQLite::Exception& e) {
                dialect_.rethrow(e);
            }
        }
        open_ = false;
        // What is left after a checked migration; after anything else, unknown until read again.
        if (checked_) {
            if (verified_)
                dialect_.violationsCommitted_ = std::move(verified_);
            else
                dialect_.violationsCommitted_.reset();
        }
        verified_.reset();
        restoreForeignKeys();
    }

    bool rollback() noexcept override {
        open_ = false;
        verified_.reset();
        if (atomic_ && !sqlite3_get_autocommit(db_.getHandle())) {  // a failed statement may have ended it
            try {
                db_.exec("ROLLBACK");
            } catch (...) {
            }
        }
        const bool ended = sqlite3_get_autocommit(db_.getHandle()) != 0;
        restoreForeignKeys();
        return ended;
    }

private:
    void suspend(const std::vector<PlannedMigration>& batch) {
        bool off = false;
        for (const auto& p : batch) off = off || detail::suspendsForeignKeys(p);
        const bool enforced = db_.execAndGet("PRAGMA foreign_keys").getInt() != 0;
        // With enforcement on all along, SQLite refuses every new violation itself (immediate ones
        // at their statement, deferred ones at COMMIT). Off (a rebuild's suspension, or a caller's
        // connection that never turned it on), PRAGMA foreign_key_check has to: see verify().
        check_ = off || !enforced;
        checked_ = true;
        // Read once per Migrator call; after that each checked commit says what is left.
        if (check_ && !dialect_.violationsCommitted_) dialect_.violationsCommitted_ = detail::foreignKeyViolations(db_);
        if (!off || !enforced) return;
        db_.exec("PRAGMA foreign_keys=OFF");
        restoreOn_ = true;
    }

    void restoreForeignKeys() noexcept {
        if (!restoreOn_) return;
        restoreOn_ = false;
        try {
            db_.exec("PRAGMA foreign_keys=ON");
        } catch (...) {
        }
    }

    Dialect& dialect_;
    SQLite::Database& db_;
    bool atomic_;
    bool open_ = false;
    bool check_ = false;    ///< foreign keys are not enforced during this transaction: verify() checks
    bool checked_ = false;  ///< it runs migrations (not only tracking-table writes)
    bool restoreOn_ = false;
    /// foreign_key_check rows as of the last verify() of this transaction.
    std::optional<std::vector<std::string>> verified_;
};

std::unique_ptr<Transaction> Dialect::begin(const std::vector<PlannedMigration>& batch,
                                            const TransactionOptions& options) {
    return std::make_unique<SqliteTransaction>(*this, batch, options);
}

}  // namespace ob::migrate::sqlite
