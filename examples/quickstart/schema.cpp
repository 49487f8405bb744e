// The README's schema example, compiled (and run by CTest) so it stays true: a project CLI with
// every ob-migrate command plus generate and export for this schema.
#include <ob/migrate/cli.hpp>
#include <ob/migrate/dsl.hpp>

// README-BEGIN (examples/check_readme.cmake: this text is in README.md as it is)
using namespace ob::migrate::dsl;

Definition appSchema() {
    auto role = enumType("role", {"admin", "user"});
    auto issuers = table("issuers", {
        text("id").primaryKey(),
        text("name").notNull(),
        jsonb("public_key"),                               // jsonb on PostgreSQL, text on SQLite
        timestamp("created_at").notNull().defaultNow(),
    });
    auto badges = table("badge_classes", {
        text("id").primaryKey(),
        text("issuer_id").notNull().references(issuers, "id").onDelete(Action::Cascade),
        text("title").notNull().renamedFrom("name"),     // a rename, not a drop + add
    }).index("badge_class_issuer_idx", {"issuer_id"});
    return schema({issuers, badges}, {role});
}
// README-END

// README-BEGIN
int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, appSchema); }
// README-END
