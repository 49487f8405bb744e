#include "files.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "ob/migrate/error.hpp"

namespace ob::migrate::detail {

namespace fs = std::filesystem;

std::optional<std::string> readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string bytes(std::istreambuf_iterator<char>(in), {});
    if (in.bad()) return std::nullopt;
    return bytes;
}

void writeFileAtomically(const fs::path& file, const std::string& text) {
    fs::path temp = file;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(fmt::format("cannot write {}", temp.string()));
        out << text;
        out.close();
        if (!out) throw Error(fmt::format("cannot write {}", temp.string()));
    }
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(fmt::format("cannot write {}: {}", file.string(), ec.message()));
    }
}

}  // namespace ob::migrate::detail
