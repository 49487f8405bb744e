// Cells to JSON for the page (long values shortened) and row keys to and from the opaque strings
// the page sends back.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/quoting.hpp"
#include "studio/model.hpp"

namespace ob::migrate::cli::studio {

/// Values longer than this many characters (blobs: bytes shown as hex) are shortened in row pages.
inline constexpr std::size_t kPreviewLength = 120;

/// "json", "blob" or "text": how the page shows a column's values.
std::string displayKind(const ColumnInfo& column);

/// null, a string, or {"preview", "length", "truncated", "blob"} for a long value or a blob.
nlohmann::json cellJson(const Cell& cell, std::size_t previewLength = kPreviewLength);
/// {"value": the whole value (blob: hex) or null, "kind", "length"}.
nlohmann::json fullCellJson(const Cell& cell, const ColumnInfo& column);

/// A row's key as an opaque string (JSON of the typed key values), and back. decodeKey throws
/// RequestError (400) unless the text holds exactly `columns` values.
std::string encodeKey(const RowKey& key);
RowKey decodeKey(std::string_view text, std::size_t columns);

/// A value the page sends for a cell: null, a string, a number or a boolean.
Cell cellFromJson(const nlohmann::json& value);

/// The first `count` characters of UTF-8 `text`, never cutting a character in two.
std::string utf8Prefix(std::string_view text, std::size_t count);
std::size_t utf8Length(std::string_view text) noexcept;
std::string toHex(std::string_view bytes);
std::string fromHex(std::string_view hex);  ///< throws RequestError (400) when not hex

/// An SQL identifier in double quotes, inner quotes doubled (SQLite and PostgreSQL alike).
using ob::migrate::detail::quoteIdentifier;

}  // namespace ob::migrate::cli::studio
