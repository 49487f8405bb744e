// The diff of views (see diff_views.hpp).
#include "diff_views.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ob::migrate::detail {

namespace {

const View* find(const Schema& schema, const View& like) { return schema.findView(like.name, like.schema); }

}  // namespace

void diffViews(const Schema& from, const Schema& to, std::vector<Operation>& drops, std::vector<Operation>& alters,
               std::vector<Operation>& creates) {
    for (const auto& before : from.views)
        if (!find(to, before) && !before.isExisting) drops.push_back(op::DropView{before});
    for (const auto& after : to.views) {
        const View* before = find(from, after);
        if (!before) {
            if (!after.isExisting) creates.push_back(op::CreateView{after});
            continue;
        }
        if (after.isExisting) continue;  // existing now (or still): drizzle-kit writes nothing
        if (before->isExisting || before->definition != after.definition || before->materialized != after.materialized) {
            drops.push_back(op::DropView{*before});
            creates.push_back(op::CreateView{after});
        } else if (before->with != after.with || before->tablespace != after.tablespace || before->using_ != after.using_) {
            alters.push_back(op::AlterView{*before, after});
        }
    }
}

std::string describeView(const View& view) {
    return fmt::format("{}view {}{}", view.materialized ? "materialized " : "",
                       view.schema.empty() || view.schema == "public" ? std::string() : view.schema + ".", view.name);
}

}  // namespace ob::migrate::detail
