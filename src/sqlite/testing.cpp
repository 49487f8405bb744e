#include "ob/migrate/sqlite/testing.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/hashing.hpp"
#include "ob/migrate/error.hpp"
#include "errors.hpp"
#include "ob/migrate/migrator.hpp"

namespace ob::migrate::testing {

namespace {

constexpr int kOpenFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
/// A connection setting, not part of the image: set on the migrating connection and on every clone.
constexpr const char* kForeignKeysOn = "PRAGMA foreign_keys=ON";

/// The serialized image of a migrated database; built once, under its own mutex.
struct Image {
    std::mutex mutex;
    std::vector<unsigned char> bytes;
    bool ready = false;
};

std::vector<unsigned char> migrateAndSerialize(const MigrationSet& migrations, const sqlite::Options& options) {
    SQLite::Database db(":memory:", kOpenFlags);
    db.exec(kForeignKeysOn);
    {
        sqlite::Dialect dialect(db, options);
        Migrator(dialect, migrations).upToDate();
    }
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(db.getHandle(), "main", &size, 0);
    if (data == nullptr)
        sqlite::detail::raise(sqlite3_errcode(db.getHandle()), sqlite3_errmsg(db.getHandle()), db.getFilename(),
                              DatabaseError::kUnknownOffset, "cannot serialize the migrated test database");
    std::vector<unsigned char> bytes(data, data + size);
    sqlite3_free(data);
    return bytes;
}

const std::vector<unsigned char>& imageFor(const MigrationSet& migrations, const sqlite::Options& options) {
    static std::mutex registryMutex;
    static std::unordered_map<std::string, std::unique_ptr<Image>> registry;

    Image* image = nullptr;
    {
        std::lock_guard<std::mutex> lock(registryMutex);
        auto& slot = registry[contentKey(migrations, options)];
        if (!slot) slot = std::make_unique<Image>();
        image = slot.get();
    }
    std::lock_guard<std::mutex> lock(image->mutex);
    if (!image->ready) {
        image->bytes = migrateAndSerialize(migrations, options);
        image->ready = true;
    }
    return image->bytes;
}

}  // namespace

std::string contentKey(const MigrationSet& migrations, const sqlite::Options& options) {
    std::string text = fmt::format("{}\n{}\n", migrations.dialect(), options.trackingTable);
    for (const Migration& m : migrations.migrations())
        text += fmt::format("{}\t{}\t{}\t{}\t{}\n", m.idx, m.tag, m.when, m.breakpoints ? 1 : 0, m.hash);
    return sha256Hex(text);
}

SQLite::Database freshDatabase(const MigrationSet& migrations, const sqlite::Options& options) {
    const std::vector<unsigned char>& image = imageFor(migrations, options);

    SQLite::Database db(":memory:", kOpenFlags);
    const auto size = static_cast<sqlite3_int64>(image.size());
    auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
    if (copy == nullptr)
        sqlite::detail::raise(SQLITE_NOMEM, "out of memory", ":memory:", DatabaseError::kUnknownOffset,
                              "copying the test database image");
    std::memcpy(copy, image.data(), image.size());
    // SQLite owns `copy` from here on, also when the call fails.
    int rc = sqlite3_deserialize(db.getHandle(), "main", copy, size, size,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (rc != SQLITE_OK)
        sqlite::detail::raise(rc, sqlite3_errstr(rc), ":memory:", DatabaseError::kUnknownOffset,
                              "cannot open the test database image");
    db.exec(kForeignKeysOn);
    return db;
}

}  // namespace ob::migrate::testing
