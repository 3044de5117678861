package sqlparse

import (
	"testing"

	"github.com/xwb1989/sqlparser"
)

func TestQuantifiedComparisons(t *testing.T) {
	for sql, want := range map[string]string{
		"SELECT a FROM t WHERE a > ANY (SELECT b FROM u)":   "select a from t where a > sqlmongo_any((select b from u))",
		"SELECT a FROM t WHERE a = SOME (SELECT b FROM u)":  "select a from t where a = sqlmongo_any((select b from u))",
		"SELECT a FROM t WHERE a <> ALL (SELECT b FROM u)":  "select a from t where a != sqlmongo_all((select b from u))",
		"SELECT a >= ALL (SELECT b FROM u WHERE b > 1) q":   "select a >= sqlmongo_all((select b from u where b > 1)) as q from dual",
		"SELECT a FROM t WHERE a < ANY ((SELECT b FROM u))": "select a from t where a < sqlmongo_any(((select b from u)))",
	} {
		st, err := Parse(sql)
		if err != nil {
			t.Errorf("%s: %v", sql, err)
			continue
		}
		if got := sqlparser.String(st.AST); got != want {
			t.Errorf("%s:\n got %s\nwant %s", sql, got, want)
		}
	}
}
