#include "files.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

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
    // One allocation of the file's size and read(2) straight into it: every boot reads the folder.
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct Close {
        int fd;
        ~Close() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return std::nullopt;
    std::string bytes(st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0, '\0');
    auto readSome = [fd](char* into, std::size_t size) {
        ssize_t n;
        do n = ::read(fd, into, size);
        while (n < 0 && errno == EINTR);
        return n;
    };
    std::size_t have = 0;
    while (have < bytes.size()) {
        const ssize_t n = readSome(bytes.data() + have, bytes.size() - have);
        if (n < 0) return std::nullopt;
        if (n == 0) break;
        have += static_cast<std::size_t>(n);
    }
    bytes.resize(have);
    char more[4096];  // what fstat did not count: a file that grew, a pipe
    for (ssize_t n; (n = readSome(more, sizeof more)) != 0;) {
        if (n < 0) return std::nullopt;
        bytes.append(more, static_cast<std::size_t>(n));
    }
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
