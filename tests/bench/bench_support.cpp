#include "bench_support.hpp"
#include "core/hashing.hpp"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

extern char** environ;

namespace ob::migrate::bench {

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const std::size_t m = values.size() / 2;
    return values.size() % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
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
