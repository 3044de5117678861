package sqlparse

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"SELECT 1", []string{"SELECT 1"}},
		{"SELECT 1;", []string{"SELECT 1"}},
		{"CREATE TABLE a (x INT);\nINSERT INTO a VALUES (1);  ;\n", []string{"CREATE TABLE a (x INT)", "\nINSERT INTO a VALUES (1)"}},
		{"SELECT 'a;b'; SELECT `c;d`; -- x;y\nSELECT \"e;f\" /* g;h */", []string{"SELECT 'a;b'", " SELECT `c;d`", " -- x;y\nSELECT \"e;f\" /* g;h */"}},
		{"; ;", nil},
	} {
		got, err := Split(tc.in)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Split(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	if _, err := Split("SELECT 'open"); err == nil {
		t.Error("an unterminated string splits without error")
	}
}
