// A project CLI whose schema factory throws (a reference to a table that is not declared): every
// command that does not need the schema still works; generate and export report it in one line.
#include <ob/migrate/cli.hpp>
#include <ob/migrate/dsl.hpp>

namespace {
ob::migrate::dsl::Definition brokenSchema() {
    using namespace ob::migrate::dsl;
    return schema({table("posts", {text("id").primaryKey(), text("author_id").references("authors", "id")})});
}
}  // namespace

int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, brokenSchema); }
