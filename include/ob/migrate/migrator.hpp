// ob::migrate — the rules: ordering, checksums, out-of-order policy, transactions, reporting.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ob/migrate/dialect.hpp"
#include "ob/migrate/migration_set.hpp"

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
};

struct MigratorOptions {
    TransactionMode transactionMode = TransactionMode::PerMigration;
    ChecksumPolicy checksumPolicy = ChecksumPolicy::Fail;
    bool allowOutOfOrder = false;
    std::chrono::milliseconds lockTimeout{std::chrono::seconds(60)};
    /// Back the database up (Dialect::backup) before changing anything; nothing is copied when
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

enum class MigrationState {
    Applied,  ///< recorded, same hash
    Pending,  ///< in the set, not recorded
    Changed,  ///< recorded with another hash than the file's
    Missing,  ///< recorded, absent from the set
};
const char* toString(MigrationState state) noexcept;

struct MigrationStatus {
    std::string tag;           ///< empty for Missing rows written by Drizzle (no name column)
    std::int64_t when = 0;
    std::string hash;          ///< the file's hash (Missing: the recorded one)
    std::string recordedHash;  ///< empty when not applied
    MigrationState state = MigrationState::Pending;
    std::optional<std::int64_t> appliedAt;
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

struct PlannedMigration {
    const Migration* migration = nullptr;
    std::vector<Statement> statements;
    bool transactional = true;
    bool rollback = false;  ///< planTo(): the migration's down file, run to roll it back
};

class Migrator {
public:
    /// Throws MigrationSetError when the set was written for another dialect.
    Migrator(Dialect& dialect, MigrationSet migrations, MigratorOptions options = {});

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

    /// Records every migration up to and including `tag` as applied without running it (adopting a
    /// database whose schema was made another way). Returns the tags it recorded.
    std::vector<std::string> markApplied(const std::string& tag);

    /// Records the file's current hash for an applied migration whose file changed (`tag`), after
    /// a deliberate edit. Throws Error when the tag is unknown or not applied.
    void acceptChecksum(const std::string& tag);

    const MigrationSet& migrations() const noexcept { return set_; }
    Dialect& dialect() noexcept { return dialect_; }

private:
    struct Analysis;
    Analysis analyse(const std::vector<AppliedRecord>& applied, bool withStatuses = true) const;
    /// A squash migration (Migration::squashes) against the rows: true when the rows of the
    /// migrations it replaces settle it (taken out of `byWhen`); false to analyse it as any other.
    bool analyseSquash(const Migration& m, std::unordered_map<std::int64_t, const AppliedRecord*>& byWhen, Analysis& a,
                       bool withStatuses) const;
    std::vector<AppliedRecord> readApplied();
    void enforce(const Analysis& analysis, Report& report);
    enum class Step { Up, Down };
    void apply(const std::vector<const Migration*>& pending, Report& report);
    void runAllInOne(const std::vector<PreparedMigration>& batch, Report& report);
    void runOne(const PreparedMigration& prepared, Step step, std::size_t index, std::size_t total, Report& report);
    void emit(Event event) const;
    const Migration& require(const std::string& tag) const;
    void backupIfAsked(Report& report);
    static Migration reverseOf(const Migration& migration);
    struct Moves {
        std::vector<const Migration*> down, up;  ///< to roll back (newest first), to apply
    };
    Moves movesTo(const Migration& target, const Analysis& analysis) const;

    Dialect& dialect_;
    MigrationSet set_;
    MigratorOptions options_;
};

}  // namespace ob::migrate
