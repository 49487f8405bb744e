#include "backend.hpp"

#include <catch2/catch.hpp>

#include "ob/migrate/snapshot.hpp"

namespace ob::migrate::schema_test {

GenerateResult step(Backend& backend, const dsl::Definition& schema, const std::filesystem::path& folder,
                    GenerateOptions options) {
    GenerateResult result = generate(schema, folder, backend.renderer(), options);
    INFO("generated " << result.tag << ":\n" << result.sql);
    REQUIRE(result.written);
    backend.migrate(folder);
    Snapshot snapshot = Snapshot::read(result.snapshotFile);
    REQUIRE(snapshot.schema == schema.resolve(backend.renderer()));
    backend.requireMatches(snapshot.schema);
    GenerateOptions again = options;
    again.dryRun = true;
    GenerateResult second = generate(schema, folder, backend.renderer(), again);
    INFO("second run: " << second.sql);
    REQUIRE_FALSE(second.changed);
    return result;
}

bool contains(const GenerateResult& result, const std::string& text) {
    for (const auto& s : result.statements)
        if (s.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace ob::migrate::schema_test
