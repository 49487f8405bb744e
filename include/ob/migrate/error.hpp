// ob::migrate — the one exception hierarchy. Everything the library throws derives from Error.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ob::migrate {

/// Root of every exception ob::migrate throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad settings: an unknown dialect, a malformed URL, contradictory options.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// A migrations folder (or embedded set) that cannot be used: malformed journal, missing .sql file,
/// duplicate idx/when/tag, a journal written for another dialect. `file()` names the culprit.
class MigrationSetError : public Error {
public:
    MigrationSetError(std::string file, const std::string& problem);
    const std::string& file() const noexcept { return file_; }

private:
    std::string file_;
};

/// An error reported by the database itself. `sqlState()` is the SQLSTATE on PostgreSQL and the
/// SQLite result-code name (e.g. "SQLITE_CONSTRAINT") on SQLite.
class DatabaseError : public Error {
public:
    static constexpr std::size_t kUnknownOffset = static_cast<std::size_t>(-1);
    DatabaseError(const std::string& message, std::string sqlState = {}, std::size_t offset = kUnknownOffset);
    const std::string& sqlState() const noexcept { return sqlState_; }
    /// Where in the SQL text given to Dialect::execute() the failing statement is (a byte offset at
    /// or before its first token; SQLite: statement by statement; PostgreSQL: the error position
    /// when the server reports one), or kUnknownOffset.
    std::size_t offset() const noexcept { return offset_; }

private:
    std::string sqlState_;
    std::size_t offset_ = kUnknownOffset;
};

/// The migration lock was lost while a run held it (PostgreSQL: the server ended the lock's
/// session), so another run may hold it now. The run stops; the message says what was applied.
class LockLost : public Error {
public:
    using Error::Error;
};

/// The database could not be reached: names host, port and database, never the password.
class ConnectionError : public DatabaseError {
public:
    using DatabaseError::DatabaseError;
};

/// The migration lock (PostgreSQL advisory lock, SQLite write lock) was not obtained in time.
class LockTimeout : public Error {
public:
    using Error::Error;
};

/// A verification failure: the database or the folder is not what it must be (an applied
/// migration changed or missing from the folder, an out-of-order migration). The CLI exits 3.
class VerificationError : public Error {
public:
    using Error::Error;
};

/// An applied migration's file no longer has the hash recorded when it was applied.
class ChecksumMismatch : public VerificationError {
public:
    ChecksumMismatch(std::string tag, std::string recorded, std::string actual, std::string file = {});
    const std::string& tag() const noexcept { return tag_; }
    const std::string& file() const noexcept { return file_; }
    const std::string& recordedHash() const noexcept { return recorded_; }
    const std::string& actualHash() const noexcept { return actual_; }

private:
    std::string tag_, recorded_, actual_, file_;
};

/// A pending migration is older than the newest applied one (typically a merged branch).
class OutOfOrder : public VerificationError {
public:
    OutOfOrder(std::string tag, std::string newestAppliedTag);
    const std::string& tag() const noexcept { return tag_; }
    const std::string& newestAppliedTag() const noexcept { return newest_; }

private:
    std::string tag_, newest_;
};

/// The database applied some, not all, of the migrations an `ob-migrate squash` migration replaces:
/// neither running it (their objects exist) nor skipping it (the rest are missing) is right.
class PartlySquashed : public VerificationError {
public:
    PartlySquashed(std::string tag, std::vector<std::string> applied, std::vector<std::string> missing);
    const std::string& tag() const noexcept { return tag_; }
    const std::vector<std::string>& applied() const noexcept { return applied_; }
    const std::vector<std::string>& missing() const noexcept { return missing_; }

private:
    std::string tag_;
    std::vector<std::string> applied_, missing_;
};

/// A statement of a migration failed. The migration's effects were rolled back (unless it ran
/// outside a transaction, which the message then says).
class MigrationFailed : public Error {
public:
    struct Details {
        std::string tag;
        std::string file;            ///< the .sql file, when the set came from a folder
        std::size_t statementIndex = 0;  ///< 1-based chunk index; 0 = the check after the last statement
        std::size_t line = 0;            ///< 1-based line of the statement in the file
        std::string statement;       ///< the statement's first line
        std::string databaseMessage;
        std::string sqlState;
        bool transactional = true;
        std::size_t rolledBackWith = 0;  ///< other migrations of the same all-in-one run, rolled back too
        /// The statement gave up waiting for a lock (the lock-wait guard); `attempts` were made and
        /// `lockHolders` says who held the lock after the last one.
        bool lockWait = false;
        std::size_t attempts = 0;
        std::string lockHolders;
        /// Transactional: false when the ROLLBACK itself failed and the transaction may still be open.
        bool rolledBack = true;
    };
    explicit MigrationFailed(Details details);
    const Details& details() const noexcept { return details_; }
    const std::string& tag() const noexcept { return details_.tag; }
    std::size_t statementIndex() const noexcept { return details_.statementIndex; }
    const std::string& databaseMessage() const noexcept { return details_.databaseMessage; }
    const std::string& sqlState() const noexcept { return details_.sqlState; }

private:
    Details details_;
};

/// A schema that cannot be built: a duplicate name, a reference to an unknown table or column, an
/// enum default outside the enum, a type a dialect cannot express.
class SchemaError : public Error {
public:
    using Error::Error;
};

struct DataLoss;  // ob/migrate/diff.hpp

/// generate (or push) refused: the change drops or narrows data and data loss was not allowed.
class DataLossError : public Error {
public:
    /// The message names `command` and how to allow the loss (`allow`).
    explicit DataLossError(std::vector<DataLoss> findings, std::string_view command = "generate",
                           std::string_view allow = "--allow-data-loss (GenerateOptions::allowDataLoss)");
    DataLossError(const DataLossError&);
    ~DataLossError() override;
    const std::vector<DataLoss>& findings() const noexcept { return findings_; }

private:
    std::vector<DataLoss> findings_;
};

}  // namespace ob::migrate
