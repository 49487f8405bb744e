// The dialects a Drizzle folder may name (see dialects.hpp).
#include "dialects.hpp"

#include <iterator>

namespace ob::migrate::detail {

namespace {
constexpr FolderDialect kDialects[] = {
    {"sqlite", "6", "sqlite"},
    {"postgresql", "7", "postgres"},
};
}  // namespace

const FolderDialect* folderDialect(std::string_view name) noexcept {
    for (const auto& d : kDialects)
        if (d.name == name) return &d;
    return nullptr;
}

const FolderDialect* snapshotDialect(std::string_view snapshotName) noexcept {
    for (const auto& d : kDialects)
        if (d.snapshotName == snapshotName) return &d;
    return nullptr;
}

std::string folderDialectNames() {
    std::string out;
    const std::size_t n = std::size(kDialects);
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += i + 1 == n ? " or " : ", ";
        out += kDialects[i].name;
    }
    return out;
}

}  // namespace ob::migrate::detail
