#include "commands.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <nlohmann/json.hpp>
#include <ctime>
#include <ostream>

#include "check_commands.hpp"
#include "backends.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/migrator.hpp"
#include "style.hpp"

namespace ob::migrate::cli {

namespace {
std::string formatDuration(std::chrono::microseconds d) {
    if (d.count() < 1000) return fmt::format("{} µs", d.count());
    if (d.count() < 10'000'000) return fmt::format("{:.1f} ms", static_cast<double>(d.count()) / 1000.0);
    return fmt::format("{:.2f} s", static_cast<double>(d.count()) / 1e6);
}

/// Epoch milliseconds as "2026-11-24 17:00:00", in UTC.
std::string utcTime(std::int64_t epochMs) {
    std::time_t seconds = static_cast<std::time_t>(epochMs / 1000);
    std::tm tm{};
    if (!gmtime_r(&seconds, &tm)) return std::to_string(epochMs);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    return text;
}

struct AppliedTime {
    std::string text;  ///< empty: not applied
    bool fromCreatedAt = false;
};

/// When a migration was applied: its applied_at, or (a Drizzle-created table has none) its created_at.
AppliedTime appliedTime(const MigrationStatus& s) {
    if (s.state == MigrationState::Pending) return {};
    if (s.appliedAt) return {utcTime(*s.appliedAt), false};
    return {utcTime(s.when), true};
}

/// `progress` shows each migration from its start (see ElapsedLine) and is cleared before anything else.
MigratorOptions optionsFor(const Settings& settings, Output& io, ElapsedLine& progress) {
    MigratorOptions options;
    options.lockTimeout = settings.lockTimeout;
    options.onEvent = [&io, &progress](const Event& e) {
        if (e.kind == Event::Kind::Applying) {
            progress.start(fmt::format("{} {} [{}/{}]", e.direction == Direction::Down ? "rolling back" : "applying",
                                       e.tag, e.index, e.total));
            return;
        }
        progress.finish();
        switch (e.kind) {
            case Event::Kind::Applied:
                fmt::print(io.out, "applied {} in {} [{}/{}]\n", e.tag, formatDuration(e.duration), e.index, e.total);
                io.out.flush();
                break;
            case Event::Kind::Skipped:
                fmt::print(io.out, "skipped {}: {}\n", e.tag, e.message);
                break;
            case Event::Kind::Warning:
                fmt::print(io.err, "warning: {}\n", e.message);
                break;
            case Event::Kind::RolledBack:
                fmt::print(io.out, "rolled back {} in {}\n", e.tag, formatDuration(e.duration));
                io.out.flush();
                break;
            case Event::Kind::BackedUp:
                fmt::print(io.out, "backed up to {}\n", e.message);
                break;
            case Event::Kind::WaitingForLock:
                // e.g. waiting for a lock on "assertions" held by pid 1234 (...), attempt 3/10 (0003_x)
                fmt::print(io.err, "waiting for a lock{}, attempt {}/{} ({})\n",
                           e.message.empty() ? " (its holder had ended when it was looked up)" : " on " + e.message,
                           e.attempt + 1, e.attempts, e.tag);
                io.err.flush();
                break;
            case Event::Kind::Applying:
                break;
        }
    };
    return options;
}
}  // namespace

const Migration& resolveTag(const MigrationSet& set, const std::string& given, const std::string& dir) {
    if (const Migration* exact = set.findByTag(given)) return *exact;
    std::vector<const Migration*> candidates;
    for (const auto& m : set.migrations())
        if (!given.empty() && m.tag.rfind(given, 0) == 0) candidates.push_back(&m);
    if (candidates.size() == 1) return *candidates.front();
    if (candidates.empty()) throw ConfigError(fmt::format("no migration {} in {}", given, dir));
    std::vector<std::string> tags;
    for (const Migration* m : candidates) tags.push_back(m->tag);
    throw ConfigError(fmt::format("{} is ambiguous in {}: it begins {} (give more of the tag)", given, dir,
                                  fmt::join(tags, ", ")));
}

namespace {
/// migrate refuses a database that records migrations the folder does not have (an older release's
/// folder, a wrong --dir): a verification failure, like a changed file.
void refuseMissing(Migrator& migrator, const std::string& dir) {
    std::vector<std::string> missing;
    for (const auto& s : migrator.status())
        if (s.state == MigrationState::Missing)
            missing.push_back(s.tag.empty() ? fmt::format("created_at {}", s.when) : s.tag);
    if (missing.empty()) return;
    throw VerificationError(fmt::format("{} records {} migration{} that {} does not contain ({}); nothing was "
                                          "applied (use the folder that has them)",
                                          migrator.driver().describe(), missing.size(),
                                          missing.size() == 1 ? "" : "s", dir, fmt::join(missing, ", ")));
}

int printPlan(const std::vector<PlannedMigration>& plan, const std::string& database, bool json, bool withTarget,
              Output& io) {
    if (json) {
        nlohmann::ordered_json doc;
        doc["database"] = database;
        doc["migrations"] = nlohmann::ordered_json::array();
        for (const auto& p : plan) {
            nlohmann::ordered_json m;
            m["tag"] = p.migration->tag;
            m["file"] = p.migration->up.file();
            if (withTarget) m["rollback"] = p.direction == Direction::Down;
            m["transactional"] = p.transactional;
            m["statements"] = nlohmann::ordered_json::array();
            for (const auto& s : p.statements) m["statements"].push_back(s.sql);
            doc["migrations"].push_back(std::move(m));
        }
        io.out << doc.dump(2) << '\n';
        return 0;
    }
    if (plan.empty()) fmt::print(io.out, "-- nothing to {} on {}\n", withTarget ? "do" : "apply", database);
    for (const auto& p : plan) {
        const bool down = p.direction == Direction::Down;
        fmt::print(io.out, "-- {}{} ({}){}\n", down ? "roll back " : "", p.migration->tag,
                   down ? p.migration->tag + ".down.sql" : p.migration->up.file(),
                   p.transactional ? "" : " [outside a transaction]");
        for (const auto& s : p.statements) fmt::print(io.out, "{}\n", s.sql);
    }
    return 0;
}
}  // namespace

int migrateCommand(const Settings& settings, const MigrateFlags& flags, Output& io) {
    if (flags.keep < 1) throw ConfigError(fmt::format("--keep must be at least 1 (got {})", flags.keep));
    if (flags.json && !flags.dryRun) throw ConfigError("--json goes with --dry-run (migrate prints its progress as text)");
    auto set = MigrationSet::fromDirectory(settings.dir);
    const std::string to = flags.to.empty() ? std::string() : resolveTag(set, flags.to, settings.dir).tag;
    auto dialect = openDialect(settings, flags.dryRun ? Access::Existing : Access::MayCreate);
    ElapsedLine progress(io.out);
    MigratorOptions options = optionsFor(settings, io, progress);
    options.transactionMode = flags.allInOne ? TransactionMode::AllInOne : TransactionMode::PerMigration;
    options.allowOutOfOrder = flags.allowOutOfOrder;
    options.checksumPolicy = flags.warnOnChecksum ? ChecksumPolicy::Warn : ChecksumPolicy::Fail;
    if (flags.backup) options.backup = BackupOptions{static_cast<std::size_t>(flags.keep), flags.backupDir};
    if (flags.ddlLockTimeoutMs < 0 || flags.statementTimeoutMs < 0 || flags.ddlRetries < 0)
        throw ConfigError("--ddl-lock-timeout, --ddl-retries and --statement-timeout take 0 or more");
    options.ddlLockTimeout = std::chrono::milliseconds(flags.ddlLockTimeoutMs);
    options.ddlAttempts = static_cast<std::size_t>(std::max<std::int64_t>(1, flags.ddlRetries));
    options.statementTimeout = std::chrono::milliseconds(flags.statementTimeoutMs);
    Migrator migrator(*dialect, std::move(set), options);
    refuseMissing(migrator, settings.dir);
    if (flags.dryRun)
        return printPlan(to.empty() ? migrator.plan() : migrator.planTo(to), dialect->describe(), flags.json,
                         !to.empty(), io);
    if (!to.empty()) {
        Report report = migrator.migrateTo(to);
        fmt::print(io.out, "{} is at {}: {} rolled back, {} applied in {}\n", dialect->describe(), to,
                   report.rolledBack.size(), report.applied.size(), formatDuration(report.duration));
        return 0;
    }
    Report report = migrator.upToDate();
    if (report.applied.empty())
        fmt::print(io.out, "nothing to apply: {} is up to date ({} migrations)\n", dialect->describe(),
                   migrator.migrations().size());
    else
        fmt::print(io.out, "{} migration{} applied to {} in {}\n", report.applied.size(),
                   report.applied.size() == 1 ? "" : "s", dialect->describe(), formatDuration(report.duration));
    return 0;
}

int statusCommand(const Settings& settings, bool json, Output& io) {
    auto set = MigrationSet::fromDirectory(settings.dir);
    auto dialect = openDialect(settings);
    Migrator migrator(*dialect, std::move(set));
    auto statuses = migrator.status();
    bool clean = true;
    for (const auto& s : statuses) clean = clean && (s.state == MigrationState::Applied || s.state == MigrationState::Pending);
    if (json) {
        nlohmann::ordered_json doc;
        doc["migrations"] = nlohmann::ordered_json::array();
        for (const auto& s : statuses) {
            nlohmann::ordered_json m;
            m["tag"] = s.tag;
            m["when"] = s.when;
            m["hash"] = s.hash;
            m["state"] = toString(s.state);
            if (s.state == MigrationState::Changed) m["recordedHash"] = s.recordedHash;
            if (s.appliedAt) m["appliedAt"] = *s.appliedAt;
            const AppliedTime applied = appliedTime(s);
            if (!applied.text.empty()) {
                m["appliedTime"] = applied.text;
                m["appliedTimeFrom"] = applied.fromCreatedAt ? "created_at" : "applied_at";
            }
            doc["migrations"].push_back(std::move(m));
        }
        io.out << doc.dump(2) << '\n';
        return clean ? 0 : 3;
    }
    std::size_t pending = 0;
    bool fromCreatedAt = false;
    fmt::print(io.out, "{:<8} {:<40} {:<24} {}\n", "STATE", "MIGRATION", "APPLIED AT (UTC)", "HASH");
    for (const auto& s : statuses) {
        if (s.state == MigrationState::Pending) ++pending;
        const AppliedTime applied = appliedTime(s);
        fromCreatedAt = fromCreatedAt || applied.fromCreatedAt;
        const std::string time = applied.text.empty() ? "-" : applied.text + (applied.fromCreatedAt ? " *" : "");
        fmt::print(io.out, "{:<8} {:<40} {:<24} {}\n", toString(s.state),
                   s.tag.empty() ? fmt::format("(no name; created_at {})", s.when) : s.tag, time, s.hash.substr(0, 12));
    }
    if (fromCreatedAt)
        fmt::print(io.out, "* the tracking table has no applied_at column: the time is the migration's created_at\n");
    fmt::print(io.out, "{}: {} migrations, {} pending{}\n", dialect->describe(), statuses.size(), pending,
               clean ? "" : ", problems found (see changed/missing above)");
    return clean ? 0 : 3;  // changed or missing migrations: a verification failure
}

int restoreCommand(const Settings& settings, const std::string& backupPath, bool dryRun, Output& io) {
    checkBackupFile(settings, backupPath);  // before the database is opened (or created)
    if (dryRun && !databaseExists(settings)) {
        fmt::print(io.out, "would restore {} into a new database {}\n", backupPath, databaseFile(settings));
        return 0;
    }
    auto dialect = openDialect(settings, dryRun ? Access::Existing : Access::MayCreate);
    if (dryRun) {
        fmt::print(io.out, "would restore {} into {}\n", backupPath, dialect->describe());
        return 0;
    }
    requireCapability<Backups>(*dialect, "restore backups").restore(backupPath);
    fmt::print(io.out, "restored {} into {}\n", backupPath, dialect->describe());
    return 0;
}

int markAppliedCommand(const Settings& settings, const std::string& given, bool force, bool dryRun, Output& io) {
    auto set = MigrationSet::fromDirectory(settings.dir);
    const std::string tag = resolveTag(set, given, settings.dir).tag;
    auto dialect = openDialect(settings);
    Migrator migrator(*dialect, std::move(set));
    const Migration* target = migrator.migrations().findByTag(tag);
    if (!force)
        if (int rc = confirmSchemaAt(*dialect, settings.dir, tag, io)) return rc;
    if (dryRun) {
        for (const auto& s : migrator.status())
            if (s.state == MigrationState::Pending && migrator.migrations().findByTag(s.tag)->idx <= target->idx)
                fmt::print(io.out, "would record {} as applied\n", s.tag);
        return 0;
    }
    auto recorded = migrator.markApplied(tag);
    for (const auto& t : recorded) fmt::print(io.out, "recorded {} as applied (not run)\n", t);
    fmt::print(io.out, "{} migration{} recorded on {}\n", recorded.size(), recorded.size() == 1 ? "" : "s",
               dialect->describe());
    return 0;
}

int acceptChecksumCommand(const Settings& settings, const std::string& given, bool dryRun, Output& io) {
    auto set = MigrationSet::fromDirectory(settings.dir);
    const Migration& m = resolveTag(set, given, settings.dir);
    const std::string tag = m.tag, hash = m.hash;
    auto dialect = openDialect(settings);
    Migrator migrator(*dialect, std::move(set));
    if (dryRun) {
        fmt::print(io.out, "would record hash {} for {}\n", hash, tag);
        return 0;
    }
    migrator.acceptChecksum(tag);
    fmt::print(io.out, "recorded hash {} for {}\n", hash, tag);
    return 0;
}

}  // namespace ob::migrate::cli
