// ob::migrate — Drizzle Kit's meta/_journal.json, read and written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ob::migrate {

struct JournalEntry {
    std::size_t idx = 0;
    std::string version;      ///< "6" for sqlite, "7" for postgresql
    std::int64_t when = 0;    ///< epoch ms
    std::string tag;
    bool breakpoints = true;
};

struct Journal {
    std::string version = "7";
    std::string dialect;      ///< "sqlite" or "postgresql"
    std::vector<JournalEntry> entries;

    /// Parses journal text; throws MigrationSetError naming `origin` on any defect.
    static Journal parse(std::string_view json, const std::string& origin);
    /// Drizzle Kit's layout: 2-space indented JSON, no trailing newline.
    std::string toJson() const;
    /// The entry `version` Drizzle Kit writes for a dialect.
    static std::string entryVersionFor(std::string_view dialect);
};

}  // namespace ob::migrate
