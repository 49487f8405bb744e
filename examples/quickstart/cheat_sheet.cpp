// The README's DSL cheat sheet, compiled (and exported for both dialects by CTest) so it stays true.
#include <ob/migrate/cli.hpp>
#include <ob/migrate/dsl.hpp>

using namespace ob::migrate::dsl;

// README-BEGIN (examples/check_readme.cmake: this text is in README.md as it is)
Definition cheatSheet() {
    auto status = enumType("status", {"draft", "published"});  // PostgreSQL: a type; SQLite: text
    auto authors = table("authors", {
        serial("id").primaryKey(),                        // also: bigserial, integer(...).autoincrement()
        varchar("email", 320).notNull().unique(),         // unique(): <table>_<column>_unique, or unique("name")
        text("name").notNull().defaultValue("anon"),      // defaultValue: text, int, long long, double, bool
        boolean("active").notNull().defaultValue(true),
        timestamptz("created_at").notNull().defaultNow(), // now() / CURRENT_TIMESTAMP
        uuid("token").defaultRandom(),                    // gen_random_uuid() / a v4 from randomblob()
        jsonb("settings").defaultJson(R"({"theme":"dark"})"),
    });
    auto posts = table("posts", {
        bigint("id").generatedAlwaysAsIdentity().primaryKey(),  // PostgreSQL identity; SQLite: integer key
        integer("author_id").notNull().references(authors, "id").onDelete(Action::Cascade),
        enumeration("status", status).notNull().defaultValue("draft"),  // or status("status")
        numeric("price", 10, 2).defaultSql("0"),          // any SQL expression, both dialects
        smallint("rank").defaultSqlFor("postgresql", "1::smallint").defaultSqlFor("sqlite", "1"),
        real("score"), doublePrecision("weight"), date("published_on"), json("meta"), blob("cover"),
        text("title").notNull().renamedFrom("headline"),  // a rename, not a drop + add
        text("slug").typeFor("postgresql", "citext"),     // one dialect's exact type
    })
        .index("posts_author_idx", {"author_id"})
        .uniqueIndex("posts_slug_idx", {"slug"}, "slug IS NOT NULL")  // partial (WHERE) index
        .unique({"author_id", "title"})                   // multi-column unique constraint
        .check("posts_price_check", "price >= 0");
    auto tags = table("post_tags", {bigint("post_id").notNull(), text("tag").notNull()})
                    .primaryKey({"post_id", "tag"})       // composite primary key
                    .foreignKey({"post_id"}, posts, {"id"}, Action::Cascade)
                    .renamedFrom("tags");                 // a table rename
    return schema({authors, posts, tags}, {status});
}
// README-END

int main(int argc, char** argv) { return ob::migrate::cli::run(argc, argv, cheatSheet); }
