#include "files.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "ob/migrate/error.hpp"

namespace ob::migrate::detail {

namespace fs = std::filesystem;

namespace {
/// fsync(2) on `path` (a file, or a directory for the entries it holds); false with errno set.
bool syncPath(const fs::path& path, bool directory) {
    const int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    errno = error;
    return ok;
}
}  // namespace

std::string folderProblem(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return "no such migrations folder";
    if (!fs::is_directory(dir, ec)) return "is a file, not a migrations folder (check --dir)";
    return {};
}

std::optional<std::string> readFile(const fs::path& file) {
    std::error_code ec;
    if (fs::is_directory(file, ec)) return std::nullopt;  // opens, then reads as empty
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
    try {
        renameDurably(temp, file);
    } catch (const Error&) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw;
    }
}

void renameDurably(const fs::path& from, const fs::path& to) {
    if (!syncPath(from, false))
        throw Error(fmt::format("cannot sync {} to disk: {}", from.string(), std::strerror(errno)));
    std::error_code ec;
    fs::rename(from, to, ec);
    if (ec) throw Error(fmt::format("cannot rename {} to {}: {}", from.string(), to.string(), ec.message()));
    const fs::path dir = to.parent_path().empty() ? fs::path(".") : to.parent_path();
    if (!syncPath(dir, true))
        throw Error(fmt::format("cannot sync the directory {} to disk: {}", dir.string(), std::strerror(errno)));
}

}  // namespace ob::migrate::detail
