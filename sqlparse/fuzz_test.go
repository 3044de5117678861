package sqlparse

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

var fuzzSeeds = []string{
	"SELECT a FROM t WHERE a = ? AND b = ?",
	"SELECT a FROM t WHERE a = $2 AND b = $1",
	"SELECT a FROM t WHERE a = :x AND b = @y",
	"SELECT '?', `$1`, \"@x\" /* ? */ FROM t -- $1\n WHERE a = ?",
	"SELECT DATE '2020-01-01', EXTRACT(DAY FROM d) FROM t",
	"SELECT a, ROW_NUMBER() OVER (ORDER BY a) FROM t",
	"WITH x AS (SELECT 1) SELECT * FROM x",
	"SELECT * FORM t",
	"SELECT 1; SELECT 2",
	"EXPLAIN SELECT 1",
	"DESCRIBE t",
	"SHOW FULL COLUMNS FROM t LIKE 'a%'",
	"START TRANSACTION READ ONLY",
	"SET autocommit = 0", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED, READ ONLY", "SAVEPOINT s", "ROLLBACK TO s",
	"SET NAMES utf8mb4",
	"TRUNCATE TABLE t",
	"SELECT /*! STRAIGHT_JOIN */ a FROM t",
	"SELECT a FROM t WHERE a = 'unterminated",
	"SELECT $",
	"SELECT 'a\\_b' LIKE 'a\\%' 'c', DATE 'x\\_'",
	"SELECT CAST(a AS DOUBLE), CONVERT(b, FLOAT(3)), SUBSTRING('x' FROM 1 FOR 2)",
	"SELECT TRIM(LEADING FROM a), TRIM('x' FROM b), POSITION(a IN b)",
	"(SELECT a FROM t WHERE a = ?) UNION ALL SELECT b FROM u INTERSECT (SELECT 1 ORDER BY 1 LIMIT ?) EXCEPT SELECT 2 ORDER BY 1 LIMIT 3",
	"((SELECT 1) EXCEPT ALL (SELECT 2)) ORDER BY x LIMIT 2",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, c := range ddlCases {
		f.Add(c.sql)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		// Pending (the shell's statement ends) keeps what it has not ended
		// as the input's suffix; with nothing left it splits as Split.
		done, rest, _ := Pending(sql)
		if !strings.HasSuffix(sql, rest) {
			t.Fatalf("Pending: rest %q is not a suffix", rest)
		}
		if out, err := Split(sql); err == nil && rest == "" && !slices.Equal(done, out) {
			t.Fatalf("Pending: %q, Split: %q", done, out)
		}
		// A parse stopped part way (a deadline) returns the stop's error.
		stop, calls := errors.New("stop"), 0
		if _, err := parse(sql, func() error { calls++; return stop }); calls > 0 && err != stop {
			t.Fatalf("stopped parse: got %v", err)
		}
		st, err := Parse(sql)
		if err != nil {
			var se *sqlerr.Error
			if !errors.As(err, &se) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if se.Code == sqlerr.Internal && !strings.Contains(sql, "/*!") {
				t.Fatalf("internal error: %v", err)
			}
			if se.Line > 1+strings.Count(sql, "\n") {
				t.Fatalf("line %d past the end: %v", se.Line, err)
			}
			return
		}
		if st.Kind < KindSelect || st.Kind > KindRollbackTo {
			t.Fatalf("bad kind %d", st.Kind)
		}
		if (st.Kind <= KindDelete) != (st.AST != nil || st.SetQuery != nil) || st.AST != nil && st.SetQuery != nil {
			t.Fatalf("AST presence wrong for %v", st.Kind)
		}
	})
}
