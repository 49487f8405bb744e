// A project CLI for tests/lint: `users` and `orgs`, and with LINT_TEST_STEP=2 an index, a foreign
// key and NOT NULL on them, so `generate` and `generate --online` have an existing table to change.
#include <cstdlib>
#include <string>

#include "ob/migrate/cli.hpp"
#include "ob/migrate/dsl.hpp"

using namespace ob::migrate::dsl;

int main(int argc, char** argv) {
    const char* step = std::getenv("LINT_TEST_STEP");
    const bool second = step && std::string(step) == "2";
    auto orgs = table("orgs", {integer("id").primaryKey()});
    auto email = text("email");
    auto org = integer("org_id");
    if (second) {
        email.notNull().defaultValue("none");
        org.references(orgs, "id");
    }
    auto users = table("users", {integer("id").primaryKey(), email, org});
    if (second) users.index("users_email_idx", {"email"});
    return ob::migrate::cli::run(argc, argv, schema({orgs, users}));
}
