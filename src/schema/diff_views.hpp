// Private to the diff engine: the operations that turn one schema's views into another's.
#pragma once

#include <vector>

#include "ob/migrate/diff.hpp"

namespace ob::migrate::detail {

/// Views are matched by schema and name. As drizzle-kit 0.31 does: a new view is created, a gone
/// one dropped (existing views never are); a changed definition or kind, or a view that stops
/// being existing, is dropped (`drops`) and created again (`creates`); changed options,
/// tablespace or access method alone are altered in place (`alters`). A view's declared columns
/// and withNoData alone change no SQL.
void diffViews(const Schema& from, const Schema& to, std::vector<Operation>& drops, std::vector<Operation>& alters,
               std::vector<Operation>& creates);

/// "view active_users", "materialized view billing.stats": a view for messages.
std::string describeView(const View& view);

}  // namespace ob::migrate::detail
