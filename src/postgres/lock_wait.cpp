#include "lock_wait.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "core/sql_lexer.hpp"
#include "session.hpp"

namespace ob::migrate::postgres::detail {

namespace {
std::string millis(std::chrono::milliseconds d) { return fmt::format("{}ms", d.count()); }

/// The names `sql` mentions, as the catalog spells them (unquoted words folded to lower case).
std::vector<std::string> mentionedNames(const std::string& sql) {
    std::vector<std::string> names;
    for (const auto& t : ob::migrate::detail::lexSql(sql)) {
        if (t.kind == ob::migrate::detail::SqlToken::Kind::QuotedName)
            names.push_back(t.text);
        else if (t.kind == ob::migrate::detail::SqlToken::Kind::Word)
            names.push_back(ob::migrate::detail::lowerAscii(t.text));
    }
    return names;
}

std::string shortened(std::string text, std::size_t most) {
    for (char& c : text)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (text.size() > most) text = text.substr(0, most) + "...";
    return text;
}
}  // namespace

void LockWaitGuard::applyLimits(const WaitLimits& limits, bool inTransaction) {
    if (limits.lockTimeout.count() == 0 && limits.statementTimeout.count() == 0) return;
    try {
        pqxx::nontransaction tx(conn_);
        if (!inTransaction) {  // the session's own values come back in resetLimits()
            pqxx::row saved = tx.exec1("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')");
            savedLockTimeout_ = saved[0].as<std::string>();
            savedStatementTimeout_ = saved[1].as<std::string>();
            sessionLimits_ = true;
        }
        const bool local = inTransaction;
        if (limits.lockTimeout.count() > 0)
            tx.exec_params("SELECT set_config('lock_timeout', $1, $2)", millis(limits.lockTimeout), local);
        if (limits.statementTimeout.count() > 0)
            tx.exec_params("SELECT set_config('statement_timeout', $1, $2)", millis(limits.statementTimeout), local);
    } catch (...) {
        rethrowTranslated(info_);
    }
}

void LockWaitGuard::resetLimits() noexcept {
    if (!sessionLimits_) return;
    sessionLimits_ = false;
    try {
        pqxx::nontransaction tx(conn_);
        tx.exec_params("SELECT set_config('lock_timeout', $1, false), set_config('statement_timeout', $2, false)",
                       savedLockTimeout_, savedStatementTimeout_);
    } catch (...) {
        // A lost connection took the session's settings with it.
    }
}

bool LockWaitGuard::isLockWaitTimeout(const DatabaseError& error) const noexcept {
    return error.sqlState() == "55P03";  // lock_not_available: lock_timeout ran out (or NOWAIT)
}

std::string LockWaitGuard::describeLockHolders(const std::string& sql) {
    // Sessions holding a lock on a relation the statement names, oldest transaction first.
    const nlohmann::json names = mentionedNames(sql);
    try {
        pqxx::nontransaction tx(conn_);
        pqxx::result rows = tx.exec_params(
            "SELECT c.relname, l.pid, coalesce(a.state, ''), coalesce(a.query, ''), "
            "coalesce(extract(epoch FROM now() - a.xact_start), 0)::float8 "
            "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c ON c.oid = l.relation "
            "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid() "
            "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) "
            "AND c.relnamespace <> 'pg_catalog'::regnamespace "
            "AND c.relname IN (SELECT json_array_elements_text($1::json)) "
            "ORDER BY a.xact_start NULLS LAST, l.pid",
            names.dump());
        if (rows.empty()) return {};
        const auto& first = rows[0];
        std::size_t others = 0;
        for (const auto& row : rows)
            if (row[1].as<int>() != first[1].as<int>()) ++others;
        std::string state = first[2].as<std::string>();
        if (first[4].as<double>() > 0) state += fmt::format(" for {:.1f} s", first[4].as<double>());
        std::string out = fmt::format("\"{}\" held by pid {} ({}: '{}')", first[0].as<std::string>(),
                                      first[1].as<int>(), state, shortened(first[3].as<std::string>(), 80));
        if (others) out += fmt::format(" and {} other lock(s) of other sessions", others);
        return out;
    } catch (...) {
        rethrowTranslated(info_);
    }
}

void LockWaitGuard::cleanUpFailedAttempt(const std::string& sql) {
    // CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] [schema.]name ON ...: a failed build leaves
    // the index behind, INVALID, and the retry would fail on its name.
    const auto tokens = ob::migrate::detail::lexSql(sql);
    std::size_t i = 0;
    auto word = [&](std::string_view w) {
        if (i < tokens.size() && tokens[i].isWord(w)) return ++i, true;
        return false;
    };
    if (!word("create")) return;
    word("unique");
    if (!word("index") || !word("concurrently")) return;
    if (word("if") && !(word("not") && word("exists"))) return;
    std::string qualified;
    while (i < tokens.size() && tokens[i].isName() && !tokens[i].isWord("on")) {
        const auto& t = tokens[i++];
        qualified += conn_.quote_name(t.kind == ob::migrate::detail::SqlToken::Kind::Word
                                          ? ob::migrate::detail::lowerAscii(t.text)
                                          : t.text);
        if (i < tokens.size() && tokens[i].is(".")) {
            qualified += '.';
            ++i;
        } else {
            break;
        }
    }
    if (qualified.empty()) return;  // an unnamed index gets a fresh name on the retry
    try {
        pqxx::nontransaction tx(conn_);
        pqxx::result invalid = tx.exec_params(
            "SELECT 1 FROM pg_catalog.pg_index WHERE indexrelid = pg_catalog.to_regclass($1) AND NOT indisvalid",
            qualified);
        if (!invalid.empty()) tx.exec("DROP INDEX CONCURRENTLY IF EXISTS " + qualified);
    } catch (...) {
        rethrowTranslated(info_);
    }
}

}  // namespace ob::migrate::postgres::detail
