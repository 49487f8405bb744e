// Fuzzes the journal reader: Journal::parse and MigrationSet::fromJournal must turn any text into
// a journal or an ob::migrate::Error, never a crash or another exception; a journal that parses
// survives Journal::toJson() unchanged.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/hashing.hpp"
#include "fuzz_check.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/migration_set.hpp"

using namespace ob::migrate;

namespace {
void roundTrip(const Journal& journal) {
    const Journal again = Journal::parse(journal.toJson(), "round trip");
    OB_FUZZ_CHECK(again.version == journal.version, "version changed by toJson/parse");
    OB_FUZZ_CHECK(again.dialect == journal.dialect, "dialect changed by toJson/parse");
    OB_FUZZ_CHECK(again.entries.size() == journal.entries.size(), "entry count changed by toJson/parse");
    for (std::size_t i = 0; i < journal.entries.size(); ++i) {
        const auto &a = journal.entries[i], &b = again.entries[i];
        OB_FUZZ_CHECK(a.idx == b.idx && a.when == b.when && a.tag == b.tag && a.breakpoints == b.breakpoints,
                      "an entry changed by toJson/parse");
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        roundTrip(Journal::parse(text, "fuzz/meta/_journal.json"));
    } catch (const MigrationSetError&) {
    }
    // Tags whose name starts with 'x' have no file; down files exist for tags ending in 'd'.
    auto reader = [](const std::string& name) -> std::optional<std::string> {
        if (name.empty() || name[0] == 'x') return std::nullopt;
        const bool down = name.size() > 5 && name.compare(name.size() - 5, 5, ".down") == 0;
        if (down && name[name.size() - 6] != 'd') return std::nullopt;
        return "CREATE TABLE `" + name + "` (`id` integer);\n--> statement-breakpoint\nSELECT 1;";
    };
    try {
        const MigrationSet set = MigrationSet::fromJournal(text, reader, "fuzz/meta/_journal.json");
        for (const Migration& m : set.migrations()) {
            OB_FUZZ_CHECK(set.findByTag(m.tag) == &m, "findByTag misses a migration of the set");
            OB_FUZZ_CHECK(set.findByWhen(m.when) == &m, "findByWhen misses a migration of the set");
            OB_FUZZ_CHECK(m.hash == sha256Hex(m.up.sql()), "hash is not the SHA-256 of the file");
        }
    } catch (const Error&) {
    }
    return 0;
}
