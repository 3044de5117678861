package sqlparse

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

func TestParseDML(t *testing.T) {
	cases := []struct {
		sql     string
		kind    Kind
		explain bool
		want    string
	}{
		{"SELECT a FROM t", KindSelect, false, "select a from t"},
		{"select a from db.t;", KindSelect, false, "select a from db.t"},
		{"INSERT INTO t (a) VALUES (1)", KindInsert, false, "insert into t(a) values (1)"},
		{"REPLACE INTO t (a) VALUES (1)", KindInsert, false, "replace into t(a) values (1)"},
		{"UPDATE t SET a = 1", KindUpdate, false, "update t set a = 1"},
		{"DELETE FROM t WHERE a = 1", KindDelete, false, "delete from t where a = 1"},
		{"EXPLAIN SELECT a FROM t WHERE b = ?", KindSelect, true, "select a from t where b = :v1"},
		{"EXPLAIN UPDATE t SET a = 1", KindUpdate, true, "update t set a = 1"},
		// Rewrites of spellings the library misreads.
		{"SELECT DATE '2020-01-02', TIMESTAMP '2020-01-02 03:04:05'", KindSelect, false,
			"select convert('2020-01-02', date), convert('2020-01-02 03:04:05', datetime) from dual"},
		{"SELECT EXTRACT(YEAR FROM d) FROM t", KindSelect, false, "select EXTRACT('YEAR', d) from t"},
		{"SELECT 'a' \"b\" 'it''s', 'x'", KindSelect, false, "select 'abit\\'s', 'x' from dual"},
		{"/*!40101 SELECT 1 */", KindSelect, false, "select 1 from dual"},
		{"SELECT a FROM t WHERE date = '2020-01-01'", KindSelect, false, "select a from t where `date` = '2020-01-01'"},
		// MySQL keeps the backslash of \_ and \% (LIKE then sees an escape).
		{`SELECT 'a\_b', "x\%", 'a\\_b' FROM t WHERE a LIKE 'a\_%'`, KindSelect, false,
			`select 'a\\_b', 'x\\%', 'a\\_b' from t where a like 'a\\_%'`},
		{`SELECT 'a\_' 'b\%', DATE '2020\_'`, KindSelect, false, `select 'a\\_b\\%', convert('2020\\_', date) from dual`},
		// CAST to DOUBLE, FLOAT, REAL: a call the planner binds as the CAST.
		{"SELECT CAST(a AS DOUBLE), cast(? as float), CAST(1 AS REAL), CAST(a+1 AS FLOAT(30)), CONVERT(a, DOUBLE) FROM t", KindSelect, false,
			"select sqlmongo_cast(a, 'double'), sqlmongo_cast(:v1, 'float'), sqlmongo_cast(1, 'real'), sqlmongo_cast(a + 1, 'float'), sqlmongo_cast(a, 'double') from t"},
		{"SELECT CAST(CAST(a AS DOUBLE) AS SIGNED), CAST(a AS CHAR(3)) FROM t", KindSelect, false,
			"select convert(sqlmongo_cast(a, 'double'), signed), convert(a, char(3)) from t"},
		// SUBSTRING/SUBSTR with any first argument, FROM without FOR.
		{"SELECT SUBSTRING('hello', 2, 3), SUBSTR(CONCAT(a, b), 2), MID('abc', 2, 1), SUBSTRING(a FROM 2), SUBSTRING(a FROM 2 FOR 3) FROM t", KindSelect, false,
			"select mid('hello', 2, 3), mid(CONCAT(a, b), 2), MID('abc', 2, 1), mid(a, 2), mid(a, 2, 3) from t"},
		{"SELECT SUBSTRING((SELECT b FROM u LIMIT 1) FROM 2) FROM t", KindSelect, false,
			"select mid((select b from u limit 1), 2) from t"},
		// TRIM's FROM forms: sqlmongo_trim(mode, remstr, s).
		{"SELECT TRIM(BOTH 'x' FROM a), TRIM(LEADING 'x' FROM a), TRIM(trailing 'x' FROM a), TRIM('x' FROM a), TRIM(LEADING FROM a), TRIM(a) FROM t", KindSelect, false,
			"select sqlmongo_trim('BOTH', 'x', a), sqlmongo_trim('LEADING', 'x', a), sqlmongo_trim('TRAILING', 'x', a), sqlmongo_trim('BOTH', 'x', a), sqlmongo_trim('LEADING', ' ', a), TRIM(a) from t"},
		{"SELECT TRIM(?FROM?)", KindSelect, false, "select sqlmongo_trim('BOTH', :v1, :v2) from dual"},
		// POSITION(a IN b) is LOCATE(a, b).
		{"SELECT POSITION('a' IN b), POSITION(a IN (SELECT b FROM u)) FROM t", KindSelect, false,
			"select locate('a', b), locate(a, (select b from u)) from t"},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			st, err := Parse(c.sql)
			require.NoError(t, err)
			require.Equal(t, c.kind, st.Kind)
			require.Equal(t, c.explain, st.Explain)
			require.Equal(t, c.want, sqlparser.String(st.AST))
		})
	}
}

