#include "ob/migrate/embedded.hpp"

#include <fmt/format.h>

#include <string>

#include "ob/migrate/error.hpp"

namespace ob::migrate {

namespace {

const EmbeddedFile* findFile(const EmbeddedFolder& folder, std::string_view name) {
    for (std::size_t i = 0; i < folder.fileCount; ++i)
        if (name == folder.files[i].name) return &folder.files[i];
    return nullptr;
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

    MigrationSet set = MigrationSet::fromJournal(
        folder.journal.bytes(),
        [&folder](const std::string& name) -> std::optional<std::string> {
            if (const EmbeddedFile* file = findFile(folder, name)) return std::string(file->bytes());
            return std::nullopt;
        },
        origin);

    // fromJournal hashed every migration the way fromDirectory does: that must be the build's hash.
    // Files that are not migrations themselves (down files) are hashed here.
    for (std::size_t i = 0; i < folder.fileCount; ++i) {
        const EmbeddedFile& file = folder.files[i];
        if (const Migration* m = set.findByTag(file.name))
            checkHash(m->file, m->hash, file.sha256);
        else
            checkHash(base + "/" + file.name + ".sql", sha256Hex(file.bytes()), file.sha256);
    }
    return set;
}

}  // namespace ob::migrate
