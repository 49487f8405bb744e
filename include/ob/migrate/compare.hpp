// ob::migrate — comparing two schemas the way a drift check needs: spelling that the database does
// not keep (quotes, case, redundant parentheses, casts, JSON spacing, element order) is ignored,
// and every real difference comes out as one line for a person.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/schema.hpp"

namespace ob::migrate {

/// One difference between an actual (live) schema and the expected one.
struct SchemaDifference {
    std::string table;    ///< the table it concerns ("" for an enum)
    std::string message;  ///< e.g. "table issuers: column public_key is text, expected jsonb"
};

/// An SQL expression (default, check, index predicate or expression) in a canonical spelling:
/// comments, quotes around identifiers, `table.` qualifiers naming `table`, casts and
/// parentheses that are not function calls are dropped, keywords and bare names lower-cased,
/// spacing made uniform. Two spellings of the same expression usually come out equal; the result
/// is for comparing, not for running.
std::string canonicalExpression(std::string_view sql, std::string_view table = {});

/// `schema` in the canonical form compareSchemas() works on: elements sorted by name, types,
/// defaults and expressions canonical, a one-column composite primary key folded into its column,
/// `concurrently` (not a property of a stored index) cleared.
Schema comparable(const Schema& schema);

/// Every difference of `actual` from `expected`, each on one line, in a stable order; empty when
/// they match. Both are made comparable() first. Tables of `actual` in a schema that `expected`
/// never mentions (other than the default one) are not reported.
std::vector<SchemaDifference> compareSchemas(const Schema& actual, const Schema& expected);

}  // namespace ob::migrate
