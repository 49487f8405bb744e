// ob::migrate — a migration script as it will run: which migration, which way, its statements.
#pragma once

#include <string>
#include <vector>

#include "ob/migrate/migration_set.hpp"

namespace ob::migrate {

/// Which script of a migration runs: its file (Up) or its `<tag>.down.sql` (Down).
enum class Direction { Up, Down };

/// What a Driver makes of one script before it runs (Driver::prepare), and what Migrator::plan()
/// shows: the chunks to run, in order (empty ones left out), and whether they share a transaction.
struct PlannedMigration {
    const Migration* migration = nullptr;
    Direction direction = Direction::Up;
    std::vector<Statement> statements;
    bool transactional = true;

    const std::string& tag() const noexcept { return migration->tag; }
    /// The script the statements come from: the migration's `up`, or its `down` (Error when it has none).
    const Script& script() const;
    /// The script's file: the migration's, or its `<tag>.down.sql`.
    const std::string& file() const;
    /// The script for messages and MigrationFailed::tag(): the tag, plus " (down)" for a down script.
    std::string label() const;
};

}  // namespace ob::migrate
