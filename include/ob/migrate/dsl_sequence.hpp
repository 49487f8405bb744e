// ob::migrate — sequences in the schema DSL: options of a PostgreSQL sequence or identity column
// (start, increment, bounds, cache, cycle), and named sequences, like Drizzle's pgSequence().
//
//   using namespace ob::migrate::dsl;
//   auto counter = sequence("counter", SequenceOptions().startWith(100).increment(2).cache(10).cycle());
//   integer("id").primaryKey().generatedAlwaysAsIdentity(SequenceOptions().startWith(10));
//   Definition d = schema({...tables}, {...enums}, {counter});
#pragma once

#include <optional>
#include <string>

namespace ob::migrate::dsl {

/// Sequence options as plain data; unset values take Drizzle's defaults.
struct SequenceSpec {
    std::optional<long long> increment, minValue, maxValue, startWith, cache;
    bool cycle = false;
    std::string name;  ///< an identity's sequence name; empty = `<table>_<column>_seq`
};

/// Sequence options under construction. Every modifier returns the options themselves.
class SequenceOptions {
public:
    SequenceOptions& increment(long long value);
    SequenceOptions& minValue(long long value);
    SequenceOptions& maxValue(long long value);
    SequenceOptions& startWith(long long value);
    SequenceOptions& cache(long long value);
    SequenceOptions& cycle(bool on = true);
    /// The sequence name of an identity column (default `<table>_<column>_seq`).
    SequenceOptions& name(std::string sequenceName);

    const SequenceSpec& spec() const noexcept { return spec_; }

private:
    SequenceSpec spec_;
};

/// A named PostgreSQL sequence (CREATE SEQUENCE); not part of the SQLite schema.
class SequenceType {
public:
    SequenceType(std::string name, SequenceOptions options = {}, std::string schema = "public");
    const std::string& name() const noexcept { return name_; }
    const std::string& schema() const noexcept { return schema_; }
    const SequenceSpec& options() const noexcept { return options_; }

private:
    std::string name_, schema_;
    SequenceSpec options_;
};

SequenceType sequence(std::string name, SequenceOptions options = {});

}  // namespace ob::migrate::dsl
