// Migration folders for the check tests, generated with ob::migrate's own generate().
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::check_test {

/// The three schema steps of the generated folder: users (+ role enum), then posts with a foreign
/// key, indexes (one partial), a check and JSON/boolean defaults, then a composite key, a unique
/// constraint, a new column and a NOT NULL change.
std::vector<dsl::Definition> schemaSteps();

/// Tags of the folder written by generateFolder, in order.
inline const std::vector<std::string>& folderTags() {
    static const std::vector<std::string> tags{"0000_users", "0001_posts", "0002_tags"};
    return tags;
}

/// Generates the first `steps` steps into `dir`; with `downs`, writes each migration's
/// `<tag>.down.sql` too (the renderer's SQL for the diff back to the previous snapshot).
void generateFolder(const SqlRenderer& renderer, const std::filesystem::path& dir, std::size_t steps = 3,
                    bool downs = true);

}  // namespace ob::migrate::check_test
