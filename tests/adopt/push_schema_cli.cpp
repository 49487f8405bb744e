// A project CLI for the push tests: its schema is the version OB_PUSH_TEST_SCHEMA names.
//   1: users(id, name, age), posts(id, user_id -> users ON DELETE CASCADE, title)
//   2: users.name renamed to full_name (renamedFrom), users.age NOT NULL DEFAULT 0 (a SQLite table
//      rebuild of the parent of posts), users.email added, an index on posts
//   3: 2 without renamedFrom (the rename only with --rename)
//   4: 2 with users.age and posts dropped (data loss)
//   6: 1 with an index on posts.title; 7: 1 with users.bio (branches that change different tables)
//   5: 2 with users.nickname and a unique index on users.email (every row has the same default: the
//      push fails, and nothing of it stays)
#include <ob/migrate/cli.hpp>
#include <ob/migrate/dsl.hpp>

#include <cstdlib>
#include <string>

using namespace ob::migrate::dsl;

namespace {

Definition pushSchema() {
    const char* env = std::getenv("OB_PUSH_TEST_SCHEMA");
    const std::string version = env ? env : "1";
    if (version == "1" || version == "6" || version == "7") {
        std::vector<ColumnBuilder> columns{integer("id").primaryKey(), text("name").notNull(), integer("age")};
        if (version == "7") columns.push_back(text("bio"));
        auto users = table("users", columns);
        auto posts = table("posts", {integer("id").primaryKey(),
                                     integer("user_id").notNull().references(users, "id").onDelete(Action::Cascade),
                                     text("title")});
        if (version == "6") posts.index("posts_title_idx", {"title"});
        return schema({users, posts});
    }
    auto fullName = text("full_name").notNull();
    if (version != "3") fullName.renamedFrom("name");
    std::vector<ColumnBuilder> columns{integer("id").primaryKey(), fullName, text("email").notNull().defaultValue("")};
    if (version != "4") columns.push_back(integer("age").notNull().defaultValue(0));
    if (version == "5") columns.push_back(text("nickname"));
    auto users = table("users", columns);
    if (version == "5") users.uniqueIndex("users_email_idx", {"email"});
    auto posts = table("posts", {integer("id").primaryKey(),
                                 integer("user_id").notNull().references(users, "id").onDelete(Action::Cascade),
                                 text("title")})
                     .index("posts_user_idx", {"user_id"});
    if (version == "4") return schema({users});
    return schema({users, posts});
}

}  // namespace

int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, pushSchema); }