func TestParseOther(t *testing.T) {
	cases := []struct {
		sql  string
		want Statement
	}{
		{"SET NAMES utf8mb4", Statement{Kind: KindSet, Set: []Assignment{{Name: "names", Word: "utf8mb4"}}}},
		{"SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci", Statement{Kind: KindSet, Set: []Assignment{{Name: "names", Word: "utf8mb4", Collate: "utf8mb4_unicode_ci"}}}},
		{"SET @@session.sql_mode = 'ANSI'", Statement{Kind: KindSet, Set: []Assignment{{Name: "sql_mode", Value: "'ANSI'"}}}},
		{"SET @X = ?, GLOBAL max_connections = 10, CHARACTER SET utf8", Statement{Kind: KindSet, NumPositional: 1, Set: []Assignment{
			{Name: "x", User: true, Value: "?", params: 1}, {Name: "max_connections", Global: true, Value: "10"}, {Name: "character set", Word: "utf8"}}}},
		{"SET time_zone = SYSTEM, @@local.foreign_key_checks = OFF", Statement{Kind: KindSet, Set: []Assignment{{Name: "time_zone", Word: "SYSTEM"}, {Name: "foreign_key_checks", Word: "OFF"}}}},
		{"/*!40101 SET NAMES utf8 */;", Statement{Kind: KindSet, Set: []Assignment{{Name: "names", Word: "utf8"}}}},
		{"/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;", Statement{Kind: KindSet, Set: []Assignment{{Name: "old_sql_mode", User: true, Value: "@@SQL_MODE"}, {Name: "sql_mode", Value: "'NO_AUTO_VALUE_ON_ZERO'"}}}},
		{"SHOW TABLES", Statement{Kind: KindShow, Show: &Show{What: "tables"}}},
		{"SHOW FULL TABLES FROM shop LIKE 'u%'", Statement{Kind: KindShow, Show: &Show{What: "tables", Full: true, Like: "u%", Database: "shop"}}},
		{"SHOW COLUMNS FROM users", Statement{Kind: KindShow, Show: &Show{What: "columns", Table: "users"}}},
		{"SHOW FULL COLUMNS FROM `shop`.`users`", Statement{Kind: KindShow, Show: &Show{What: "columns", Table: "users", Full: true, Database: "shop"}}},
		{"SHOW FIELDS IN users FROM shop LIKE 'id'", Statement{Kind: KindShow, Show: &Show{What: "columns", Table: "users", Like: "id", Database: "shop"}}},
		{"SHOW TABLES WHERE Tables_in_shop LIKE 'u%'", Statement{Kind: KindShow, Show: &Show{What: "tables", Where: "Tables_in_shop LIKE 'u%'"}}},
		{"SHOW GLOBAL VARIABLES LIKE 'version%'", Statement{Kind: KindShow, Show: &Show{What: "variables", Like: "version%"}}},
		{"SHOW STATUS", Statement{Kind: KindShow, Show: &Show{What: "status"}}},
		{"SHOW INDEX FROM users", Statement{Kind: KindShow, Show: &Show{What: "index", Table: "users"}}},
		{"SHOW KEYS IN users", Statement{Kind: KindShow, Show: &Show{What: "index", Table: "users"}}},
		{"SHOW CREATE TABLE users", Statement{Kind: KindShow, Show: &Show{What: "create table", Table: "users"}}},
		{"SHOW DATABASES", Statement{Kind: KindShow, Show: &Show{What: "databases"}}},
		{"DESCRIBE users", Statement{Kind: KindShow, Show: &Show{What: "columns", Table: "users"}}},
		{"DESC users first_name", Statement{Kind: KindShow, Show: &Show{What: "columns", Table: "users", Like: `first\_name`}}},
		{"DESCRIBE users 'n%'", Statement{Kind: KindShow, Show: &Show{What: "columns", Table: "users", Like: "n%"}}},
		{"DESC db.users", Statement{Kind: KindShow, Show: &Show{What: "columns", Table: "users"}}},
		{"TRUNCATE users", Statement{Kind: KindTruncate, Truncate: "users"}},
		{"TRUNCATE TABLE `db`.`users`;", Statement{Kind: KindTruncate, Truncate: "users"}},
		{"CREATE DATABASE shop", Statement{Kind: KindCreateDatabase, Database: &Database{Name: "shop"}}},
		{"create schema if not exists `my shop` DEFAULT CHARACTER SET utf8mb4 COLLATE = utf8mb4_bin", Statement{Kind: KindCreateDatabase, Database: &Database{Name: "my shop", IfNotExists: true}}},
		{"DROP DATABASE IF EXISTS shop;", Statement{Kind: KindDropDatabase, Database: &Database{Name: "shop", IfExists: true}}},
		{"DROP SCHEMA shop", Statement{Kind: KindDropDatabase, Database: &Database{Name: "shop"}}},
		{"USE `shop`", Statement{Kind: KindUse, Database: &Database{Name: "shop"}}},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			st, err := Parse(c.sql)
			require.NoError(t, err)
			require.Equal(t, &c.want, st)
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct{ sql, msg string }{
		{"SELECT * FORM t", `sqlmongo: syntax error: unexpected "FORM" at 1:10`},
		{"SELECT a,\n  b\nFROM t WHERE AND x", `sqlmongo: syntax error: unexpected "AND" at 3:14`},
		{"SELECT a\nFROM t\n  WHERE a = 'é' ORDER a", `sqlmongo: syntax error: unexpected "a" at 3:23`},
		{"SELECT a FROM", `sqlmongo: syntax error: unexpected end of statement at 1:14`},
		{"SELECT a FROM t WHERE a = 'oops", `sqlmongo: syntax error: unterminated string at 1:27`},
		{"SELECT 1; SELECT 2", `sqlmongo: syntax error: multiple statements are not supported: send one statement per call (an Exec without arguments may run several with the DSN option sqlmongo.multiStatements=true) at 1:11`},
		{"SELECT 1;;", `sqlmongo: syntax error: multiple statements are not supported: send one statement per call (an Exec without arguments may run several with the DSN option sqlmongo.multiStatements=true) at 1:10`},
		{"  ", `sqlmongo: syntax error: empty statement`},
		{"-- nothing", `sqlmongo: syntax error: empty statement`},
		{"SHOW COLUMNS users", `sqlmongo: syntax error: unexpected "users", expecting FROM at 1:14`},
		{"SELECT a FROM t WHERE a = ~~~", `sqlmongo: syntax error: unexpected end of statement at 1:30`},
		// Positions still point into the text as written after a rewrite.
		{"SELECT 'a\\_b', CAST(a AS DOUBLE) FROM t WHERE AND x", `sqlmongo: syntax error: unexpected "AND" at 1:47`},
		{"SELECT SUBSTRING(a FROM 2 FOR) FROM t", `sqlmongo: syntax error: unexpected ")" at 1:30`},
		{"SELECT TRIM(BOTH 'x' FROM) FROM t", `sqlmongo: syntax error: unexpected ")" at 1:26`},
		{"SELECT CAST(a AS DOUBLE PRECISION) FROM t", `sqlmongo: syntax error: unexpected "DOUBLE" at 1:18`},
		{"SELECT CAST(a AS FLOAT(54)) FROM t", `sqlmongo: syntax error: unexpected "FLOAT" at 1:18`},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			_, err := Parse(c.sql)
			require.EqualError(t, err, c.msg)
			require.True(t, sqlerr.HasCode(err, sqlerr.Syntax))
		})
	}
}

