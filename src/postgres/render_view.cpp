// PostgreSQL views as drizzle-kit 0.31 writes them: CREATE [MATERIALIZED] VIEW ... AS (query),
// options snake_cased, ALTER ... SET / RESET for changed options.
#include <fmt/format.h>

#include <algorithm>

#include "ob/migrate/postgres/renderer.hpp"
#include "render_util.hpp"

namespace ob::migrate::postgres {

namespace {

std::string kind(const View& v) { return v.materialized ? "MATERIALIZED VIEW" : "VIEW"; }

std::string options(const std::vector<std::pair<std::string, std::string>>& with) {
    std::vector<std::string> parts;
    for (const auto& [key, value] : with) parts.push_back(viewOptionSqlName(key) + " = " + viewOptionSqlValue(value));
    return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

std::string viewName(const View& view) { return render::qualified(view.schema.empty() ? "public" : view.schema, view.name); }

std::string createViewSql(const View& v) {
    std::string sql = fmt::format("CREATE {} {}", kind(v), viewName(v));
    if (!v.using_.empty()) sql += " USING " + render::quote(v.using_);
    if (!v.with.empty()) sql += " WITH (" + options(v.with) + ")";
    if (!v.tablespace.empty()) sql += " TABLESPACE " + v.tablespace;
    sql += fmt::format(" AS ({})", v.definition);
    if (v.withNoData) sql += " WITH NO DATA";
    return sql + ";";
}

std::string render::dropViewSql(const View& v) { return fmt::format("DROP {} {};", kind(v), viewName(v)); }

std::vector<std::string> render::alterViewSql(const View& from, const View& to) {
    std::vector<std::string> out;
    const std::string target = fmt::format("ALTER {} {}", kind(to), viewName(to));
    std::vector<std::pair<std::string, std::string>> set;
    std::vector<std::string> reset;
    for (const auto& option : to.with)
        if (std::find(from.with.begin(), from.with.end(), option) == from.with.end()) set.push_back(option);
    for (const auto& option : from.with)
        if (std::none_of(to.with.begin(), to.with.end(), [&](const auto& o) { return o.first == option.first; }))
            reset.push_back(viewOptionSqlName(option.first));
    if (!set.empty()) out.push_back(fmt::format("{} SET ({});", target, options(set)));
    if (!reset.empty()) out.push_back(fmt::format("{} RESET ({});", target, fmt::join(reset, ", ")));
    if (from.tablespace != to.tablespace)
        out.push_back(fmt::format("{} SET TABLESPACE {};", target, to.tablespace.empty() ? "pg_default" : to.tablespace));
    if (from.using_ != to.using_)
        out.push_back(fmt::format("{} SET ACCESS METHOD {};", target, render::quote(to.using_.empty() ? "heap" : to.using_)));
    return out;
}

}  // namespace ob::migrate::postgres
