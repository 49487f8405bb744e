// The studio's way to the database: opens a Source when a request needs one, and opens it again
// after the connection was lost, so the page shows an error while the database is away and works
// again when it is back. Requests are served one at a time.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "ob/migrate/error.hpp"
#include "settings.hpp"
#include "studio/source.hpp"

namespace ob::migrate::cli::studio {

/// The database cannot be reached now (HTTP 503).
class Unavailable : public Error {
public:
    using Error::Error;
};

class Connection {
public:
    Connection(Settings settings, bool writable) : settings_(std::move(settings)), writable_(writable) {}

    const Settings& settings() const noexcept { return settings_; }
    bool writable() const noexcept { return writable_; }

    /// Runs `f(Source&)`. A read that finds the connection lost is tried once more on a new one.
    template <class F>
    auto read(F&& f) {
        return run(std::forward<F>(f), true);
    }
    /// Runs `f(Source&)` once: a write that lost its connection is reported, never repeated.
    template <class F>
    auto write(F&& f) {
        return run(std::forward<F>(f), false);
    }

private:
    template <class F>
    auto run(F&& f, bool retry) {
        std::lock_guard<std::mutex> guard(mutex_);
        for (int attempt = 0;; ++attempt) {
            Source& source = acquire();
            try {
                if constexpr (std::is_void_v<decltype(f(source))>) {
                    f(source);
                    release();
                    return;
                } else {
                    auto result = f(source);
                    release();
                    return result;
                }
            } catch (const std::exception& e) {
                const bool lost = source.connectionLost(e);
                if (lost || !source.reusable()) source_.reset();
                if (!lost) throw;
                if (!retry || attempt > 0) throw Unavailable(lostMessage(e));
            }
        }
    }

    Source& acquire();  ///< the open source, or a new one; throws Unavailable
    void release() noexcept;
    std::string lostMessage(const std::exception& e) const;

    Settings settings_;
    bool writable_;
    std::mutex mutex_;
    std::unique_ptr<Source> source_;
};

}  // namespace ob::migrate::cli::studio
