// writeDslSource's choices among DSL calls: which builder gives a column's type, which default
// call gives its default, how an action and an index are written. Each candidate is checked by
// the renderer, never assumed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "ob/migrate/dsl.hpp"
#include "ob/migrate/sql_renderer.hpp"

namespace ob::migrate::source {

/// A call's text and the same call on a builder.
using ColumnCall = std::pair<std::string, std::function<void(dsl::ColumnBuilder&)>>;

/// The first column builder (`integer("id")`, `varchar("email", 255)`, ...) whose type the
/// renderer writes as `type`, with its text; nullopt when none does.
std::optional<std::pair<std::string, dsl::ColumnBuilder>> typedColumn(const std::string& column, const std::string& type,
                                                                      const SqlRenderer& renderer);

/// The default calls that may write `sql` for a column of `kind`, shortest first (defaultNow,
/// defaultRandom, a bool, a number, JSON or a string literal); the caller keeps the first whose
/// rendering is exactly `sql` (defaultSql(sql) when none is).
std::vector<ColumnCall> defaultCandidates(const std::string& sql, dsl::TypeKind kind);

/// "Action::Cascade" for "cascade", setting `action`; empty for an action the DSL has no name for.
std::string actionText(const std::string& sql, dsl::Action& action);

/// True when the DSL's index() / uniqueIndex() declares `index` (plain ascending columns, btree, no
/// operator class or storage parameters); otherwise each reason is added to `why`.
bool plainIndex(const Index& index, std::vector<std::string>& why);

/// `builder.with(key, value)` with the C++ type of the JSON value (string, bool, integer, double).
void viewOption(dsl::ViewBuilder& builder, const std::string& key, const nlohmann::json& value);

}  // namespace ob::migrate::source
