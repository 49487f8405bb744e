// ob::migrate — a Schema written back as C++ DSL source (include/ob/migrate/dsl.hpp): what
// `ob-migrate pull` writes, so a project that has a database or a Drizzle folder, but no C++
// schema, gets one it can edit and build into its own CLI.
//
//   ob::migrate::sqlite::Renderer renderer;
//   auto source = ob::migrate::writeDslSource(ob::migrate::Snapshot::read(file).schema, renderer);
//   for (const auto& what : source.unexpressed) std::cerr << "not in the source: " << what << '\n';
#pragma once

#include <string>
#include <vector>

#include "ob/migrate/schema.hpp"

namespace ob::migrate {

class SqlRenderer;

struct DslSourceOptions {
    std::string function = "appSchema";  ///< the name of the function returning the Definition
    std::string origin;                  ///< where the schema came from, for the file's first comment
};

struct DslSource {
    std::string text;  ///< the whole C++ file: includes, then one function returning the Definition
    /// What the source does not reproduce, one line each (e.g. "table posts: index posts_gin: access
    /// method gin"). Empty: the source's Definition resolves, in the renderer's dialect, to a schema
    /// that diff() finds no change against, so `generate` on a folder holding `schema` writes nothing.
    std::vector<std::string> unexpressed;
    bool exact() const noexcept { return unexpressed.empty(); }
};

/// The DSL source of `schema`, formatted like hand-written code: an enumType per enum, a table()
/// per table (referenced tables first), the DSL's shortest form for each type and default (a
/// column type or default the DSL has no builder for is kept exactly, with typeFor / defaultSql).
/// The same calls are made on real builders while the text is written, and the Definition they
/// build is resolved with `renderer` and diffed against `schema`: what differs is reported in
/// `unexpressed`, never silently dropped. `renderer` must be of `schema.dialect`.
DslSource writeDslSource(const Schema& schema, const SqlRenderer& renderer, const DslSourceOptions& options = {});

/// True when `name` can name a C++ function (an identifier that is no keyword and no DSL builder).
bool isDslFunctionName(const std::string& name);

}  // namespace ob::migrate
