// ob::migrate — migrations compiled into the program by the CMake function ob_migrate_embed().
//
//   ob_migrate_embed(server DIRECTORY drizzle/migrations NAMESPACE app::db)   # CMakeLists.txt
//   #include "app/db.hpp"                                                     // generated header
//   ob::migrate::Migrator migrator(dialect, app::db::migrations());
//
// The generated code holds the journal and every .sql file it lists (and their optional
// <tag>.down.sql) as byte arrays, with the SHA-256
// CMake computed for each file. loadEmbedded() builds the set through MigrationSet::fromJournal (the
// same validation and the same hashes as MigrationSet::fromDirectory on the folder) and checks that
// the hashes it computes equal the ones computed at build time.
#pragma once

#include <cstddef>
#include <string_view>

#include "ob/migrate/migration_set.hpp"

namespace ob::migrate {

/// One file of an embedded migrations folder.
struct EmbeddedFile {
    const char* name;            ///< the file name without ".sql": a tag ("0000_majestic_cyclops"),
                                 ///< "<tag>.down" for a down migration; "meta/_journal.json"
    const unsigned char* data;   ///< the file's bytes (followed by a NUL that is not part of the file)
    std::size_t size;            ///< number of bytes
    const char* sha256;          ///< lowercase hex SHA-256 computed by CMake's file(SHA256) at build time

    std::string_view bytes() const noexcept {
        return {reinterpret_cast<const char*>(data), size};
    }
};

/// A migrations folder as ob_migrate_embed() compiles it.
struct EmbeddedFolder {
    const char* origin;               ///< "embedded:<folder>", names the set in errors
    EmbeddedFile journal;             ///< meta/_journal.json; data is nullptr when the folder had
                                      ///< none at build time (no migrations yet)
    const EmbeddedFile* files;        ///< the .sql files, in journal order (each down file after its migration)
    std::size_t fileCount;
};

/// Builds the set from embedded data (an empty set, of no dialect, for a folder with no journal). Throws MigrationSetError, naming the file, when the journal is
/// invalid or when a file's bytes do not have the SHA-256 recorded at build time.
MigrationSet loadEmbedded(const EmbeddedFolder& folder);

}  // namespace ob::migrate
