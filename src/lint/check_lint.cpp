// check: the folder's lint findings, beside check's own.
#include "ob/migrate/check.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/lint.hpp"

namespace ob::migrate {

std::vector<LintFinding> checkLint(const std::filesystem::path& dir) {
    try {
        return lintFolder(dir).findings;
    } catch (const MigrationSetError&) {
        return {};  // checkFolder names what is wrong with the folder
    }
}

}  // namespace ob::migrate
