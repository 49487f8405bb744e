#include "studio/command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <ctime>
#include <ostream>
#include <thread>

#include "backends.hpp"
#include "studio/security.hpp"
#include "style.hpp"
#include "studio/server.hpp"

namespace ob::migrate::cli::studio {

namespace {
/// Blocks SIGINT and SIGTERM in this thread and the server's threads (they inherit the mask),
/// and restores the old mask when destroyed.
class BlockedSignals {
public:
    BlockedSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &set_, &old_);
    }
    ~BlockedSignals() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    BlockedSignals(const BlockedSignals&) = delete;
    BlockedSignals& operator=(const BlockedSignals&) = delete;

    /// Waits up to `ms` for one of the signals; true when one came.
    bool wait(long ms) const {
        timespec timeout{ms / 1000, (ms % 1000) * 1'000'000};
        return sigtimedwait(&set_, nullptr, &timeout) > 0;
    }

private:
    sigset_t set_{}, old_{};
};
}  // namespace

StudioCommand::StudioCommand(CLI::App& app) {
    sub_ = app.add_subcommand("studio", "Browse the database in a web page: tables, rows, migration history, drift");
    sub_->add_option("--host", host_, "address to listen on (default 127.0.0.1)");
    sub_->add_option("--port", port_, "port to listen on (default 4983; 0 picks a free one)");
    sub_->add_flag("--allow-write", allowWrite_, "allow editing cells and deleting rows (by primary key)");
    sub_->footer(
        "Prints a URL with a random access token: only requests carrying it are served, only on the\n"
        "address given. Read-only unless --allow-write.\n"
        "Examples:\n"
        "  ob-migrate studio --url app.db\n"
        "  DATABASE_URL=postgresql://app@localhost/app ob-migrate --db-type postgresql studio --port 5000");
}

int StudioCommand::run(const Settings& settings, Output& io) {
    requireExistingDatabase(settings);  // a mistyped --url must not look like an empty database
    BlockedSignals signals;  // before the server starts its threads
    Server server(settings, ServerOptions{host_, port_, allowWrite_});
    server.bind();
    const auto database = server.probe();
    fmt::print(io.out, "{} studio: {} ({})\n", programName(), database, allowWrite_ ? "editing allowed" : "read-only");
    if (!isLoopback(host_))
        fmt::print(io.err,
                   "warning: serving on {}, which other machines may reach; anyone with the URL can {} the database\n",
                   host_, allowWrite_ ? "change" : "read");
    fmt::print(io.out, "Open {} in your browser. Ctrl-C stops the studio.\n", server.url());
    io.out.flush();

    std::atomic<bool> done{false};
    std::thread waiter([&] {
        while (!done.load()) {
            if (signals.wait(200)) {
                server.stop();
                return;
            }
        }
    });
    const bool ok = server.listen();
    done = true;
    waiter.join();
    fmt::print(io.out, "{} studio stopped\n", programName());
    return ok ? 0 : 1;
}

}  // namespace ob::migrate::cli::studio
