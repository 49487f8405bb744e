// `lint`: the folder's migrations against the rules of include/ob/migrate/lint.hpp, and the one way
// `lint`, `check` and `generate` print lint findings.
#pragma once

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "ob/migrate/lint.hpp"

namespace ob::migrate::cli {

struct LintFlags {
    bool json = false;
    std::string since;
};

/// Adds `lint` to `app`; dispatch with run() after parsing.
class LintCommand {
public:
    explicit LintCommand(CLI::App& app);
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    CLI::App* lint_;
    LintFlags flags_;
};

/// ob-migrate lint: 0 no error-level finding, 3 at least one.
int lintCommand(const Settings& settings, const LintFlags& flags, Output& io);

/// [{rule, severity, tag, file, line, statement, message, fix}]
nlohmann::ordered_json lintFindingsJson(const std::vector<LintFinding>& findings);

/// One line per finding: `<tag>.sql:<line>: <rule-id>: <what> (<how to do it safely>)`.
void printLintFindings(const std::vector<LintFinding>& findings, std::ostream& out);

}  // namespace ob::migrate::cli
