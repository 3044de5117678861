package sqlparse

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSelectTexts(t *testing.T) {
	for sql, want := range map[string][]string{
		"SELECT COUNT(*), a + 1, b AS x, c y, SUM(d)  total FROM t":      {"COUNT(*)", "a + 1", "b", "c", "SUM(d)"},
		"SELECT DISTINCT a+1 FROM t WHERE b = 1":                         {"a+1"},
		"select concat(a, ',', b), (1, 2) in ((1, 2)) from t order by 1": {"concat(a, ',', b)", "(1, 2) in ((1, 2))"},
		"SELECT 1, 'a', NULL":         {"1", "'a'", "NULL"},
		"SELECT x IS NULL, ? FROM t;": {"x IS NULL", "?"},
	} {
		st, err := Parse(sql)
		require.NoError(t, err, sql)
		require.Equal(t, want, st.SelectTexts, sql)
	}
}
