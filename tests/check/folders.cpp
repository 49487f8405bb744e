#include "folders.hpp"

#include <fmt/format.h>

#include "ob/migrate/check.hpp"
#include "ob/migrate/folder.hpp"
#include "ob/migrate/diff.hpp"
#include "ob/migrate/generate.hpp"
#include "ob/migrate/journal.hpp"
#include "ob/migrate/snapshot.hpp"
#include "support.hpp"

namespace ob::migrate::check_test {

using namespace ob::migrate::dsl;

namespace {

EnumType role() { return enumType("role", {"admin", "member"}); }

TableBuilder users(bool step3) {
    std::vector<ColumnBuilder> cols{serial("id").primaryKey(), varchar("email", 255).notNull().unique(),
                                    text("name").defaultValue("anonymous"),
                                    enumeration("role", role()).notNull().defaultValue("member"),
                                    timestamp("created_at").notNull().defaultNow()};
    if (step3) {
        cols[2] = text("name").notNull().defaultValue("anonymous");
        cols.push_back(integer("age"));
    }
    return table("users", cols);
}

TableBuilder posts(bool step3) {
    auto t = table("posts", {serial("id").primaryKey(),
                             integer("author_id").notNull().references("users", "id").onDelete(Action::Cascade),
                             text("title").notNull(), text("body"), boolean("published").notNull().defaultValue(false),
                             jsonb("meta").defaultJson("{\"tags\": [], \"v\": 1}"), numeric("price", 10, 2)})
                 .index("posts_author_idx", {"author_id"})
                 .index("posts_published_idx", {"title"}, "\"published\" = true")
                 .check("posts_title_check", "length(\"title\") > 0");
    if (step3) t.unique({"author_id", "title"});
    return t;
}

TableBuilder tags() {
    return table("tags", {integer("post_id").notNull().references("posts", "id").onDelete(Action::Cascade),
                          text("tag").notNull()})
        .primaryKey({"post_id", "tag"});
}

}  // namespace

std::vector<Definition> schemaSteps() {
    std::vector<Definition> out;
    out.push_back(schema({users(false)}, {role()}));
    out.push_back(schema({users(false), posts(false)}, {role()}));
    out.push_back(schema({users(true), posts(true), tags()}, {role()}));
    return out;
}

void generateFolder(const SqlRenderer& renderer, const std::filesystem::path& dir, std::size_t steps, bool downs) {
    const auto definitions = schemaSteps();
    std::int64_t when = 1800000000000;
    for (std::size_t i = 0; i < steps; ++i) {
        GenerateOptions options;
        options.name = folderTags()[i].substr(5);
        options.clock = [&when] { return when += 1000; };
        GenerateResult r = generate(definitions[i], dir, renderer, options);
        if (!r.written || r.tag != folderTags()[i])
            throw std::runtime_error(fmt::format("generate wrote {} ({}), expected {}", r.tag, r.message, folderTags()[i]));
    }
    if (!downs) return;
    const auto folder = Folder::open(dir);
    Schema previous = Snapshot::empty(std::string(renderer.dialect())).schema;
    for (const auto& e : folder->entries()) {
        const Schema current = Snapshot::read(e.snapshotFile).schema;
        test::writeText(e.downFile, joinStatements(renderer.render(diff(current, previous))));
        previous = current;
    }
}

}  // namespace ob::migrate::check_test
