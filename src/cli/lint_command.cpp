// ob-migrate lint.
#include "lint_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <ostream>

#include "style.hpp"

namespace ob::migrate::cli {

LintCommand::LintCommand(CLI::App& app) {
    lint_ = app.add_subcommand("lint", "Find statements that would lock a live table, or break replicas still running");
    lint_->add_flag("--json", flags_.json,
                    "print {\"findings\":[{rule, severity, tag, file, line, statement, message, fix}]}");
    lint_->add_option("--since", flags_.since, "lint only the migrations after this tag (earlier ones shape the schema)");
    std::string rules;
    for (const auto& r : lintRules())
        rules += fmt::format("  {:<29} {:<7} {}\n", r.id, toString(r.severity), r.dialect);
    lint_->footer("Each migration is judged against the schema before it (the previous snapshots and the tables\n"
                  "and columns earlier migrations created). Exempt one statement with a comment line right above it:\n"
                  "  -- ob-migrate: lint-ignore <rule-id> <reason>\n"
                  "Rules (see the README for what each catches):\n" +
                  rules +
                  "Examples:\n"
                  "  ob-migrate --dir drizzle/pg-migrations lint\n"
                  "  ob-migrate --dir drizzle/pg-migrations lint --since 0004_wild_storm --json\n"
                  "Exit codes: 0 no error-level finding (warnings are printed), 2 bad usage or settings, 3 an "
                  "error-level finding.");
}

bool LintCommand::selected() const { return lint_->parsed(); }

int LintCommand::run(const Settings& settings, Output& io) const { return lintCommand(settings, flags_, io); }

nlohmann::ordered_json lintFindingsJson(const std::vector<LintFinding>& findings) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& f : findings)
        list.push_back({{"rule", f.rule}, {"severity", toString(f.severity)}, {"tag", f.tag}, {"file", f.file},
                        {"line", f.line}, {"statement", f.statement}, {"message", f.message}, {"fix", f.fix}});
    return list;
}

void printLintFindings(const std::vector<LintFinding>& findings, std::ostream& out) {
    for (const auto& f : findings) out << f.format() << '\n';
}

int lintCommand(const Settings& settings, const LintFlags& flags, Output& io) {
    LintOptions options;
    options.since = flags.since;
    const LintReport report = lintFolder(settings.dir, options);
    const int code = report.hasErrors() ? 3 : 0;
    if (flags.json) {
        nlohmann::ordered_json doc;
        doc["findings"] = lintFindingsJson(report.findings);
        io.out << doc.dump(2) << '\n';
        return code;
    }
    printLintFindings(report.findings, io.out);
    const Style style(io.out);
    std::size_t errors = 0;
    for (const auto& f : report.findings) errors += f.severity == LintSeverity::Error;
    if (report.findings.empty())
        fmt::print(io.out, "{} {} migration{} of {}, no finding\n", style.green("ok:"), report.migrations,
                   report.migrations == 1 ? "" : "s", settings.dir);
    else
        fmt::print(io.out, "{} finding{} ({} error{}, {} warning{}) in {} migration{} of {}\n", report.findings.size(),
                   report.findings.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                   report.findings.size() - errors, report.findings.size() - errors == 1 ? "" : "s",
                   report.migrations, report.migrations == 1 ? "" : "s", settings.dir);
    return code;
}

}  // namespace ob::migrate::cli
