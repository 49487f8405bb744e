// ob::migrate — indexes in the schema DSL: keys (columns or SQL expressions, with order, nulls
// placement and operator class), access method, partial predicate, storage parameters and
// CONCURRENTLY, as Drizzle's index() / uniqueIndex() builders declare them.
//
//   using namespace ob::migrate::dsl;
//   table("items", {...})
//       .index(index("items_related_gin").using_("gin").on({"related"}).where("\"items\".\"related\" IS NOT NULL"))
//       .index(uniqueIndex("items_email_lower").on({expr("lower(\"email\")")}))
//       .index(index("items_score").on({key("score").desc(), key("name").nullsFirst()}))
//       .index(index("items_ops").using_("gin").on({key("related").op("jsonb_path_ops")}).only("postgresql"));
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ob::migrate::dsl {

/// One key of an index, as plain data.
struct IndexKeySpec {
    std::string expression;     ///< a column name, or SQL when isExpression
    bool isExpression = false;
    bool asc = true;
    std::string nulls = "last"; ///< "first" or "last" (Drizzle's default is "last" for both orders)
    std::string opclass;        ///< operator class (PostgreSQL), empty = the type's default
};

/// An index key under construction: a column (from a string) or an SQL expression (expr()).
class IndexKey {
public:
    IndexKey(const char* column);          // NOLINT: a column name converts implicitly
    IndexKey(std::string column);          // NOLINT
    explicit IndexKey(IndexKeySpec spec) : spec_(std::move(spec)) {}

    IndexKey& asc();
    IndexKey& desc();
    IndexKey& nullsFirst();
    IndexKey& nullsLast();
    /// An operator class, e.g. "jsonb_path_ops" (PostgreSQL).
    IndexKey& op(std::string opclass);

    const IndexKeySpec& spec() const noexcept { return spec_; }

private:
    IndexKeySpec spec_;
};

/// A column key, for chaining: key("score").desc().
IndexKey key(std::string column);
/// An SQL expression key, written as is: expr("lower(\"email\")").
IndexKey expr(std::string sql);

/// Everything an index declares, as plain data.
struct IndexSpec {
    std::string name;
    std::vector<IndexKeySpec> keys;
    bool unique = false;
    std::string where;            ///< partial index predicate (SQL), empty = none
    std::string method;           ///< access method (PostgreSQL); empty = btree
    std::vector<std::pair<std::string, std::string>> with;  ///< storage parameter -> JSON value text
    bool concurrently = false;    ///< CREATE INDEX CONCURRENTLY (PostgreSQL)
    std::string dialect;          ///< only for this dialect ("sqlite" / "postgresql"); empty = both
};

/// An index under construction. Every modifier returns the index itself.
class IndexBuilder {
public:
    IndexBuilder(std::string name, bool unique);

    IndexBuilder& on(std::vector<IndexKey> keys);
    /// The access method: btree (default), hash, gin, gist, brin, spgist (PostgreSQL).
    IndexBuilder& using_(std::string method);
    /// The access method and the keys at once, like Drizzle's `.using("gin", t.related)`.
    IndexBuilder& using_(std::string method, std::vector<IndexKey> keys);
    IndexBuilder& where(std::string predicate);
    /// A storage parameter (PostgreSQL): with("fillfactor", 70), with("buffering", "auto").
    IndexBuilder& with(std::string parameter, long long value);
    IndexBuilder& with(std::string parameter, int value) { return with(std::move(parameter), static_cast<long long>(value)); }
    IndexBuilder& with(std::string parameter, double value);
    IndexBuilder& with(std::string parameter, bool value);
    IndexBuilder& with(std::string parameter, const char* value);
    IndexBuilder& with(std::string parameter, const std::string& value);
    /// CREATE INDEX CONCURRENTLY (PostgreSQL; such a migration runs outside a transaction).
    IndexBuilder& concurrently();
    /// The index exists on `dialect` only ("sqlite" or "postgresql").
    IndexBuilder& only(std::string dialect);

    const IndexSpec& spec() const noexcept { return spec_; }

private:
    IndexSpec spec_;
};

IndexBuilder index(std::string name);
IndexBuilder uniqueIndex(std::string name);

}  // namespace ob::migrate::dsl
