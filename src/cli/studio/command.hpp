// `ob-migrate studio`: registers the subcommand and its flags on the CLI, runs the server.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "commands.hpp"
#include "settings.hpp"

namespace ob::migrate::cli::studio {

class StudioCommand {
public:
    /// Adds `studio` with --host, --port and --allow-write to `app`.
    explicit StudioCommand(CLI::App& app);

    /// True when the command line chose `studio`.
    explicit operator bool() const { return sub_->parsed(); }

    /// Serves until SIGINT or SIGTERM; returns the exit code. Throws ConfigError for bad flags.
    int run(const Settings& settings, Output& io);

private:
    CLI::App* sub_;
    std::string host_ = "127.0.0.1";
    int port_ = 4983;
    bool allowWrite_ = false;
};

}  // namespace ob::migrate::cli::studio
