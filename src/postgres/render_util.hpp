// Quoting and column pieces shared by the PostgreSQL renderer's files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ob/migrate/schema.hpp"

namespace ob::migrate::postgres::render {

std::string quote(std::string_view identifier);
std::string qualified(std::string_view schema, std::string_view name);
/// "name", or "schema"."name" outside the default schema.
std::string tableName(const std::string& schema, const std::string& name);
/// "a","b"
std::string quotedList(const std::vector<std::string>& names);
/// `"name" type [PRIMARY KEY] [DEFAULT ..] [NOT NULL] [GENERATED .. AS IDENTITY (..)]`
std::string columnDefinition(const Column& column, const std::string& tableSchema, bool createTable);
/// ` INCREMENT BY 1 MINVALUE 1 MAXVALUE .. START WITH 1 CACHE 1[ CYCLE]` (each only when set)
std::string sequenceOptions(const Sequence& sequence);
/// ` GENERATED ... AS IDENTITY (sequence name ...)`
std::string identityClause(const Column& column, const std::string& tableSchema);

/// `DROP [MATERIALIZED] VIEW "schema"."name";`
std::string dropViewSql(const View& view);
/// ALTER [MATERIALIZED] VIEW ... SET (..) / RESET (..) / SET TABLESPACE / SET ACCESS METHOD for what changed.
std::vector<std::string> alterViewSql(const View& from, const View& to);

}  // namespace ob::migrate::postgres::render
