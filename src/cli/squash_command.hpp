// `squash --to TAG`: the migrations up to TAG replaced by one that creates TAG's schema.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "commands.hpp"

namespace ob::migrate::cli {

struct SquashFlags {
    std::string to;
    std::string name = "squashed";
    bool dryRun = false;
};

/// Adds `squash` to `app`; dispatch with run() after parsing.
class SquashCommand {
public:
    explicit SquashCommand(CLI::App& app);
    bool selected() const;
    int run(const Settings& settings, Output& io) const;

private:
    CLI::App* squash_;
    SquashFlags flags_;
};

int squashCommand(const Settings& settings, const SquashFlags& flags, Output& io);

}  // namespace ob::migrate::cli
