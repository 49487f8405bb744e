#include "drizzle_steps.hpp"

namespace ob::migrate::schema_test {

using namespace ob::migrate::dsl;

namespace {

std::vector<TableBuilder> step3Tables(const std::string& dialect, bool step4) {
    const bool pg = dialect == "postgresql";
    auto role = enumType("role", {"admin", "user", "guest"});
    // drizzle-kit sorts tables by name in its snapshots; declaring them in that order keeps the
    // model identical, not just equivalent.
    auto comments = table("comments", {
        (pg ? serial("id") : integer("id")).primaryKey(),
        integer("post_id").notNull().references("posts", "id").onDelete(Action::Cascade),
        text("body").notNull(),
    });
    auto postTags = table("post_tags", {
        integer("post_id").notNull().references("posts", "id").onDelete(Action::Cascade),
        integer("tag_id").notNull().references("tags", "id").onDelete(Action::Cascade),
    }).primaryKey({"post_id", "tag_id"});
    std::vector<ColumnBuilder> postColumns{
        (pg ? serial("id") : integer("id")).primaryKey(),
        integer("author_id").notNull().references("users", "id").onDelete(Action::Cascade),
        text("title").notNull().defaultValue("untitled"),
        text("body"),
        pg ? timestamptz("published_at") : integer("published_at"),
    };
    if (step4) postColumns.push_back(integer("views").notNull().defaultValue(0));
    auto posts = table("posts", postColumns).index("posts_author_idx", {"author_id"});
    if (pg)
        posts.index("posts_published_idx", {"published_at"}, "\"posts\".\"published_at\" IS NOT NULL");
    else
        posts.index("posts_published_idx", {"published_at"});
    auto tags = table("tags", {
        (pg ? serial("id") : integer("id")).primaryKey(),
        (pg ? varchar("name", 64) : text("name").typeFor("sqlite", "text(64)")).notNull(),
    }).uniqueIndex("tags_name_idx", {"name"});
    std::vector<ColumnBuilder> userColumns{
        (pg ? serial("id") : integer("id")).primaryKey(),
        (pg ? varchar("email", 320) : text("email")).notNull().unique(),
        text("name").notNull().defaultValue("anonymous"),
    };
    if (pg) {
        userColumns.push_back(role("role").notNull().defaultValue("user"));
        userColumns.push_back(timestamp("created_at").notNull().defaultNow());
    } else {
        userColumns.push_back(integer("age"));
    }
    auto users = table("users", userColumns);
    std::vector<TableBuilder> tables{comments, postTags, posts, tags, users};
    if (step4)
        tables.push_back(table("votes", {
            integer("post_id").notNull().references("posts", "id").onDelete(Action::Cascade),
            integer("user_id").notNull().references("users", "id").onDelete(Action::Cascade),
            integer("value").notNull().defaultValue(1),
        }).primaryKey({"post_id", "user_id"}).index("votes_user_idx", {"user_id"}));
    return tables;
}

Definition build(const std::string& dialect, bool step4) {
    std::vector<EnumType> enums;
    if (dialect == "postgresql") enums.push_back(enumType("role", {"admin", "user", "guest"}));
    return schema(step3Tables(dialect, step4), enums);
}

}  // namespace

Definition drizzleStep3(const std::string& dialect) { return build(dialect, false); }
Definition drizzleStep4(const std::string& dialect) { return build(dialect, true); }

}  // namespace ob::migrate::schema_test
