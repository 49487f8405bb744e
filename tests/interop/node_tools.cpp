#include "node_tools.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <fmt/format.h>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/hashing.hpp"
#include "ob/migrate/migration_set.hpp"

namespace ob::migrate::interop {

namespace fs = std::filesystem;

namespace {
constexpr const char* kStampFile = ".ob-migrate-npm-ci";

fs::path interopRoot() { return fs::path(OB_MIGRATE_SOURCE_DIR) / "tests" / "interop"; }

/// An exclusive flock on a file in the temp dir, so test processes of several build dirs sharing
/// one source tree do not run `npm ci` into the same node_modules at once.
class InstallLock {
public:
    explicit InstallLock(const fs::path& root) {
        auto name = fmt::format("ob-migrate-interop-npm-{:016x}.lock", std::hash<std::string>{}(root.string()));
        fd_ = ::open((fs::temp_directory_path() / name).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) throw ToolError("cannot lock " + name);
    }
    ~InstallLock() {
        if (fd_ >= 0) ::close(fd_);  // closing releases the lock
    }
    InstallLock(const InstallLock&) = delete;
    InstallLock& operator=(const InstallLock&) = delete;

private:
    int fd_ = -1;
};

std::string quoteArgs(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
    return out;
}
}  // namespace

std::optional<std::string> findOnPath(const std::string& name) {
    const char* path = std::getenv("PATH");
    if (!path) return std::nullopt;
    std::string_view rest(path);
    while (!rest.empty()) {
        auto colon = rest.find(':');
        auto dir = rest.substr(0, colon);
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        if (dir.empty()) continue;
        auto candidate = fs::path(std::string(dir)) / name;
        if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate.string();
    }
    return std::nullopt;
}

std::optional<std::string> NodeTools::unavailableReason() {
    std::vector<std::string> missing;
    if (!findOnPath("node")) missing.push_back("node");
    if (!findOnPath("npm")) missing.push_back("npm");
    if (missing.empty()) return std::nullopt;
    return fmt::format("{} not found on PATH (install Debian's nodejs and npm; .ci/install-deps does)",
                       missing.size() == 2 ? "node and npm" : missing.front());
}

NodeTools& NodeTools::instance() {
    static std::optional<NodeTools> tools;
    static std::optional<std::string> failure;  // a failed install is not retried by every test case
    if (tools) return *tools;
    if (failure) throw ToolError(*failure);
    try {
        if (auto reason = unavailableReason()) throw ToolError(*reason);
        NodeTools t(*findOnPath("node"), *findOnPath("npm"));
        t.install();
        tools.emplace(std::move(t));
    } catch (const std::exception& e) {
        failure = e.what();
        throw ToolError(*failure);
    }
    return *tools;
}

NodeTools::NodeTools(std::string node, std::string npm) : node_(std::move(node)), npm_(std::move(npm)), root_(interopRoot()) {}

void NodeTools::install() const {
    InstallLock lock(root_);
    installInto(root_);
    installInto(root_ / "v1");  // the Drizzle 1.0 betas
}

void NodeTools::installInto(const fs::path& dir) const {
    const auto lockfile = test::readText(dir / "package-lock.json");
    const auto manifest = test::readText(dir / "package.json");
    const auto wanted = sha256Hex(manifest + '\n' + lockfile);
    const auto stamp = dir / "node_modules" / kStampFile;
    std::error_code ec;
    if (fs::exists(stamp, ec) && fs::exists(dir / "node_modules" / "drizzle-kit" / "bin.cjs", ec) &&
        test::readText(stamp) == wanted)
        return;  // installed by an earlier run from this very lockfile

    // --prefix makes npm work on the folder whatever the current directory is.
    auto r = test::runProcess({npm_, "ci", "--prefix", dir.string(), "--no-audit", "--no-fund", "--loglevel=error"});
    if (r.exitCode != 0)
        throw ToolError(fmt::format("`npm ci` failed in {} (exit code {}): the interop tests need the npm registry "
                                    "to install drizzle-kit and drizzle-orm.\n--- npm stdout ---\n{}\n--- npm stderr ---\n{}",
                                    dir.string(), r.exitCode, r.out, r.err));
    test::writeText(stamp, wanted);
}

test::ProcessResult NodeTools::runScript(const std::string& script, const std::vector<std::string>& args,
                                         const fs::path& scripts) const {
    std::vector<std::string> argv{node_, ((scripts.empty() ? root_ / "scripts" : scripts) / script).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = test::runProcess(argv);
    if (r.exitCode != 0)
        throw ToolError(fmt::format("`{}` failed (exit code {})\n--- stdout ---\n{}\n--- stderr ---\n{}",
                                    quoteArgs(argv), r.exitCode, r.out, r.err));
    return r;
}

void NodeTools::generate(const std::string& dialect, const fs::path& out, int steps, const std::string& set) const {
    std::vector<std::string> args{dialect, out.string()};
    if (steps > 0) args.push_back(std::to_string(steps));
    if (!set.empty()) args.insert(args.end(), {"--set", set});
    runScript("generate.mjs", args);
}

void NodeTools::requireNoChanges(const std::string& dialect, const fs::path& folder, const fs::path& schemaFile) const {
    runScript("no-changes.mjs", {dialect, folder.string(), schemaFile.string()});
}

void NodeTools::migrateSqlite(const std::string& driver, const fs::path& db, const fs::path& folder,
                              std::optional<int> count, bool foreignKeysOn) const {
    std::vector<std::string> args{driver, db.string(), folder.string()};
    if (count) args.insert(args.end(), {"--count", std::to_string(*count)});
    if (foreignKeysOn) args.push_back("--foreign-keys-on");
    runScript("migrate-sqlite.mjs", args);
}

void NodeTools::migratePostgres(const std::string& url, const fs::path& folder, std::optional<int> count) const {
    std::vector<std::string> args{url, folder.string()};
    if (count) args.insert(args.end(), {"--count", std::to_string(*count)});
    runScript("migrate-postgres.mjs", args);
}

void NodeTools::generateV1(const std::string& dialect, const fs::path& out, int steps) const {
    std::vector<std::string> args{dialect, out.string()};
    if (steps > 0) args.push_back(std::to_string(steps));
    runScript("generate.mjs", args, root_ / "v1" / "scripts");
}

void NodeTools::migrateV1(const std::string& dialect, const std::string& target, const fs::path& folder) const {
    runScript("migrate.mjs", {dialect, target, folder.string()}, root_ / "v1" / "scripts");
}

void NodeTools::upV1(const std::string& dialect, const fs::path& folder) const {
    runScript("up.mjs", {dialect, folder.string()}, root_ / "v1" / "scripts");
}

std::string NodeTools::installedVersion(const std::string& package) const {
    auto doc = nlohmann::json::parse(test::readText(root_ / "node_modules" / package / "package.json"));
    return doc.at("version").get<std::string>();
}

}  // namespace ob::migrate::interop
