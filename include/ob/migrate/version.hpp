#pragma once

namespace ob::migrate {
/// The library's version, "MAJOR.MINOR.PATCH".
const char* version() noexcept;
}  // namespace ob::migrate
