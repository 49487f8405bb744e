// ob::migrate — `pull`: the schema a project adopts, from a live database or a folder's last
// snapshot, ready for writeDslSource() (include/ob/migrate/dsl_source.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ob/migrate/capabilities.hpp"
#include "ob/migrate/schema.hpp"
#include "ob/migrate/snapshot.hpp"

namespace ob::migrate {

/// `live` (Introspection::introspect()) with each table, column, index, foreign key, unique, check,
/// primary key and enum that `reference` has under the same name, and that the database cannot
/// tell from its own, taken from `reference` as it is spelled there (`'[]'` where the server
/// stores `'[]'::jsonb`). Everything else stays as the database has it. Pulled with a folder's
/// last snapshot as `reference`, the source `generate`s nothing for what the folder already holds.
Schema keepSpelling(Introspection& introspection, const Schema& live, const Schema& reference);

/// What a snapshot holds that the schema model does not (views, sequences, roles, policies, ...),
/// one line per non-empty section: a DSL source written from its schema leaves these out.
std::vector<std::string> unmodeledSections(const Snapshot& snapshot);

}  // namespace ob::migrate
