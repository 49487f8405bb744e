// Fuzzes the snapshot reader: Snapshot::parse must turn any text into a snapshot or an
// ob::migrate::Error; a snapshot that parses is written back by toJson() into text that parses
// to the same JSON again (toJson is a fixed point after one round).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "ob/migrate/error.hpp"
#include "ob/migrate/snapshot.hpp"

using namespace ob::migrate;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string once;
    try {
        once = Snapshot::parse(text, "fuzz/meta/0000_snapshot.json").toJson();
    } catch (const Error&) {
        return 0;
    }
    std::string twice;
    try {
        twice = Snapshot::parse(once, "round trip").toJson();
    } catch (const Error& e) {
        OB_FUZZ_CHECK(false, e.what());  // what toJson writes must read back
    }
    OB_FUZZ_CHECK(once == twice, "toJson(parse(toJson(x))) differs from toJson(x)");
    return 0;
}
