// The constructs schema in the DSL (views included); each step mirrors schema/constructs/<dialect>/stepN.ts.
#include "constructs.hpp"

#include <stdexcept>

namespace ob::migrate::interop {

using namespace ob::migrate::dsl;

namespace {

TableBuilder postgresItems(int step) {
    TableBuilder items = table("items", {serial("id").primaryKey(), text("email").notNull(), jsonb("related"),
                                         integer("score"), text("name")});
    items.index(index("items_related_gin").using_("gin", {"related"}).where("\"items\".\"related\" IS NOT NULL"));
    if (step == 1) items.index(index("items_related_ops").using_("gin", {key("related").op("jsonb_path_ops")}));
    items.index(uniqueIndex("items_email_lower").on({expr("lower(\"email\")")}));
    items.index(index("items_score_name").on({key("score").desc(), key("name").asc().nullsFirst()}));
    if (step == 1) {
        items.index(index("items_name_hash").using_("hash", {"name"}).with("fillfactor", 70));
        items.index(index("items_score_brin").using_("brin", {"score"}));
    } else {
        items.index(index("items_name_hash").using_("btree", {"name"}).with("fillfactor", 70));
        items.index(index("items_score_brin").using_("brin", {"score"}).with("pages_per_range", 32));
        items.index(index("items_name_tsv").using_("gin", {expr("to_tsvector('simple', \"name\")")}));
        items.index(index("items_email_desc").on({key("email").desc().nullsFirst(), expr("(\"score\" + 1)")}));
    }
    return items;
}

TableBuilder postgresTypes(int step) {
    std::vector<ColumnBuilder> columns{
        smallserial("id").primaryKey(),
        character("code", 3).notNull().defaultValue("abc"),
        character("flag"),
        time("at"),
        time("at_tz", true, 3),
        timestamp("stamp", false, 3),
        timestamp("stamp_tz", true, 6).defaultNow(),
        interval("span"),
        interval("span_days", "day to second", 3),
        inet("ip"),
        cidr("net"),
        macaddr("mac"),
        macaddr8("mac8"),
        point("spot"),
        line("edge"),
        bytea("raw"),
        json("doc").defaultJson("{\"a\":1}"),
        text("tags").array(),
        integer("nums").array().notNull().defaultSql("'{}'"),
        integer("pair").array().defaultArray(std::vector<long long>{1, 2}),
        integer("grid").array().array(),
        varchar("labels", 20).array().defaultArray(std::vector<std::string>{"a", "b"}),
    };
    if (step == 2) {
        columns.push_back(interval("hours", "hour"));
        columns.push_back(text("empty").array().defaultArray());
    }
    return table("types", columns);
}

TableBuilder postgresGenerated(int step) {
    std::vector<ColumnBuilder> columns{
        integer("id").primaryKey().generatedAlwaysAsIdentity(SequenceOptions()
                                                                 .startWith(10)
                                                                 .increment(step == 1 ? 5 : 6)
                                                                 .minValue(10)
                                                                 .maxValue(100000)
                                                                 .cache(step == 1 ? 20 : 30)
                                                                 .cycle()),
        bigint("other").generatedByDefaultAsIdentity(),
        smallint("down").generatedByDefaultAsIdentity(SequenceOptions().name("generated_down_seq").increment(-1)),
        text("first"),
        text("last"),
        text("full").generatedAlwaysAs(step == 1 ? "first || ' ' || last" : "coalesce(first, '') || ' ' || last"),
    };
    if (step == 2) columns.push_back(text("initials").generatedAlwaysAs("left(first, 1) || left(last, 1)"));
    return table("generated_cols", columns);
}

Definition postgresStep(int step) {
    const DbSchema archive = pgSchema("archive");
    const DbSchema billing = pgSchema("billing");
    const EnumType kind = archive.enumType("kind", {"old", "older"});
    const EnumType status = billing.enumType("status", {"open", "paid"});
    std::vector<EnumType> enums{status};
    std::vector<SequenceType> sequences{billing.sequence("invoice_no", SequenceOptions().startWith(1000))};
    if (step == 1) {
        enums.insert(enums.begin(), kind);
        sequences.push_back(
            sequence("counter", SequenceOptions().startWith(100).increment(2).minValue(1).maxValue(10000).cache(10).cycle()));
        sequences.push_back(sequence("plain"));
    } else {
        sequences.push_back(
            sequence("counter", SequenceOptions().startWith(100).increment(3).minValue(1).maxValue(20000).cache(10).cycle()));
    }
    std::vector<TableBuilder> tables{
        postgresItems(step),
        postgresTypes(step),
        postgresGenerated(step),
        billing.table("invoices", {serial("id").primaryKey(), integer("item_id").references("items", "id"),
                                   status("status").defaultValue("open")}),
        table("notes", {serial("id").primaryKey(),
                        integer("invoice_id").references("invoices", "id").onDelete(Action::Cascade)}),
    };
    if (step == 1) tables.push_back(archive.table("old", {integer("id").primaryKey(), kind("kind").notNull()}));
    std::vector<ViewBuilder> views;
    if (step == 1) views.push_back(view("item_names", {text("name")}).as("select name from items"));
    views.push_back(view("item_scores", {integer("id"), integer("score")})
                        .with("checkOption", "cascaded")
                        .with("securityBarrier", true)
                        .as(step == 1 ? "select id, score from items where score > 0"
                                      : "select id, score from items where score > 1"));
    views.push_back(view("legacy_report", {integer("id")}).existing());
    ViewBuilder open = billing.view("open_invoices", {integer("id"), status("status")}).with("securityInvoker", true);
    if (step == 2) open.with("securityBarrier", true);
    views.push_back(open.as("select id, status from billing.invoices where status = 'open'"));
    views.push_back(view("note_counts", {integer("invoice_id"), bigint("total")})
                        .as("select invoice_id, count(*) as total from notes group by invoice_id"));
    views.push_back(materializedView("item_stats", {bigint("total")})
                        .with("fillfactor", step == 1 ? 90 : 80)
                        .with("autovacuumEnabled", false)
                        .withNoData()
                        .as("select count(*) as total from items"));
    return schema(tables, enums, sequences, views);
}

TableBuilder sqliteItems(int step) {
    TableBuilder items =
        table("items", {integer("id").primaryKey(), text("email").notNull(), integer("score"), text("name")});
    if (step == 1) {
        items.index(uniqueIndex("items_email_lower").on({expr("lower(\"email\")")}));
        items.index(index("items_score_partial").on({"score", "name"}).where("\"items\".\"score\" > 0"));
    } else {
        items.index(index("items_score_partial").on({"score", "name"}).where("\"items\".\"score\" > 10"));
        items.index(index("items_name_expr").on({expr("lower(\"name\")"), "score"}));
    }
    return items;
}

Definition sqliteStep(int step) {
    std::vector<ColumnBuilder> types{
        integer("id").primaryKey().autoincrement(),
        boolean("flag").notNull().defaultValue(false),
        text("doc").defaultJson("{\"a\":1}"),
        blob("raw"),
        blob("big"),
        numeric("price").defaultValue("9.99"),
        real("ratio").defaultValue(0.5),
    };
    if (step == 2) types.push_back(blob("extra").defaultJson("{\"b\":2}"));
    std::vector<ColumnBuilder> generated{integer("id").primaryKey(), text("first"), text("last"),
                                         text("full").generatedAlwaysAs("first || ' ' || last"),
                                         text("upper").generatedAlwaysAs("upper(first)", GeneratedMode::Stored)};
    if (step == 2) generated.push_back(text("initials").generatedAlwaysAs("substr(first, 1, 1) || substr(last, 1, 1)"));
    std::vector<ViewBuilder> views;
    if (step == 1) views.push_back(view("item_names", {text("name")}).as("select name from items"));
    views.push_back(view("item_scores", {integer("id"), integer("score")})
                        .as(step == 1 ? "select id, score from items where score > 0"
                                      : "select id, score from items where score > 1"));
    views.push_back(view("legacy_report", {integer("id")}).existing());
    views.push_back(view("type_flags", {integer("id"), boolean("flag")}).as("select id, flag from types where flag = 1"));
    return schema({sqliteItems(step), table("types", types), table("generated_cols", generated)}, {}, {}, views);
}

}  // namespace

int constructSteps(const std::string&) { return 2; }

Definition constructStep(const std::string& dialect, int step) {
    if (step < 1 || step > constructSteps(dialect)) throw std::out_of_range("no such constructs step");
    if (dialect == "postgresql") return postgresStep(step);
    return sqliteStep(step);
}

}  // namespace ob::migrate::interop
