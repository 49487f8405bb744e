// Drizzle Kit 0.x's meta/_journal.json, read and written.
#include "ob/migrate/journal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "dialects.hpp"
#include "ob/migrate/error.hpp"

namespace ob::migrate {

namespace {
using Json = nlohmann::ordered_json;

const Json& member(const Json& object, const char* key, const std::string& where, const std::string& origin) {
    auto it = object.find(key);
    if (it == object.end()) throw MigrationSetError(origin, fmt::format("{} has no \"{}\"", where, key));
    return *it;
}

std::string textOf(const Json& v, const char* key, const std::string& where, const std::string& origin) {
    if (!v.is_string()) throw MigrationSetError(origin, fmt::format("{}: \"{}\" must be a string", where, key));
    return v.get<std::string>();
}

std::int64_t integerOf(const Json& v, const char* key, const std::string& where, const std::string& origin) {
    if (!v.is_number_integer())
        throw MigrationSetError(origin, fmt::format("{}: \"{}\" must be an integer", where, key));
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        throw MigrationSetError(origin, fmt::format("{}: \"{}\" is {}, beyond the largest 64-bit integer", where, key,
                                                    v.get<std::uint64_t>()));
    return v.get<std::int64_t>();
}
}  // namespace

Journal Journal::parse(std::string_view text, const std::string& origin) {
    Json doc;
    try {
        doc = Json::parse(text.begin(), text.end());
    } catch (const Json::exception& e) {  // parse_error, and out_of_range for a number too large
        throw MigrationSetError(origin, fmt::format("malformed JSON: {}", e.what()));
    }
    if (!doc.is_object()) throw MigrationSetError(origin, "the journal must be a JSON object");
    Journal journal;
    const std::string top = "journal";
    if (auto it = doc.find("version"); it != doc.end()) journal.version = textOf(*it, "version", top, origin);
    journal.dialect = textOf(member(doc, "dialect", top, origin), "dialect", top, origin);
    const Json& entries = member(doc, "entries", top, origin);
    if (!entries.is_array()) throw MigrationSetError(origin, "\"entries\" must be an array");
    std::size_t position = 0;
    for (const Json& e : entries) {
        std::string where = fmt::format("entry #{}", position++);
        if (!e.is_object()) throw MigrationSetError(origin, fmt::format("{} must be an object", where));
        JournalEntry entry;
        std::int64_t idx = integerOf(member(e, "idx", where, origin), "idx", where, origin);
        if (idx < 0) throw MigrationSetError(origin, fmt::format("{}: \"idx\" must not be negative", where));
        entry.idx = static_cast<std::size_t>(idx);
        entry.when = integerOf(member(e, "when", where, origin), "when", where, origin);
        entry.tag = textOf(member(e, "tag", where, origin), "tag", where, origin);
        const bool control = std::any_of(entry.tag.begin(), entry.tag.end(),
                                         [](char c) { return static_cast<unsigned char>(c) < 0x20; });
        if (entry.tag.empty() || control || entry.tag.find('/') != std::string::npos ||
            entry.tag.find('\\') != std::string::npos || entry.tag == "." || entry.tag == "..")
            throw MigrationSetError(origin, fmt::format("{}: \"tag\" {:?} is not a file name", where, entry.tag));
        if (auto it = e.find("version"); it != e.end()) entry.version = textOf(*it, "version", where, origin);
        if (auto it = e.find("breakpoints"); it != e.end()) {
            if (!it->is_boolean())
                throw MigrationSetError(origin, fmt::format("{}: \"breakpoints\" must be true or false", where));
            entry.breakpoints = it->get<bool>();
        }
        journal.entries.push_back(std::move(entry));
    }
    return journal;
}

std::string Journal::toJson() const {
    Json doc = Json::object();
    doc["version"] = version;
    doc["dialect"] = dialect;
    doc["entries"] = Json::array();
    for (const auto& e : entries) {
        Json j = Json::object();
        j["idx"] = e.idx;
        j["version"] = e.version.empty() ? entryVersionFor(dialect) : e.version;
        j["when"] = e.when;
        j["tag"] = e.tag;
        j["breakpoints"] = e.breakpoints;
        doc["entries"].push_back(std::move(j));
    }
    try {
        return doc.dump(2);
    } catch (const nlohmann::json::type_error& e) {
        throw Error(fmt::format("cannot write the journal: {}", e.what()));  // e.g. a tag that is not UTF-8
    }
}

std::string Journal::entryVersionFor(std::string_view dialect) {
    const detail::FolderDialect* d = detail::folderDialect(dialect);
    return std::string(d ? d->journalVersion : std::string_view("7"));
}

}  // namespace ob::migrate
