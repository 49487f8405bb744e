#include "bench_support.hpp"
#include "core/hashing.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#ifdef OB_MIGRATE_HAVE_POSTGRES
#include <pqxx/pqxx>
#endif
#include <random>
#include <stdexcept>

extern char** environ;

namespace ob::migrate::bench {

namespace {
std::string randomSuffix() {
    std::random_device rd;
    return fmt::format("{:08x}{:08x}", rd(), rd());
}
}  // namespace

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t m = values.size() / 2;
    return values.size() % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

ScratchDir::ScratchDir() {
    auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = base / ("ob-migrate-bench-" + randomSuffix());
        if (std::filesystem::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a scratch directory");
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string Workload::name() const {
    return fmt::format("{}-{}{}", dialect, migrations, noAlter ? "-noalter" : "");
}

int runCommand(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0)
        throw std::runtime_error("cannot start " + argv.front());
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::filesystem::path workloadFolder(const std::filesystem::path& root, const Workload& w) {
    const auto dir = root / w.name();
    if (std::filesystem::exists(dir / "meta" / "_journal.json")) return dir;
    std::vector<std::string> argv{"python3", OB_MIGRATE_SOURCE_DIR "/tests/bench/workloads/gen_folder.py",
                                  "--dialect", w.dialect, "--migrations", std::to_string(w.migrations),
                                  "--out", dir.string()};
    if (w.noAlter) argv.push_back("--no-alter");
    if (int rc = runCommand(argv); rc != 0)
        throw std::runtime_error(fmt::format("gen_folder.py failed (exit {}) for {}", rc, w.name()));
    return dir;
}

std::optional<std::string> pgServerUrl() {
    const char* url = std::getenv("OB_MIGRATE_TEST_PG_URL");
    if (!url || !*url) return std::nullopt;
    return std::string(url);
}

std::string withDatabase(const std::string& url, const std::string& database) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url + " dbname=" + database;  // later keywords win
    const auto query = url.find('?', scheme + 3);
    const auto slash = url.find('/', scheme + 3);
    const auto pathEnd = query == std::string::npos ? url.size() : query;
    if (slash == std::string::npos || slash > pathEnd)
        return url.substr(0, pathEnd) + "/" + database + url.substr(pathEnd);
    return url.substr(0, slash + 1) + database + url.substr(pathEnd);
}

#ifdef OB_MIGRATE_HAVE_POSTGRES
ScratchPgDatabase::ScratchPgDatabase(std::string serverUrl)
    : serverUrl_(std::move(serverUrl)), name_("ob_bench_" + randomSuffix()), url_(withDatabase(serverUrl_, name_)) {
    pqxx::connection server(serverUrl_);
    pqxx::nontransaction tx(server);
    tx.exec("CREATE DATABASE " + tx.quote_name(name_));
}

ScratchPgDatabase::~ScratchPgDatabase() {
    try {
        pqxx::connection server(serverUrl_);
        pqxx::nontransaction tx(server);
        tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "warning: could not drop %s: %s\n", name_.c_str(), e.what());
    }
}
#endif

EmbeddedCopy::EmbeddedCopy(const std::filesystem::path& folder) {
    const auto set = MigrationSet::fromDirectory(folder);
    std::ifstream in(folder / "meta" / "_journal.json", std::ios::binary);
    journal_.assign(std::istreambuf_iterator<char>(in), {});
    journalHash_ = sha256Hex(journal_);
    for (const auto& m : set.migrations()) {
        names_.push_back(m.tag);
        bytes_.push_back(m.up.sql());
        hashes_.push_back(m.hash);
    }
    for (std::size_t i = 0; i < names_.size(); ++i)
        files_.push_back(EmbeddedFile{names_[i].c_str(), reinterpret_cast<const unsigned char*>(bytes_[i].data()),
                                      bytes_[i].size(), hashes_[i].c_str()});
    folder_ = EmbeddedFolder{"embedded:bench",
                             EmbeddedFile{"meta/_journal.json",
                                          reinterpret_cast<const unsigned char*>(journal_.data()), journal_.size(),
                                          journalHash_.c_str()},
                             files_.data(), files_.size()};
}

}  // namespace ob::migrate::bench
