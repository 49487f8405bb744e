#include "files.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "ob/migrate/error.hpp"

namespace ob::migrate::detail {

namespace fs = std::filesystem;

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
    std::error_code ec;
    fs::rename(temp, file, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw Error(fmt::format("cannot write {}: {}", file.string(), ec.message()));
    }
}

}  // namespace ob::migrate::detail
