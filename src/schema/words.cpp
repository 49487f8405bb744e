// Random migration names: adjective_noun.
#include <openssl/rand.h>

#include <array>
#include <string>

#include "ob/migrate/generate.hpp"

namespace ob::migrate {

namespace {

constexpr std::array<const char*, 64> kAdjectives = {
    "amber",   "ancient", "bold",    "brave",    "bright",  "brisk",   "calm",    "clever",
    "cosmic",  "crimson", "curious", "daring",   "deep",    "eager",   "early",   "electric",
    "fancy",   "fast",    "fearless", "gentle",  "giant",   "golden",  "grand",   "happy",
    "hidden",  "humble",  "icy",     "jolly",    "keen",    "kind",    "lively",  "lucky",
    "mellow",  "mighty",  "misty",   "noble",    "odd",     "patient", "plain",   "polite",
    "proud",   "quick",   "quiet",   "rapid",    "rare",    "restless", "royal",  "rustic",
    "shiny",   "silent",  "silver",  "simple",   "sleepy",  "smooth",  "solid",   "steady",
    "sunny",   "swift",   "tidy",    "tranquil", "vivid",   "warm",    "wild",    "wise"};

constexpr std::array<const char*, 64> kNouns = {
    "albatross", "anchor",  "badger",   "beacon",   "bison",   "cactus",   "canyon",  "cedar",
    "comet",     "condor",  "coral",    "cricket",  "delta",   "dolphin",  "dune",    "eagle",
    "ember",     "falcon",  "fern",     "fjord",    "galaxy",  "gecko",    "glacier", "harbor",
    "hawk",      "heron",   "iris",     "island",   "jaguar",  "kestrel",  "lagoon",  "lantern",
    "lark",      "lynx",    "maple",    "meadow",   "meteor",  "moose",    "nebula",  "oasis",
    "orca",      "otter",   "panther",  "pebble",   "pelican", "pine",     "prairie", "quasar",
    "raven",     "reef",    "river",    "sparrow",  "summit",  "thistle",  "tiger",   "tundra",
    "valley",    "walrus",  "willow",   "wolf",     "yak",     "zebra",    "zenith",  "orchid"};

std::size_t randomIndex(std::size_t n) {
    unsigned char byte = 0;
    if (RAND_bytes(&byte, 1) != 1) throw Error("no random bytes for a migration name (OpenSSL RAND_bytes failed)");
    return byte % n;  // n divides 256
}

}  // namespace

std::string randomMigrationName() {
    return std::string(kAdjectives[randomIndex(kAdjectives.size())]) + "_" + kNouns[randomIndex(kNouns.size())];
}

}  // namespace ob::migrate
