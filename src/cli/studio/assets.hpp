// The studio's page (HTML, CSS, JavaScript, icon), compiled into the program from
// src/cli/studio/assets by embed_assets.cmake at build time.
#pragma once

#include <optional>
#include <string_view>

namespace ob::migrate::cli::studio {

struct Asset {
    std::string_view contentType;
    std::string_view body;
};

/// The asset served at `path` ("/index.html", "/studio.js", ...), or nullopt.
std::optional<Asset> findAsset(std::string_view path) noexcept;

}  // namespace ob::migrate::cli::studio
