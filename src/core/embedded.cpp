#include "ob/migrate/embedded.hpp"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/hashing.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate {

namespace {

/// The folder's files by name, built once: the journal asks for every tag and every "<tag>.down".
std::unordered_map<std::string_view, const EmbeddedFile*> filesByName(const EmbeddedFolder& folder) {
    std::unordered_map<std::string_view, const EmbeddedFile*> out;
    out.reserve(folder.fileCount);
    for (std::size_t i = 0; i < folder.fileCount; ++i) out.emplace(folder.files[i].name, &folder.files[i]);
    return out;
}

void checkHash(const std::string& file, std::string_view computed, std::string_view recorded) {
    if (computed != recorded)
        throw MigrationSetError(file, fmt::format("embedded bytes have SHA-256 {} but the build recorded {} "
                                                  "(the generated code is corrupt or was edited by hand)",
                                                  computed, recorded));
}

}  // namespace

MigrationSet loadEmbedded(const EmbeddedFolder& folder) {
    const std::string base = folder.origin;
    const std::string origin = base + "/meta/_journal.json";
    if (folder.journal.data == nullptr) return MigrationSet::fromMigrations({}, {}, origin);  // none yet
    checkHash(origin, sha256Hex(folder.journal.bytes()), folder.journal.sha256);

    const auto files = filesByName(folder);
    MigrationSet set = MigrationSet::fromJournal(
        folder.journal.bytes(),
        [&files](const std::string& name) -> std::optional<std::string> {
            if (auto it = files.find(name); it != files.end()) return std::string(it->second->bytes());
            return std::nullopt;
        },
        origin);
    std::unordered_map<std::string_view, const Migration*> byTag;
    byTag.reserve(set.size());
    for (const Migration& m : set.migrations()) byTag.emplace(m.tag, &m);

    // fromJournal hashed every migration the way fromDirectory does: that must be the build's hash.
    // Files that are not migrations themselves (down files) are hashed here.
    for (std::size_t i = 0; i < folder.fileCount; ++i) {
        const EmbeddedFile& file = folder.files[i];
        if (auto it = byTag.find(file.name); it != byTag.end())
            checkHash(it->second->up.file(), it->second->hash, file.sha256);
        else
            checkHash(base + "/" + file.name + ".sql", sha256Hex(file.bytes()), file.sha256);
    }
    return set;
}

}  // namespace ob::migrate
