// The lexer that decides what is a whole statement: transaction control and pragmas are found only
// outside strings, dollar quotes, comments and trigger or BEGIN ATOMIC bodies.
#include <catch2/catch.hpp>

#include "core/sql_checks.hpp"
#include "core/sql_lexer.hpp"

using namespace ob::migrate;
using namespace ob::migrate::detail;

namespace {

std::string controlIn(const std::string& sql) {
    auto found = findTransactionControl(splitStatements(sql).front());
    return found ? found->what + "@" + std::to_string(found->line) : "";
}
}  // namespace

TEST_CASE("dollar quotes and E'' strings are single string tokens") {
    auto tokens = lexSql("SELECT $$a; COMMIT; b$$, $tag$x$$y$tag$, $1, E'it\\'s; END', 'plain''s'");
    std::vector<std::string> strings;
    for (const auto& t : tokens)
        if (t.kind == SqlToken::Kind::String) strings.push_back(t.text);
    CHECK(strings == std::vector<std::string>{"$$a; COMMIT; b$$", "$tag$x$$y$tag$", "E'it\\'s; END'", "'plain''s'"});
    CHECK(statementCount("SELECT $$;$$; SELECT 2;;") == 2);
}

TEST_CASE("statements split on semicolons outside parentheses and bodies") {
    CHECK(statementCount("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN 1 THEN 2 END; "
                         "DELETE FROM b; END; SELECT 1") == 2);
    CHECK(statementCount("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; "
                         "SELECT 3;") == 2);
    CHECK(statementCount("CREATE RULE r AS ON INSERT TO a DO ALSO (INSERT INTO b VALUES (1); INSERT INTO c "
                         "VALUES (2)); SELECT 1") == 2);
    CHECK(statementCount("-- only a comment;\n/* ; */") == 0);
}

TEST_CASE("transaction control is found at the start of statements only, with its line") {
    CHECK(controlIn("-- COMMIT;\nSELECT 1;\n  commit;") == "COMMIT@3");
    CHECK(controlIn("\n\nBEGIN IMMEDIATE;\nSELECT 1;") == "BEGIN IMMEDIATE@3");
    CHECK(controlIn("START TRANSACTION ISOLATION LEVEL SERIALIZABLE;") == "START TRANSACTION@1");
    CHECK(controlIn("SELECT 1; END TRANSACTION;") == "END@1");
    CHECK(controlIn("ROLLBACK PREPARED 'x';") == "ROLLBACK@1");
    CHECK(controlIn("PREPARE TRANSACTION 'x';") == "PREPARE TRANSACTION@1");
    CHECK(controlIn("SAVEPOINT s; ROLLBACK TO SAVEPOINT s; ROLLBACK TRANSACTION TO s; RELEASE s;").empty());
    CHECK(controlIn("DO $$ BEGIN COMMIT; END $$;").empty());
    CHECK(controlIn("INSERT INTO a VALUES ('\nCOMMIT;\n');").empty());
    CHECK(controlIn("CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END;").empty());
    CHECK(controlIn("SELECT CASE WHEN true THEN 1 END; commit") == "COMMIT@1");
}

TEST_CASE("an error offset maps to the failing statement's line and text") {
    const Statement s{1, 2, "\n-- leading comment\nCREATE TABLE t (id int);\n\n  INSERT INTO nope VALUES (1);\n"};
    const std::size_t insert = s.sql.find("INSERT");
    CHECK(lineAt(s, statementStart(s.sql, insert + 7)) == 5);  // an offset inside the statement
    CHECK(lineAt(s, statementStart(s.sql, s.sql.find(";\n\n") + 1)) == 5);  // between statements: the next
    CHECK(statementAt(s.sql, statementStart(s.sql, insert)) == "INSERT INTO nope VALUES (1);");
    CHECK(statementAt(s.sql, 0) == "CREATE TABLE t (id int);");
    CHECK(lineAt(s, 0) == 2);
}
