#include "ob/migrate/error.hpp"

#include <fmt/format.h>

namespace ob::migrate {

MigrationSetError::MigrationSetError(std::string file, const std::string& problem)
    : Error(fmt::format("{}: {}", file, problem)), file_(std::move(file)) {}

DatabaseError::DatabaseError(const std::string& message, std::string sqlState, std::size_t offset)
    : Error(message), sqlState_(std::move(sqlState)), offset_(offset) {}

ChecksumMismatch::ChecksumMismatch(std::string tag, std::string recorded, std::string actual, std::string file)
    : VerificationError(fmt::format("migration {}{} was changed after it was applied: recorded hash {}, file hash {} "
                        "(restore the file, or accept the new hash deliberately)",
                        tag, file.empty() ? std::string() : " (" + file + ")", recorded, actual)),
      tag_(std::move(tag)),
      recorded_(std::move(recorded)),
      actual_(std::move(actual)),
      file_(std::move(file)) {}

OutOfOrder::OutOfOrder(std::string tag, std::string newestAppliedTag)
    : VerificationError(fmt::format("migration {} is pending but older than the newest applied migration {} "
                        "(allow out-of-order migrations to apply it)",
                        tag, newestAppliedTag)),
      tag_(std::move(tag)),
      newest_(std::move(newestAppliedTag)) {}

PartlySquashed::PartlySquashed(std::string tag, std::vector<std::string> applied, std::vector<std::string> missing)
    : VerificationError(fmt::format("migration {} squashes migrations of which this database applied only some: {} applied, {} "
                        "not; bring it up to date with the folder from before the squash first (or restore it), "
                        "then migrate with the squashed folder",
                        tag, fmt::join(applied, ", "), fmt::join(missing, ", "))),
      tag_(std::move(tag)),
      applied_(std::move(applied)),
      missing_(std::move(missing)) {}

namespace {
std::string describe(const MigrationFailed::Details& d) {
    std::string where = d.file.empty() ? d.tag : d.file;
    std::string msg =
        d.statementIndex == 0
            ? fmt::format("migration {} failed after its last statement ({}): {}", d.tag, where, d.databaseMessage)
            : fmt::format("migration {} failed at statement {} ({}:{}): {}", d.tag, d.statementIndex, where, d.line,
                          d.databaseMessage);
    if (!d.sqlState.empty()) msg += fmt::format(" [{}]", d.sqlState);
    msg += fmt::format(d.statementIndex == 0 ? "\n  at: {}" : "\n  statement: {}", d.statement);
    if (d.lockWait && d.attempts > 0)
        msg += fmt::format("\n  gave up waiting for a lock after {} attempt(s); {}", d.attempts,
                           d.lockHolders.empty() ? "its holder had ended by then" : d.lockHolders);
    if (d.transactional && !d.rolledBack && d.sqlState == "08007")
        msg += "\n  the connection was lost during COMMIT: the migration may or may not have been applied; the "
               "tracking table says which";
    else if (d.transactional && !d.rolledBack)
        msg += "\n  the ROLLBACK failed as well: the database may still hold part of the migration in an open "
               "transaction; it was not recorded";
    else if (d.transactional && d.rolledBackWith > 0)
        msg += fmt::format("\n  the migration was rolled back, together with the {} migration(s) before it in the same "
                           "all-in-one run",
                           d.rolledBackWith);
    else if (d.transactional)
        msg += "\n  the migration was rolled back; nothing of it was applied";
    else if (d.statementIndex == 0)
        msg += "\n  the migration ran outside a transaction: all its statements took effect; it was not recorded";
    else
        msg += fmt::format(
            "\n  the migration ran outside a transaction: the statements before line {} ran and kept their effects "
            "(unless the database ran their chunk as one implicit transaction); it was not recorded",
            d.line);
    return msg;
}
}  // namespace

MigrationFailed::MigrationFailed(Details details) : Error(describe(details)), details_(std::move(details)) {}

}  // namespace ob::migrate