func TestUnsupported(t *testing.T) {
	cases := []struct{ sql, msg string }{
		{"WITH x AS (SELECT 1) SELECT * FROM x", "common table expressions (WITH) at 1:1"},
		{"SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM t", "window functions (OVER) at 1:24"},
		{"SELECT a, SUM(b) OVER w FROM t WINDOW w AS (ORDER BY a)", "window functions (OVER) at 1:18"},
		{"SELECT a FROM t GROUP BY a WITH ROLLUP", "GROUP BY ... WITH ROLLUP at 1:28"},
		{"SELECT a FROM t INTO OUTFILE '/tmp/x'", "SELECT ... INTO at 1:17"},
		{"SELECT a INTO @x FROM t", "SELECT ... INTO at 1:10"},
		{"SELECT SQL_CALC_FOUND_ROWS a FROM t", "SQL_CALC_FOUND_ROWS at 1:8"},
		{"CREATE VIEW v AS SELECT 1", "CREATE VIEW at 1:1"},
		{"CREATE OR REPLACE VIEW v AS SELECT 1", "CREATE VIEW at 1:1"},
		{"CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN END", "CREATE PROCEDURE at 1:1"},
		{"CREATE FUNCTION f() RETURNS INT RETURN 1", "CREATE FUNCTION at 1:1"},
		{"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET x = 1", "CREATE TRIGGER at 1:1"},
		{"CREATE TEMPORARY TABLE t (a INT)", "CREATE TEMPORARY TABLE at 1:8"},
		{"CREATE TABLE t LIKE u", "CREATE TABLE ... LIKE at 1:16"},
		{"CREATE TABLE t AS SELECT 1", "CREATE TABLE ... AS at 1:16"},
		{"CREATE TABLE t (a INT) SELECT 1", "CREATE TABLE ... SELECT at 1:24"},
		{"CREATE FULLTEXT INDEX i ON t (a)", "FULLTEXT indexes at 1:8"},
		{"DROP VIEW v", "DROP VIEW at 1:1"},
		{"LOCK TABLES t WRITE", "LOCK TABLES statements at 1:1"},
		{"UNLOCK TABLES", "UNLOCK TABLES statements at 1:1"},
		{"GRANT ALL ON t TO u", "GRANT statements at 1:1"},
		{"LOAD DATA INFILE 'x' INTO TABLE t", "LOAD DATA statements at 1:1"},
		{"CALL p()", "CALL statements at 1:1"},
		{"SHOW ENGINES", "SHOW ENGINES at 1:6"},
		{"EXPLAIN ANALYZE SELECT 1", "EXPLAIN ANALYZE at 1:9"},
		{"ALTER VIEW v AS SELECT 1", "ALTER VIEW at 1:7"},
		{"ALTER TABLE t ORDER BY a", "ALTER TABLE ... ORDER at 1:15"},
		{"ALTER TABLE t DROP CONSTRAINT c", "ALTER TABLE ... DROP CONSTRAINT at 1:20"},
		{"CREATE TABLE t (a INT, b INT AS (a + 1))", "generated columns at 1:30"},
		{"CREATE TABLE t (g GEOMETRY)", "column type GEOMETRY at 1:19"},
		{"CREATE TABLE t (a INT, KEY ((a + 1)))", "functional key parts at 1:29"},
		{"CREATE TABLE t (a INT) PARTITION BY HASH(a)", "partitioned tables at 1:24"},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			_, err := Parse(c.sql)
			require.EqualError(t, err, "sqlmongo: unsupported: "+c.msg)
			require.True(t, sqlerr.HasCode(err, sqlerr.Unsupported))
		})
	}
}

