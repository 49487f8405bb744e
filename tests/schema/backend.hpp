// A database the round-trip scenarios run on: generate a migration, apply it with the Migrator,
// query rows, and compare the live schema with the snapshot.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ob/migrate/generate.hpp"
#include "ob/migrate/schema.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::schema_test {

class Backend {
public:
    virtual ~Backend() = default;
    virtual const SqlRenderer& renderer() const = 0;
    /// Applies the folder's pending migrations with the Migrator.
    virtual void migrate(const std::filesystem::path& folder) = 0;
    virtual void exec(const std::string& sql) = 0;
    /// First column of the first row as text ("<null>" for NULL); throws when there is no row.
    virtual std::string scalar(const std::string& sql) = 0;
    /// Checks (Catch2 CHECK/REQUIRE) that the live database holds exactly `schema`.
    virtual void requireMatches(const Schema& schema) = 0;

    std::string dialect() const { return std::string(renderer().dialect()); }
    long long count(const std::string& table) { return std::stoll(scalar("SELECT count(*) FROM \"" + table + "\"")); }
};

/// One migration: generate `schema` into `folder`, apply it, check the snapshot equals the resolved
/// schema, the live database matches it, and that generating again finds no change.
GenerateResult step(Backend& backend, const dsl::Definition& schema, const std::filesystem::path& folder,
                    GenerateOptions options = {});

/// True when some statement of `result` contains `text`.
bool contains(const GenerateResult& result, const std::string& text);

/// The round-trip scenarios, each run on a fresh database.
using Scenario = std::function<void(Backend&, const std::filesystem::path& folder)>;
std::vector<std::pair<std::string, Scenario>> scenarios();
void addMoreScenarios(std::vector<std::pair<std::string, Scenario>>& out);

}  // namespace ob::migrate::schema_test
