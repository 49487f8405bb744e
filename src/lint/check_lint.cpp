// check: the folder's lint findings as check findings.
#include "ob/migrate/check.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/lint.hpp"

namespace ob::migrate {

std::vector<Finding> checkLint(const std::filesystem::path& dir, std::vector<Finding>* warnings) {
    LintReport report;
    try {
        report = lintFolder(dir);
    } catch (const MigrationSetError&) {
        return {};  // checkFolder names what is wrong with the folder
    }
    std::vector<Finding> findings;
    for (const auto& f : report.findings) {
        Finding finding{Finding::Kind::Lint, f.file + ":" + std::to_string(f.line), f.format()};
        if (f.severity == LintSeverity::Error)
            findings.push_back(std::move(finding));
        else if (warnings)
            warnings->push_back(std::move(finding));
    }
    return findings;
}

}  // namespace ob::migrate