func TestDecodeString(t *testing.T) {
	cases := []struct{ raw, want string }{
		{`'a\_b'`, `a\_b`},
		{`"a\%"`, `a\%`},
		{`'\0\'\"\b\n\r\t\Z\\'`, "\x00'\"\b\n\r\t\x1a\\"},
		{`'\q\x'`, "qx"},
		{`'it''s'`, "it's"},
		{`"say ""hi"""`, `say "hi"`},
		{`'\\_'`, `\_`},
		{`''`, ""},
	}
	for _, c := range cases {
		got, ok := decodeString(c.raw)
		require.True(t, ok, c.raw)
		require.Equal(t, c.want, got, c.raw)
	}
	// The lexer's value is the decoded one; unchanged strings are not marked.
	toks, err := lex(`SELECT 'a\_b', 'a\nb', 'ab'`, nil)
	require.NoError(t, err)
	require.Equal(t, `a\_b`, toks[1].val)
	require.True(t, toks[1].relit)
	require.Equal(t, "a\nb", toks[3].val)
	require.False(t, toks[3].relit)
	require.False(t, toks[5].relit)
}

// TestDepth: nesting beyond MaxDepth is a clear error, not a crash (a
// million terms once overflowed the stack); a long chain of one logical
// operator is one level and parses.
func TestDepth(t *testing.T) {
	deep := "SELECT 1" + strings.Repeat("+1", 200_000)
	if _, err := Parse(deep); err == nil || !strings.Contains(err.Error(), "nested more than") {
		t.Errorf("a 200,000-term sum: %v, want the nesting error", err)
	}
	ok := "SELECT 1" + strings.Repeat("+1", MaxDepth-10)
	if _, err := Parse(ok); err != nil {
		t.Errorf("%d-term sum: %v", MaxDepth-10, err)
	}
	chain := "SELECT a FROM t WHERE a = 1" + strings.Repeat(" OR a = 2", 20_000) + " AND b = 1" + strings.Repeat(" AND b = 2", 20_000)
	if _, err := Parse(chain); err != nil {
		t.Errorf("40k-operand AND/OR chain: %v", err)
	}
}

