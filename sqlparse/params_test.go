package sqlparse

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

func TestPlaceholders(t *testing.T) {
	cases := []struct {
		sql   string
		want  string // sqlparser.String of the AST
		npos  int
		names []string
	}{
		{"SELECT a FROM t WHERE a = ? AND b = ?", "select a from t where a = :v1 and b = :v2", 2, nil},
		{"SELECT a FROM t WHERE a = $2 AND b = $1 AND c = $2", "select a from t where a = :v2 and b = :v1 and c = :v2", 2, nil},
		{"SELECT a FROM t WHERE a = $3", "select a from t where a = :v3", 3, nil},
		{"SELECT a FROM t WHERE a = :x AND b = :y AND c = :x", "select a from t where a = :x and b = :y and c = :x", 0, []string{"x", "y"}},
		{"SELECT a FROM t WHERE a = @x AND b = :x AND c = @z", "select a from t where a = :x and b = :x and c = :z", 0, []string{"x", "z"}},
		{"SELECT @@version", "select @@version from dual", 0, nil},
		// Not placeholders: inside strings, comments and quoted identifiers.
		{"SELECT '?', '$1', ':x', '@y' FROM t WHERE a = ?", "select '?', '$1', ':x', '@y' from t where a = :v1", 1, nil},
		{`SELECT "?", "$1 @x" FROM t WHERE a = $1`, "select '?', '$1 @x' from t where a = :v1", 1, nil},
		{"SELECT `?`, `$1`, `@x` FROM t /* ? $2 */ WHERE a = $1 -- ? $3\n", "select `?`, `$1`, @x from t where a = :v1", 1, nil},
		{"SELECT a FROM t # ? @x\nWHERE a = ?", "select a from t where a = :v1", 1, nil},
		{"SELECT a FROM t WHERE a = 'it''s ?' AND b = ?", "select a from t where a = 'it\\'s ?' and b = :v1", 1, nil},
		{"INSERT INTO t (a, b) VALUES (?, ?), (?, ?)", "insert into t(a, b) values (:v1, :v2), (:v3, :v4)", 4, nil},
		{"UPDATE t SET a = $1 WHERE id = $2", "update t set a = :v1 where id = :v2", 2, nil},
		{"DELETE FROM t WHERE id = :id", "delete from t where id = :id", 0, []string{"id"}},
		{"SELECT a FROM t LIMIT ?, ?", "select a from t limit :v1, :v2", 2, nil},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			st, err := Parse(c.sql)
			require.NoError(t, err)
			require.Equal(t, c.want, sqlparser.String(st.AST))
			require.Equal(t, c.npos, st.NumPositional)
			require.Equal(t, c.names, st.Names)
		})
	}
}

func TestPlaceholderErrors(t *testing.T) {
	cases := []struct {
		sql  string
		code sqlerr.Code
		msg  string
	}{
		{"SELECT a FROM t WHERE a = ? AND b = $1", sqlerr.Args, "sqlmongo: cannot mix ? and $N parameters in one statement at 1:37"},
		{"SELECT a FROM t WHERE a = :x AND b = ?", sqlerr.Args, "sqlmongo: cannot mix positional and named parameters in one statement at 1:38"},
		{"SELECT a FROM t WHERE a = $1 AND b = @x", sqlerr.Args, "sqlmongo: cannot mix positional and named parameters in one statement at 1:38"},
		{"SELECT a FROM t WHERE a = $0", sqlerr.Args, "sqlmongo: parameter $0 out of range: parameters are numbered from $1 at 1:27"},
		{"SELECT a FROM t WHERE a = :v1", sqlerr.Args, `sqlmongo: parameter name "v1" is reserved for positional parameters; choose another name at 1:27`},
		{"SELECT a FROM t WHERE a IN ::xs", sqlerr.Unsupported, "sqlmongo: unsupported: list parameters (::xs) at 1:28"},
		{"SELECT a FROM t WHERE a = $x", sqlerr.Syntax, "sqlmongo: syntax error: unexpected character '$' at 1:27"},
	}
	for _, c := range cases {
		t.Run(c.sql, func(t *testing.T) {
			_, err := Parse(c.sql)
			require.Error(t, err)
			require.True(t, sqlerr.HasCode(err, c.code), "%v", err)
			require.Equal(t, c.msg, err.Error())
		})
	}
}

func TestRewriteMapsPositionsBack(t *testing.T) {
	// The rewrite lengthens `?` to `:v1`; the error must still point at the
	// original text.
	_, err := Parse("SELECT a FROM t WHERE a = ? AND b = ? ORDER BY BY")
	require.EqualError(t, err, `sqlmongo: syntax error: unexpected "BY" at 1:48`)
	_, err = Parse("SELECT a FROM t\nWHERE a = $1 AND\n  b = $2 FORM")
	require.EqualError(t, err, `sqlmongo: syntax error: unexpected "FORM" at 3:10`)
	_, err = Parse("SELECT DATE '2020-01-01', a FROM t WHERE x = ? GROUP")
	require.EqualError(t, err, `sqlmongo: syntax error: unexpected end of statement at 1:53`)
}
