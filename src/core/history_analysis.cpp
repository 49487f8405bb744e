// The one judgement of a set against the tracking table (see history_analysis.hpp for the rule).
#include "ob/migrate/history_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace ob::migrate {

const char* toString(MigrationState state) noexcept {
    switch (state) {
        case MigrationState::Applied: return "applied";
        case MigrationState::Pending: return "pending";
        case MigrationState::Changed: return "changed";
        case MigrationState::Missing: return "missing";
    }
    return "unknown";
}

bool sameHash(const Migration& m, std::string_view recorded) noexcept {
    return recorded == m.hash || (!m.drizzleHash.empty() && recorded == m.drizzleHash);
}

std::string HistoryAnalysis::label(const AppliedRecord& r) const {
    if (const Migration* m = set_ ? set_->findByWhen(r.when) : nullptr)
        return fmt::format("{} (created_at {})", m->tag, r.when);
    if (r.name) return fmt::format("{} (created_at {})", *r.name, r.when);
    return fmt::format("(no name recorded; created_at {})", r.when);
}

std::string HistoryAnalysis::newestTag() const {
    if (!newest) return {};
    if (const Migration* m = set_ ? set_->findByWhen(newest->when) : nullptr) return m->tag;
    return newest->name.value_or(fmt::format("(created_at {})", newest->when));
}

namespace {

using RowsByWhen = std::unordered_map<std::int64_t, const AppliedRecord*>;

/// A squash migration against the rows: true when the rows of the migrations it replaces settle it
/// (they are taken out of `byWhen`); false to judge it as any other migration.
bool settleSquash(const Migration& m, RowsByWhen& byWhen, HistoryAnalysis& a, bool withStatuses) {
    if (m.squashes.empty()) return false;
    if (auto own = byWhen.find(m.when); own != byWhen.end() && sameHash(m, own->second->hash)) return false;
    std::vector<std::string> applied, missing;
    for (const auto& original : m.squashes) (byWhen.count(original.when) ? applied : missing).push_back(original.tag);
    if (applied.empty()) return false;  // a database from after the squash: the squash itself is pending or applied
    const AppliedRecord* newest = nullptr;
    for (const auto& original : m.squashes) {
        auto it = byWhen.find(original.when);
        if (it == byWhen.end()) continue;
        if (it->second->hash != original.hash)
            a.changed.push_back(HistoryAnalysis::Changed{&m, it->second->hash, &original});
        if (!newest || it->second->when > newest->when) newest = it->second;
        byWhen.erase(it);
    }
    const bool partly = !missing.empty();
    if (partly) a.partlySquashed.push_back(HistoryAnalysis::PartlySquashed{&m, std::move(applied), std::move(missing)});
    if (withStatuses)
        a.statuses.push_back(MigrationStatus{m.tag, m.when, m.hash, newest->hash,
                                             partly ? MigrationState::Pending : MigrationState::Applied,
                                             newest->appliedAt});
    return true;
}

}  // namespace

HistoryAnalysis analyseHistory(const MigrationSet& set, const std::vector<AppliedRecord>& rows, bool withStatuses) {
    HistoryAnalysis a;
    a.set_ = &set;
    RowsByWhen byWhen;
    const AppliedRecord* newest = nullptr;
    for (const auto& r : rows) {
        if (!byWhen.emplace(r.when, &r).second) a.duplicated.push_back(r);
        if (!newest || r.when > newest->when) newest = &r;
    }
    if (newest) a.newest = *newest;
    for (const auto& m : set.migrations()) {
        if (settleSquash(m, byWhen, a, withStatuses)) continue;
        auto it = byWhen.find(m.when);
        MigrationState state = MigrationState::Pending;
        if (it != byWhen.end()) {
            const bool same = sameHash(m, it->second->hash);
            state = same ? MigrationState::Applied : MigrationState::Changed;
            if (!same) a.changed.push_back(HistoryAnalysis::Changed{&m, it->second->hash});
        } else {
            a.pending.push_back(&m);
            if (newest && m.when < newest->when) a.outOfOrder.push_back(&m);
        }
        if (withStatuses) {
            MigrationStatus s{m.tag, m.when, m.hash, {}, state, std::nullopt};
            if (it != byWhen.end()) {
                s.recordedHash = it->second->hash;
                s.appliedAt = it->second->appliedAt;
            }
            a.statuses.push_back(std::move(s));
        }
        if (it != byWhen.end()) byWhen.erase(it);
    }
    for (const auto& [when, r] : byWhen) a.missing.push_back(*r);
    std::sort(a.missing.begin(), a.missing.end(), [](const auto& x, const auto& y) { return x.when < y.when; });
    if (withStatuses)
        for (const AppliedRecord& r : a.missing)
            a.statuses.push_back(
                MigrationStatus{r.name.value_or(""), r.when, r.hash, r.hash, MigrationState::Missing, r.appliedAt});
    return a;
}

}  // namespace ob::migrate
