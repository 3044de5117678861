package sqlparse

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// setString renders a set operation tree with explicit grouping.
func setString(e SetExpr) string {
	switch e := e.(type) {
	case *SetSelect:
		return sqlparser.String(e.Select)
	case *SetOp:
		op := strings.ToLower(e.Op.String())
		if e.All {
			op += " all"
		}
		return "[" + setString(e.Left) + " " + op + " " + setString(e.Right) + "]"
	case *SetQuery:
		s := "{" + setString(e.Body) + "}" + sqlparser.String(e.OrderBy)
		if e.Limit != nil {
			s += sqlparser.String(e.Limit)
		}
		return s
	}
	return "?"
}

func TestParseSetOperations(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"SELECT 1 UNION ALL SELECT 2", "{[select 1 from dual union all select 2 from dual]}"},
		{"(SELECT 1) UNION (SELECT 2) LIMIT 1", "{[select 1 from dual union select 2 from dual]} limit 1"},
		{"SELECT a FROM t UNION DISTINCT SELECT b FROM u ORDER BY 1 DESC LIMIT 2, 3",
			"{[select a from t union select b from u]} order by 1 desc limit 2, 3"},
		// INTERSECT binds tighter; UNION and EXCEPT associate to the left.
		{"SELECT 1 UNION SELECT 2 INTERSECT SELECT 3", "{[select 1 from dual union [select 2 from dual intersect select 3 from dual]]}"},
		{"SELECT 1 EXCEPT ALL SELECT 2 UNION SELECT 3", "{[[select 1 from dual except all select 2 from dual] union select 3 from dual]}"},
		{"SELECT 1 INTERSECT ALL SELECT 2 EXCEPT SELECT 3 INTERSECT SELECT 4",
			"{[[select 1 from dual intersect all select 2 from dual] except [select 3 from dual intersect select 4 from dual]]}"},
		{"((SELECT a FROM t) EXCEPT (SELECT b FROM u)) ORDER BY 1 LIMIT 2", "{[select a from t except select b from u]} order by 1 asc limit 2"},
		{"SELECT 1 UNION (SELECT 2 UNION ALL SELECT 3)", "{[select 1 from dual union [select 2 from dual union all select 3 from dual]]}"},
		{"(SELECT a FROM t ORDER BY a LIMIT 1) UNION ALL (SELECT b FROM u ORDER BY b LIMIT 1)",
			"{[select a from t order by a asc limit 1 union all select b from u order by b asc limit 1]}"},
		{"((SELECT 1) UNION (SELECT 2) ORDER BY 1 LIMIT 1) UNION SELECT 3",
			"{[{[select 1 from dual union select 2 from dual]} order by 1 asc limit 1 union select 3 from dual]}"},
		{"(SELECT 1) ORDER BY 1", "{select 1 from dual} order by 1 asc"},
		{"SELECT a FROM t WHERE a IN (SELECT 1 UNION SELECT 2) UNION SELECT 3",
			"{[select a from t where a in (select 1 from dual union select 2 from dual) union select 3 from dual]}"},
	}
	for _, c := range cases {
		st, err := Parse(c.sql)
		require.NoError(t, err, c.sql)
		require.NotNil(t, st.SetQuery, c.sql)
		require.Nil(t, st.AST, c.sql)
		require.Equal(t, c.want, setString(st.SetQuery), c.sql)
	}
}

func TestParseParenthesisedSelect(t *testing.T) {
	st, err := Parse("(SELECT 2 AS y)")
	require.NoError(t, err)
	require.Nil(t, st.SetQuery)
	require.Equal(t, "select 2 as y from dual", sqlparser.String(st.AST))
	st, err = Parse("((SELECT a + 1 FROM t))")
	require.NoError(t, err)
	require.Equal(t, []string{"a + 1"}, st.SelectTexts)
	st, err = Parse("EXPLAIN SELECT 1 UNION SELECT 2")
	require.NoError(t, err)
	require.True(t, st.Explain)
	require.NotNil(t, st.SetQuery)
}

func TestParseSetParams(t *testing.T) {
	st, err := Parse("SELECT a FROM t WHERE a = ? UNION SELECT b FROM u WHERE b = ? ORDER BY 1 LIMIT ?")
	require.NoError(t, err)
	require.Equal(t, 3, st.NumPositional)
	op := st.SetQuery.Body.(*SetOp)
	require.Equal(t, "select a from t where a = :v1", sqlparser.String(op.Left.(*SetSelect).Select))
	require.Equal(t, "select b from u where b = :v2", sqlparser.String(op.Right.(*SetSelect).Select))
	require.Equal(t, " limit :v3", sqlparser.String(st.SetQuery.Limit))
}

func TestParseSetErrors(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"SELECT 1 UNION SELECT 2 FROM", "1:29"},
		{"SELECT 1 UNION\nSELECT FROM t", "2:8"},
		{"SELECT 1 ORDER BY 1 UNION SELECT 2", "1:10"},
		{"SELECT 1 UNION", "1:15"},
		{"SELECT 1 UNION ALL 5", "1:20"},
		{"(SELECT 1) UNION (SELECT 2) ORDER BY", "1:37"},
		{"(SELECT 1) UNION (SELECT 2) ORDER BY 1 LIMIT x y", "1:48"},
		{"(SELECT 1", "1:1"},
	}
	for _, c := range cases {
		_, err := Parse(c.sql)
		require.Error(t, err, c.sql)
		var se *sqlerr.Error
		require.ErrorAs(t, err, &se, c.sql)
		require.Contains(t, err.Error(), c.want, c.sql)
	}
	_, err := Parse("SELECT 1 LIMIT 1 UNION SELECT 2")
	var se *sqlerr.Error
	require.ErrorAs(t, err, &se)
	require.Equal(t, sqlerr.ErrWrongUsage, se.Number)
}
