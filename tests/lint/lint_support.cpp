#include "lint_support.hpp"

#include <fmt/format.h>

namespace ob::migrate::test {

MigrationSet migrations(const std::string& dialect, const std::vector<std::string>& files) {
    std::vector<Migration> list;
    for (std::size_t i = 0; i < files.size(); ++i)
        list.push_back(Migration::fromSql(i, fmt::format("{:04d}_m{}", i, i), 1700000000000 + static_cast<std::int64_t>(i),
                                          files[i]));
    return MigrationSet::fromMigrations(dialect, std::move(list));
}

std::vector<LintFinding> lintLast(const std::string& dialect, const std::vector<std::string>& files) {
    LintOptions options;
    if (files.size() > 1) options.since = fmt::format("{:04d}_m{}", files.size() - 2, files.size() - 2);
    return lint(migrations(dialect, files), {}, options).findings;
}

std::vector<std::string> ruleIds(const std::vector<LintFinding>& findings) {
    std::vector<std::string> ids;
    for (const auto& f : findings) ids.push_back(f.rule);
    return ids;
}

}  // namespace ob::migrate::test
