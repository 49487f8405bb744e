// ob::migrate — the rules: ordering, checksums, out-of-order policy, transactions, reporting.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/driver.hpp"
#include "ob/migrate/history_analysis.hpp"
#include "ob/migrate/migration_set.hpp"
#include "ob/migrate/planned_migration.hpp"

namespace ob::migrate {

enum class TransactionMode {
    PerMigration,  ///< each migration commits on its own (default)
    AllInOne,      ///< every pending migration in one transaction
};

enum class ChecksumPolicy {
    Fail,  ///< an applied file whose hash changed throws ChecksumMismatch (default)
    Warn,  ///< report it through the event callback and go on
};

/// What the Migrator tells while it works.
struct Event {
    enum class Kind { Applying, Applied, Skipped, Warning, RolledBack, BackedUp, WaitingForLock };
    Kind kind;
    std::string tag;
    std::string message;
    std::chrono::microseconds duration{0};  ///< for Applied
    std::size_t index = 0;                  ///< 1-based position among pending migrations
    std::size_t total = 0;                  ///< number of pending migrations
    /// WaitingForLock: `message` names who holds the lock (empty when gone already), `attempt` is the
    /// attempt that gave up (1-based); the next one follows after a backoff.
    std::size_t attempt = 0;
    std::size_t attempts = 0;               ///< WaitingForLock: attempts allowed in all
    /// Which script of `tag` (Applying, Skipped, WaitingForLock; RolledBack is always Down).
    Direction direction = Direction::Up;
};

struct MigratorOptions {
    TransactionMode transactionMode = TransactionMode::PerMigration;
    ChecksumPolicy checksumPolicy = ChecksumPolicy::Fail;
    bool allowOutOfOrder = false;
    std::chrono::milliseconds lockTimeout{std::chrono::seconds(60)};
    /// Back the database up (the Backups capability) before changing anything; nothing is copied when
    /// nothing is pending.
    std::optional<BackupOptions> backup;
    /// The lock-wait guard, on backends that offer one (PostgreSQL): a statement of a migration waits
    /// at most `ddlLockTimeout` for a lock (so the sessions queued behind it wait no longer), then the
    /// migration is rolled back and tried again after `ddlRetryBackoff` (doubled each time up to 5 s,
    /// with jitter), `ddlAttempts` attempts in all. A migration outside a transaction is retried
    /// statement by statement. Zero disables the lock timeout; 1 attempt disables retrying.
    std::chrono::milliseconds ddlLockTimeout{std::chrono::seconds(2)};
    std::size_t ddlAttempts = 10;
    std::chrono::milliseconds ddlRetryBackoff{200};
    /// Longest run of one statement of a migration (guarded backends); zero: no limit (default).
    std::chrono::milliseconds statementTimeout{0};
    std::function<void(const Event&)> onEvent;
};

struct AppliedMigration {
    std::string tag;
    std::int64_t when = 0;
    std::chrono::microseconds duration{0};
};

struct Report {
    std::vector<AppliedMigration> applied;
    std::vector<AppliedMigration> rolledBack;  ///< by migrateTo(), newest first
    std::optional<std::string> backupPath;     ///< where the backup went, when one was made
    std::vector<std::string> warnings;
    std::chrono::microseconds duration{0};
};

class Migrator {
public:
    /// Throws MigrationSetError when the set was written for another dialect.
    Migrator(Driver& driver, MigrationSet migrations, MigratorOptions options = {});

    /// Applies every pending migration in journal order. Throws on failure, leaving the database as
    /// after the last migration that succeeded (PerMigration) or as before the call (AllInOne).
    Report upToDate();

    /// Every migration of the set and every recorded one, in order.
    std::vector<MigrationStatus> status();
    /// Migrations that upToDate() would apply, in order (verifies nothing).
    std::vector<const Migration*> pending();
    /// What upToDate() would run, running nothing.
    std::vector<PlannedMigration> plan();

    /// Brings the database to exactly `tag`: rolls back what is applied after it (their
    /// `<tag>.down.sql`, newest first, each in its own transaction), then applies what is pending up
    /// to it. Throws Error before changing anything when a migration to roll back has no down file.
    Report migrateTo(const std::string& tag);
    /// What migrateTo(tag) would run (roll-backs first, newest first), running nothing; refuses
    /// what migrateTo would refuse.
    std::vector<PlannedMigration> planTo(const std::string& tag);
    /// Rolls back every applied migration, newest first, as migrateTo() rolls back (`ob-migrate
    /// test` goes below the first migration).
    Report rollBackAll();

    /// Records every migration up to and including `tag` as applied without running it (adopting a
    /// database whose schema was made another way). Returns the tags it recorded.
    std::vector<std::string> markApplied(const std::string& tag);

    /// Records the file's current hash for an applied migration whose file changed (`tag`), after
    /// a deliberate edit. Throws Error when the tag is unknown or not applied.
    void acceptChecksum(const std::string& tag);

    const MigrationSet& migrations() const noexcept { return set_; }
    Driver& driver() noexcept { return driver_; }

private:
    HistoryAnalysis analyse(const std::vector<AppliedRecord>& applied, bool withStatuses = true) const;
    std::vector<AppliedRecord> readApplied();
    void enforce(const HistoryAnalysis& analysis, Report& report);
    void apply(const std::vector<const Migration*>& pending, Report& report);
    void runAllInOne(const std::vector<PlannedMigration>& batch, Report& report);
    void runOne(const PlannedMigration& planned, std::size_t index, std::size_t total, Report& report);
    void runTransactional(const PlannedMigration& planned, std::size_t index, std::size_t total, bool& skipped);
    void runOutside(const PlannedMigration& planned, std::size_t index, std::size_t total, bool& ran, bool& skipped);
    void emit(Event event) const;
    const Migration& require(const std::string& tag) const;
    void backupIfAsked(Report& report);
    struct Moves {
        std::vector<const Migration*> down, up;  ///< to roll back (newest first), to apply
    };
    /// To `target`, or below the first migration when null.
    Moves movesTo(const Migration* target, const HistoryAnalysis& analysis) const;
    Report move(const Migration* target);

    Driver& driver_;
    MigrationSet set_;
    MigratorOptions options_;
};

}  // namespace ob::migrate