func TestParseTransaction(t *testing.T) {
	yes, no := true, false
	cases := []struct {
		sql  string
		want Statement
	}{
		{"BEGIN", Statement{Kind: KindBegin, Tx: &Transaction{}}},
		{"begin work;", Statement{Kind: KindBegin, Tx: &Transaction{}}},
		{"COMMIT WORK", Statement{Kind: KindCommit, Tx: &Transaction{}}},
		{"ROLLBACK", Statement{Kind: KindRollback, Tx: &Transaction{}}},
		{"COMMIT AND CHAIN", Statement{Kind: KindCommit, Tx: &Transaction{Chain: true}}},
		{"ROLLBACK WORK AND NO CHAIN NO RELEASE", Statement{Kind: KindRollback, Tx: &Transaction{}}},
		{"START TRANSACTION READ ONLY", Statement{Kind: KindBegin, Tx: &Transaction{ReadOnly: true}}},
		{"START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE", Statement{Kind: KindBegin, Tx: &Transaction{Snapshot: true, ReadWrite: true}}},
		{"SAVEPOINT sp1", Statement{Kind: KindSavepoint, Tx: &Transaction{Savepoint: "sp1"}}},
		{"RELEASE SAVEPOINT `sp 1`", Statement{Kind: KindReleaseSavepoint, Tx: &Transaction{Savepoint: "sp 1"}}},
		{"ROLLBACK TO SAVEPOINT sp1", Statement{Kind: KindRollbackTo, Tx: &Transaction{Savepoint: "sp1"}}},
		{"ROLLBACK WORK TO sp1", Statement{Kind: KindRollbackTo, Tx: &Transaction{Savepoint: "sp1"}}},
		{"SET autocommit = 0", Statement{Kind: KindSet, Tx: &Transaction{Autocommit: &no}}},
		{"set session autocommit=ON", Statement{Kind: KindSet, Tx: &Transaction{Autocommit: &yes}}},
		{"SET @@session.autocommit = 1", Statement{Kind: KindSet, Tx: &Transaction{Autocommit: &yes}}},
		{"SET NAMES utf8mb4, autocommit = 0", Statement{Kind: KindSet, Tx: &Transaction{Autocommit: &no}, Set: []Assignment{{Name: "names", Word: "utf8mb4"}}}},
		{"SET TRANSACTION ISOLATION LEVEL READ COMMITTED", Statement{Kind: KindSet, Tx: &Transaction{Isolation: "READ COMMITTED"}}},
		{"SET SESSION TRANSACTION READ ONLY, ISOLATION LEVEL SERIALIZABLE", Statement{Kind: KindSet, Tx: &Transaction{Session: true, ReadOnly: true, Isolation: "SERIALIZABLE"}}},
		{"SET @@transaction_isolation = 'REPEATABLE-READ'", Statement{Kind: KindSet, Tx: &Transaction{Session: true, Isolation: "REPEATABLE READ"}}},
		{"SET sql_mode = CONCAT(@@sql_mode, ',ANSI')", Statement{Kind: KindSet, Set: []Assignment{{Name: "sql_mode", Value: "CONCAT(@@sql_mode, ',ANSI')"}}}},
	}
	for _, c := range cases {
		st, err := Parse(c.sql)
		require.NoError(t, err, c.sql)
		require.Equal(t, c.want, *st, c.sql)
	}
	for _, c := range []struct{ sql, err string }{
		{"SET GLOBAL TRANSACTION READ ONLY", "SET GLOBAL TRANSACTION"},
		{"SET autocommit = 2", `can't be set to "2"`},
		{"SET @x 5", "expecting '='"},
		{"SET SESSION @x = 1", "expecting a variable name"},
		{"SET NAMES", "expecting a character set name"},
		{"SET x =", "expecting a value"},
		{"SET TRANSACTION ISOLATION LEVEL SNAPSHOT", "expecting an isolation level"},
		{"RELEASE x", "expecting SAVEPOINT"},
		{"USE", "unexpected end of statement, expecting database name at 1:4"},
		{"USE a b", "unexpected \"b\" at 1:7"},
		{"CREATE DATABASE", "expecting database name"},
		{"CREATE DATABASE d CHARSET", "expecting a character set, collation or 'N'"},
		{"CREATE DATABASE d x", "unexpected \"x\" at 1:19"},
		{"DROP DATABASE IF d", "expecting database name"},
		{"COMMIT RELEASE", "COMMIT ... RELEASE"},
	} {
		_, err := Parse(c.sql)
		require.ErrorContains(t, err, c.err, c.sql)
	}
}
