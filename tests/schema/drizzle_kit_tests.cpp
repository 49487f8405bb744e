// The real drizzle-kit (tests/interop, pinned) on folders ob::migrate wrote: `drizzle-kit check`
// passes, and `drizzle-kit generate` on the equivalent TypeScript schema finds nothing to do.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "drizzle_steps.hpp"
#include "node_tools.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/sqlite/renderer.hpp"
#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
#include "ob/migrate/postgres/renderer.hpp"
#endif
#include "schema.hpp"
#include "support.hpp"

using namespace ob::migrate;
namespace fs = std::filesystem;

namespace {

fs::path interopRoot() { return fs::path(OB_MIGRATE_SOURCE_DIR) / "tests" / "interop"; }

/// node, with tests/interop's pinned packages installed; nullopt (after FAIL in CI) when unavailable.
std::optional<std::string> node() {
    if (auto reason = interop::NodeTools::unavailableReason()) {
        if (std::getenv("CI")) FAIL("drizzle-kit tests need node and npm in CI: " << *reason);
        WARN("SKIPPED: drizzle-kit tests: " << *reason);
        return std::nullopt;
    }
    try {
        interop::NodeTools::instance();  // npm ci once, when needed
    } catch (const interop::ToolError& e) {
        FAIL(e.what());
    }
    return interop::findOnPath("node");
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

/// Runs drizzle-kit from tests/interop (where it finds drizzle-orm); `out` is passed relative to
/// it, as drizzle-kit prefixes "./" to --out.
test::ProcessResult drizzleKit(const std::string& node, const std::vector<std::string>& args, const fs::path& out) {
    std::string command = "cd " + shellQuote(interopRoot().string()) + " && exec " + shellQuote(node) + " " +
                          shellQuote((interopRoot() / "node_modules/drizzle-kit/bin.cjs").string());
    for (const auto& a : args) command += " " + shellQuote(a);
    command += " " + shellQuote("--out=" + fs::relative(out, interopRoot()).string());
    return test::runProcess({"/bin/sh", "-c", command});
}

std::unique_ptr<SqlRenderer> renderer(const std::string& dialect) {
#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
    if (dialect == "postgresql") return std::make_unique<postgres::Renderer>();
#endif
    if (dialect == "sqlite") return std::make_unique<sqlite::Renderer>();
    return nullptr;
}

std::vector<std::string> dialects() {
#ifdef OB_MIGRATE_SCHEMA_HAS_POSTGRES
    return {"sqlite", "postgresql"};
#else
    return {"sqlite"};
#endif
}

}  // namespace

TEST_CASE("drizzle-kit check passes on the badges folders ob::migrate wrote", "[schema][drizzle-kit]") {
    auto nodePath = node();
    if (!nodePath) return;
    const fs::path examples = fs::path(OB_MIGRATE_SOURCE_DIR) / "examples/badges-server/drizzle";
    for (const auto& [dialect, folder] : {std::pair<std::string, std::string>{"sqlite", "migrations"},
                                         {"postgresql", "pg-migrations"}}) {
        auto r = drizzleKit(*nodePath, {"check", "--dialect=" + dialect}, examples / folder);
        INFO(dialect << ": " << r.out << r.err);
        CHECK(r.exitCode == 0);
        CHECK(r.out.find("Everything's fine") != std::string::npos);
    }
}

TEST_CASE("drizzle-kit continues a folder ob::migrate wrote over several steps", "[schema][drizzle-kit]") {
    auto nodePath = node();
    if (!nodePath) return;
    for (const auto& dialect : dialects()) {
        DYNAMIC_SECTION(dialect) {
            test::TempDir dir;
            const fs::path out = dir / "migrations";
            auto r = renderer(dialect);
            // Three of our migrations, one of them renaming, so _meta is not empty.
            using namespace ob::migrate::dsl;
            GenerateOptions o;
            o.name = "first";
            generate(schema({table("legacy", {integer("id").primaryKey(), text("title")})}), out, *r, o);
            o.name = "renamed";
            generate(schema({table("legacy", {integer("id").primaryKey(), text("name").renamedFrom("title")})}), out,
                     *r, o);
            o.name = "step3";
            o.allowDataLoss = true;  // legacy goes
            auto step3 = generate(schema_test::drizzleStep3(dialect), out, *r, o);
            REQUIRE(step3.written);

            auto check = drizzleKit(*nodePath, {"check", "--dialect=" + dialect}, out);
            INFO("check: " << check.out << check.err);
            CHECK(check.exitCode == 0);
            CHECK(check.out.find("Everything's fine") != std::string::npos);

            // The same schema in TypeScript: drizzle-kit reads our snapshot and finds no change.
            const fs::path ts = interopRoot() / "schema" / (dialect == "sqlite" ? "sqlite" : "postgres") / "step3.ts";
            auto gen = drizzleKit(*nodePath, {"generate", "--dialect=" + dialect, "--schema=" + ts.string()}, out);
            INFO("generate: " << gen.out << gen.err);
            CHECK(gen.exitCode == 0);
            CHECK(gen.out.find("No schema changes") != std::string::npos);
            CHECK(Journal::parse(test::readText(out / "meta" / "_journal.json"), "journal").entries.size() == 3);
        }
    }
}
