#include "studio/values.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include "studio/request_error.hpp"

namespace ob::migrate::cli::studio {

using nlohmann::json;

namespace {
constexpr std::size_t kBlobPreviewBytes = 16;

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

/// A decimal that fits in 64 bits.
bool isInteger(const std::string& text) {
    if (text.empty() || text.size() > 20) return false;
    errno = 0;
    char* end = nullptr;
    std::strtoll(text.c_str(), &end, 10);
    return errno == 0 && end == text.c_str() + text.size() && !std::isspace(static_cast<unsigned char>(text[0]));
}

bool isReal(const std::string& text) {
    if (text.empty() || text.size() > 64 || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    char* end = nullptr;
    std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

/// The blob's bytes: SQLite hands raw bytes, PostgreSQL bytea text ("\x0a0b").
std::string blobBytes(const Cell& cell) {
    const std::string& t = cell.text;
    if (t.size() >= 2 && t[0] == '\\' && t[1] == 'x') return fromHex(std::string_view(t).substr(2));
    return t;
}
}  // namespace

std::size_t utf8Length(std::string_view text) noexcept {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !isContinuation(static_cast<unsigned char>(c)); }));
}

std::string utf8Prefix(std::string_view text, std::size_t count) {
    std::size_t seen = 0, i = 0;
    for (; i < text.size(); ++i) {
        if (!isContinuation(static_cast<unsigned char>(text[i]))) {
            if (seen == count) break;
            ++seen;
        }
    }
    return std::string(text.substr(0, i));
}

std::string toHex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string fromHex(std::string_view hex) {
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2) throw badRequest("a hex value needs an even number of digits");
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = value(hex[i]), lo = value(hex[i + 1]);
        if (hi < 0 || lo < 0) throw badRequest("not a hex value");
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

std::string displayKind(const ColumnInfo& column) {
    const auto type = lower(column.type);
    if (type.find("json") != std::string::npos) return "json";
    if (type == "bytea" || type.find("blob") != std::string::npos) return "blob";
    return "text";
}

json cellJson(const Cell& cell, std::size_t previewLength) {
    if (cell.kind == Cell::Kind::Null) return nullptr;
    if (cell.kind == Cell::Kind::Blob) {
        const auto bytes = blobBytes(cell);
        const auto shown = std::min(bytes.size(), std::min(previewLength / 2, kBlobPreviewBytes));
        return json{{"blob", true},
                    {"preview", toHex(std::string_view(bytes).substr(0, shown))},
                    {"length", bytes.size()},
                    {"truncated", shown < bytes.size()}};
    }
    const auto length = utf8Length(cell.text);
    if (length <= previewLength) return cell.text;
    return json{{"preview", utf8Prefix(cell.text, previewLength)}, {"length", length}, {"truncated", true}};
}

json fullCellJson(const Cell& cell, const ColumnInfo& column) {
    if (cell.kind == Cell::Kind::Null) return json{{"value", nullptr}, {"kind", displayKind(column)}};
    if (cell.kind == Cell::Kind::Blob) {
        const auto bytes = blobBytes(cell);
        return json{{"value", toHex(bytes)}, {"kind", "blob"}, {"length", bytes.size()}};
    }
    return json{{"value", cell.text}, {"kind", displayKind(column)}, {"length", utf8Length(cell.text)}};
}

std::string encodeKey(const RowKey& key) {
    json out = json::array();
    for (const Cell& c : key) {
        switch (c.kind) {
            case Cell::Kind::Null: out.push_back(nullptr); break;
            case Cell::Kind::Integer: out.push_back(json{{"i", c.text}}); break;
            case Cell::Kind::Real: out.push_back(json{{"r", c.text}}); break;
            case Cell::Kind::Text: out.push_back(json{{"t", c.text}}); break;
            case Cell::Kind::Blob: out.push_back(json{{"b", toHex(c.text)}}); break;
        }
    }
    return out.dump();
}

RowKey decodeKey(std::string_view text, std::size_t columns) {
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (!doc.is_array() || doc.size() != columns)
        throw badRequest("the row key is not one of the keys this studio handed out");
    RowKey key;
    for (const auto& v : doc) {
        if (v.is_null()) {
            key.push_back(Cell::null());
            continue;
        }
        if (!v.is_object() || v.size() != 1 || !v.begin().value().is_string())
            throw badRequest("the row key is not one of the keys this studio handed out");
        const std::string tag = v.begin().key();
        const std::string value = v.begin().value().get<std::string>();
        if (tag == "i" && isInteger(value)) key.push_back(Cell::of(Cell::Kind::Integer, value));
        else if (tag == "r" && isReal(value)) key.push_back(Cell::of(Cell::Kind::Real, value));
        else if (tag == "t") key.push_back(Cell::of(Cell::Kind::Text, value));
        else if (tag == "b") key.push_back(Cell::of(Cell::Kind::Blob, fromHex(value)));
        else throw badRequest("the row key is not one of the keys this studio handed out");
    }
    return key;
}

Cell cellFromJson(const json& value) {
    if (value.is_null()) return Cell::null();
    if (value.is_string()) return Cell::of(Cell::Kind::Text, value.get<std::string>());
    if (value.is_boolean()) return Cell::of(Cell::Kind::Integer, value.get<bool>() ? "1" : "0");
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        throw badRequest("an integer beyond 64 bits: send it as a string");
    if (value.is_number_integer()) return Cell::of(Cell::Kind::Integer, value.dump());
    if (value.is_number_float()) return Cell::of(Cell::Kind::Real, value.dump());
    throw badRequest("a cell's new value must be null, a string, a number or a boolean");
}

}  // namespace ob::migrate::cli::studio
