#include "client_tools.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include "child_process.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate::postgres::detail {

namespace fs = std::filesystem;

namespace {
constexpr const char* kDebianRoot = "/usr/lib/postgresql";

/// N when `dir` is <something>/postgresql/<N>/bin (Debian's layout), else 0.
int debianMajor(const fs::path& dir) {
    const fs::path clean = dir.lexically_normal();
    const fs::path bin = clean.filename().empty() ? clean.parent_path() : clean;
    if (bin.filename() != "bin" || bin.parent_path().parent_path().filename() != "postgresql") return 0;
    const std::string version = bin.parent_path().filename().string();
    if (version.empty() ||
        !std::all_of(version.begin(), version.end(), [](unsigned char c) { return std::isdigit(c); }))
        return 0;
    return std::atoi(version.c_str());
}

std::vector<fs::path> pathDirectories() {
    std::vector<fs::path> out;
    const char* path = std::getenv("PATH");
    if (!path) return out;
    const std::string p = path;
    for (std::size_t start = 0; start <= p.size();) {
        std::size_t end = p.find(':', start);
        if (end == std::string::npos) end = p.size();
        if (end > start) out.emplace_back(p.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

/// Debian's version directories, oldest first.
std::vector<fs::path> debianDirectories() {
    std::vector<std::pair<int, fs::path>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(kDebianRoot, ec)) {
        const fs::path bin = entry.path() / "bin";
        if (int major = debianMajor(bin)) found.emplace_back(major, bin);
    }
    std::sort(found.begin(), found.end());
    std::vector<fs::path> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
}

bool holdsAll(const fs::path& dir, const std::vector<std::string>& programs) {
    for (const auto& program : programs) {
        const fs::path file = dir / program;
        std::error_code ec;
        if (!fs::is_regular_file(file, ec) || ::access(file.c_str(), X_OK) != 0) return false;
    }
    return true;
}

struct Candidate {
    fs::path directory;
    int major = 0;  ///< 0: unknown (its --version could not be read)
};

int versionOf(const fs::path& dir, const std::string& program) {
    if (int major = debianMajor(dir)) return major;
    try {
        auto [rc, out] = runForOutput((dir / program).string(), {"--version"}, environmentWith({}, {}));
        return rc == 0 ? parseClientMajor(out) : 0;
    } catch (const Error&) {
        return 0;
    }
}

std::string joined(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}
}  // namespace

int parseClientMajor(const std::string& versionText) {
    std::size_t pos = versionText.find(')');
    pos = versionText.find_first_of("0123456789", pos == std::string::npos ? 0 : pos);
    if (pos == std::string::npos) return 0;
    return std::atoi(versionText.c_str() + pos);
}

ClientTools findClientTools(const std::vector<std::string>& programs, int serverMajor,
                            const std::vector<std::string>& searchPath, const std::string& purpose) {
    std::vector<fs::path> dirs;
    std::string where;
    if (searchPath.empty()) {
        const fs::path own = fs::path(kDebianRoot) / std::to_string(serverMajor) / "bin";
        if (holdsAll(own, programs)) return ClientTools{own, serverMajor};
        dirs = pathDirectories();
        for (auto& d : debianDirectories()) dirs.push_back(std::move(d));
        where = fmt::format("on PATH or in {}/<version>/bin", kDebianRoot);
    } else {
        dirs.assign(searchPath.begin(), searchPath.end());
        where = "in " + joined(searchPath, ", ");
    }

    std::vector<Candidate> candidates;
    std::vector<fs::path> seen;  // PATH often names a directory twice (/bin and /usr/bin)
    for (const auto& dir : dirs) {
        std::error_code ec;
        fs::path real = fs::weakly_canonical(dir, ec);
        if (ec) real = dir;
        if (std::find(seen.begin(), seen.end(), real) != seen.end()) continue;
        seen.push_back(real);
        if (!holdsAll(dir, programs)) continue;
        const int major = versionOf(dir, programs.front());
        if (major == serverMajor) return ClientTools{dir, major};
        candidates.push_back(Candidate{dir, major});
    }
    std::optional<Candidate> newer;
    for (const auto& c : candidates)
        if (c.major > serverMajor && (!newer || c.major < newer->major)) newer = c;
    if (newer) return ClientTools{newer->directory, newer->major};

    const std::string names = joined(programs, " and ");
    if (candidates.empty())
        throw Error(
            fmt::format("{} needs {} {} but {} not found {} (install the PostgreSQL client programs, "
                        "package postgresql-client on Debian and Ubuntu)",
                        purpose, programs.size() == 1 ? "the program" : "the programs", names,
                        programs.size() == 1 ? "it was" : "they were", where));
    std::vector<std::string> found;
    for (const auto& c : candidates)
        found.push_back(fmt::format("{} ({})", (c.directory / programs.front()).string(),
                                    c.major ? std::to_string(c.major) : std::string("unknown version")));
    throw Error(
        fmt::format("{} needs {} of PostgreSQL {} or newer (the server's version), found only {}: install "
                    "postgresql-client-{} or put a newer {} on PATH",
                    purpose, names, serverMajor, joined(found, ", "), serverMajor, programs.front()));
}

}  // namespace ob::migrate::postgres::detail
