#include "studio/connection.hpp"

#include <fmt/format.h>

namespace ob::migrate::cli::studio {

Source& Connection::acquire() {
    if (source_) return *source_;
    try {
        source_ = openSource(settings_, writable_);
    } catch (const ConfigError&) {
        throw;
    } catch (const std::exception& e) {
        throw Unavailable(fmt::format("cannot reach the database: {}", e.what()));
    }
    return *source_;
}

void Connection::release() noexcept {
    if (source_ && !source_->reusable()) source_.reset();
}

std::string Connection::lostMessage(const std::exception& e) const {
    return fmt::format("lost the connection to the database: {}", e.what());
}

}  // namespace ob::migrate::cli::studio
