// Describing operations for people, and telling widening type changes from narrowing ones.
#include <fmt/format.h>

#include <cctype>
#include <optional>

#include "diff_views.hpp"
#include "ob/migrate/diff.hpp"
#include "core/overloaded.hpp"

namespace ob::migrate {

namespace {

using detail::Overloaded;

std::string lower(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// A type split into its base name and its parenthesised arguments: "numeric(10, 2)" -> numeric, {10, 2}.
struct ParsedType {
    std::string base;
    std::vector<int> args;
};

std::optional<ParsedType> parse(std::string_view text) {
    ParsedType t;
    std::string s = lower(text);
    auto open = s.find('(');
    if (open == std::string::npos) {
        t.base = s;
    } else {
        auto close = s.find(')', open);
        if (close == std::string::npos) return std::nullopt;
        t.base = s.substr(0, open);
        std::string rest = s.substr(close + 1);
        std::string inside = s.substr(open + 1, close - open - 1);
        std::size_t pos = 0;
        while (pos < inside.size()) {
            auto comma = inside.find(',', pos);
            std::string part = inside.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
            try {
                t.args.push_back(std::stoi(part));
            } catch (...) {
                return std::nullopt;
            }
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        t.base += rest;  // "timestamp(3) with time zone" -> "timestamp with time zone"
    }
    while (!t.base.empty() && t.base.back() == ' ') t.base.pop_back();
    if (t.base == "character varying") t.base = "varchar";
    if (t.base == "int" || t.base == "int4") t.base = "integer";
    if (t.base == "int8") t.base = "bigint";
    if (t.base == "int2") t.base = "smallint";
    if (t.base == "float8") t.base = "double precision";
    if (t.base == "float4") t.base = "real";
    if (t.base == "decimal") t.base = "numeric";
    return t;
}

int integerRank(const std::string& base) {
    if (base == "smallint" || base == "smallserial") return 1;
    if (base == "integer" || base == "serial") return 2;
    if (base == "bigint" || base == "bigserial") return 3;
    return 0;
}

}  // namespace

bool isWideningTypeChange(std::string_view fromText, std::string_view toText) {
    auto from = parse(fromText), to = parse(toText);
    if (!from || !to) return false;
    if (from->base == to->base && from->args == to->args) return true;
    // Everything prints as text.
    if (to->base == "text" && to->args.empty()) return true;
    // Character types: a longer or unbounded limit.
    const bool fromChars = from->base == "varchar" || from->base == "text" || from->base == "char";
    if (fromChars && to->base == "varchar") {
        if (to->args.empty()) return true;
        return from->base != "text" && !from->args.empty() && to->args[0] >= from->args[0];
    }
    // SQLite's text(n) is plain text.
    if (from->base == "text" && to->base == "text") return true;
    // Integers: a wider one, or a numeric with room for it.
    const int fromRank = integerRank(from->base), toRank = integerRank(to->base);
    if (fromRank && toRank) return toRank >= fromRank;
    if (fromRank && to->base == "numeric") {
        if (to->args.empty()) return true;
        const int digits = fromRank == 1 ? 5 : fromRank == 2 ? 10 : 19;
        const int scale = to->args.size() > 1 ? to->args[1] : 0;
        return to->args[0] - scale >= digits;
    }
    if (fromRank && (to->base == "double precision" || to->base == "real")) return fromRank == 1 ||
                                                                                   (fromRank == 2 && to->base == "double precision");
    if (from->base == "real" && to->base == "double precision") return true;
    if (from->base == "numeric" && to->base == "numeric") {
        if (to->args.empty()) return true;
        if (from->args.empty()) return false;
        const int fromScale = from->args.size() > 1 ? from->args[1] : 0;
        const int toScale = to->args.size() > 1 ? to->args[1] : 0;
        return toScale >= fromScale && to->args[0] - toScale >= from->args[0] - fromScale;
    }
    if ((from->base == "json" && to->base == "jsonb") || (from->base == "jsonb" && to->base == "json")) return true;
    if (from->base == "timestamp" && to->base == "timestamp with time zone") return true;
    if (from->base == "timestamp with time zone" && to->base == "timestamp") return false;
    if (from->base == "date" && (to->base == "timestamp" || to->base == "timestamp with time zone")) return true;
    return false;
}

std::string describe(const Operation& operation) {
    auto col = [](const std::string& t, const std::string& c) { return t + "." + c; };
    return std::visit(
        Overloaded{
            [](const op::CreateSchema& o) { return fmt::format("create schema {}", o.name); },
            [](const op::DropSchema& o) { return fmt::format("drop schema {}", o.name); },
            [](const op::CreateSequence& o) { return fmt::format("create sequence {}.{}", o.value.schema, o.value.name); },
            [](const op::DropSequence& o) { return fmt::format("drop sequence {}.{}", o.value.schema, o.value.name); },
            [](const op::AlterSequence& o) { return fmt::format("alter sequence {}.{}", o.to.schema, o.to.name); },
            [](const op::CreateView& o) { return "create " + detail::describeView(o.value); },
            [](const op::DropView& o) { return "drop " + detail::describeView(o.value); },
            [](const op::AlterView& o) { return "alter " + detail::describeView(o.to); },
            [](const op::CreateEnum& o) { return fmt::format("create enum {}", o.value.name); },
            [](const op::DropEnum& o) { return fmt::format("drop enum {}", o.value.name); },
            [](const op::AddEnumValue& o) { return fmt::format("add value '{}' to enum {}", o.value, o.target.name); },
            [](const op::RecreateEnum& o) { return fmt::format("recreate enum {} with new values", o.to.name); },
            [](const op::CreateTable& o) { return fmt::format("create table {}", o.table.name); },
            [](const op::DropTable& o) { return fmt::format("drop table {}", o.table.name); },
            [](const op::RenameTable& o) { return fmt::format("rename table {} to {}", o.from, o.to); },
            [&](const op::AddColumn& o) { return fmt::format("add column {}", col(o.table, o.column.name)); },
            [&](const op::DropColumn& o) { return fmt::format("drop column {}", col(o.table, o.column.name)); },
            [&](const op::RenameColumn& o) {
                return fmt::format("rename column {} to {}", col(o.table, o.from), o.to);
            },
            [&](const op::AlterColumn& o) { return fmt::format("alter column {}", col(o.table, o.to.name)); },
            [](const op::CreateIndex& o) { return fmt::format("create index {} on {}", o.index.name, o.table); },
            [](const op::DropIndex& o) { return fmt::format("drop index {} on {}", o.index.name, o.table); },
            [](const op::RenameIndex& o) {
                return fmt::format("rename index {} to {} on {}", o.from, o.index.name, o.table);
            },
            [](const op::AddForeignKey& o) { return fmt::format("add foreign key {} on {}", o.key.name, o.table); },
            [](const op::DropForeignKey& o) { return fmt::format("drop foreign key {} on {}", o.key.name, o.table); },
            [](const op::AddPrimaryKey& o) { return fmt::format("add primary key {} on {}", o.key.name, o.table); },
            [](const op::DropPrimaryKey& o) { return fmt::format("drop primary key {} on {}", o.key.name, o.table); },
            [](const op::AddUnique& o) { return fmt::format("add unique {} on {}", o.constraint.name, o.table); },
            [](const op::DropUnique& o) { return fmt::format("drop unique {} on {}", o.constraint.name, o.table); },
            [](const op::AddCheck& o) { return fmt::format("add check {} on {}", o.constraint.name, o.table); },
            [](const op::DropCheck& o) { return fmt::format("drop check {} on {}", o.constraint.name, o.table); },
            [](const op::RenameConstraint& o) {
                return fmt::format("rename constraint {} to {} on {}", o.from, o.to, o.table);
            },
        },
        operation);
}

}  // namespace ob::migrate
