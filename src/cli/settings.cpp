#include "settings.hpp"

#include <fmt/format.h>

#include <climits>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "backends.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate::cli {

namespace {
std::optional<std::string> env(const char* (*getenv)(const char*), const char* name) {
    const char* v = getenv(name);
    if (v && *v) return std::string(v);
    return std::nullopt;
}

struct FileSettings {
    std::optional<std::string> dbType, url, dir, table;
    std::optional<long> lockTimeoutMs;
};

FileSettings readConfig(const std::string& path, bool required) {
    FileSettings out;
    std::ifstream in(path);
    if (!in) {
        if (required) throw ConfigError(fmt::format("{}: cannot read the config file", path));
        return out;
    }
    nlohmann::json doc;
    try {
        in >> doc;
    } catch (const nlohmann::json::exception& e) {
        throw ConfigError(fmt::format("{}: malformed JSON: {}", path, e.what()));
    }
    if (!doc.is_object()) throw ConfigError(fmt::format("{}: must be a JSON object", path));
    auto text = [&](const char* key) -> std::optional<std::string> {
        auto it = doc.find(key);
        if (it == doc.end()) return std::nullopt;
        if (!it->is_string()) throw ConfigError(fmt::format("{}: \"{}\" must be a string", path, key));
        return it->get<std::string>();
    };
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        static const char* known[] = {"dbType", "url", "dir", "table", "lockTimeoutMs"};
        if (std::find(std::begin(known), std::end(known), it.key()) == std::end(known))
            throw ConfigError(fmt::format("{}: unknown setting \"{}\" (known: dbType, url, dir, table, lockTimeoutMs)",
                                          path, it.key()));
    }
    out.dbType = text("dbType");
    out.url = text("url");
    out.dir = text("dir");
    out.table = text("table");
    if (auto it = doc.find("lockTimeoutMs"); it != doc.end()) {
        if (!it->is_number_integer() ||
            (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(LONG_MAX)))
            throw ConfigError(fmt::format("{}: \"lockTimeoutMs\" must be an integer of at most {}", path, LONG_MAX));
        out.lockTimeoutMs = it->get<long>();
    }
    return out;
}

template <class T>
T first(std::optional<T> a, std::optional<T> b, std::optional<T> c, T fallback) {
    if (a) return *a;
    if (b) return *b;
    if (c) return *c;
    return fallback;
}
}  // namespace

Settings resolveSettings(const Flags& flags, const char* (*getenv)(const char*)) {
    FileSettings file = readConfig(flags.config.value_or("ob-migrate.json"), flags.config.has_value());
    Settings s;
    s.dbType = first(flags.dbType, env(getenv, "DB_TYPE"), file.dbType, std::string(backends().front().name));
    const Backend* backend = findBackend(s.dbType);
    if (!backend)
        throw ConfigError(fmt::format("unknown database type \"{}\" (use {})", s.dbType, backendNames()));
    s.dbType = std::string(backend->name);
    s.url = first(flags.url, env(getenv, std::string(backend->urlEnv).c_str()), file.url,
                  std::string(backend->defaultUrl));
    s.dir = first(flags.dir, std::optional<std::string>{}, file.dir, std::string(backend->defaultDir));
    s.table = first(flags.table, std::optional<std::string>{}, file.table, std::string());
    long timeout = first(flags.lockTimeoutMs, std::optional<long>{}, file.lockTimeoutMs, 60000L);
    if (timeout < 0) throw ConfigError("the lock timeout must not be negative");
    s.lockTimeout = std::chrono::milliseconds(timeout);
    if (flags.connectTimeoutSeconds) {
        if (*flags.connectTimeoutSeconds < 0) throw ConfigError("the connect timeout must not be negative");
        s.connectTimeout = std::chrono::seconds(*flags.connectTimeoutSeconds);
    }
    return s;
}

}  // namespace ob::migrate::cli
