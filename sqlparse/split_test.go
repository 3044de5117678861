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

func TestPending(t *testing.T) {
	for _, tc := range []struct {
		in         string
		done       []string
		rest, open string
	}{
		{"", nil, "", ""},
		{"SELECT 1", nil, "SELECT 1", ""},
		{"SELECT 1;", []string{"SELECT 1"}, "", ""},
		{"SELECT 1; SELECT", []string{"SELECT 1"}, " SELECT", ""},
		{"SELECT 1; -- note", []string{"SELECT 1"}, "", ""},
		{"SELECT 'a;\nb", nil, "SELECT 'a;\nb", "'"},
		{"SELECT 1; SELECT \"x", []string{"SELECT 1"}, " SELECT \"x", "\""},
		{"SELECT `a", nil, "SELECT `a", "`"},
		{"SELECT 1 /* a;", nil, "SELECT 1 /* a;", "/*"},
		{"SELECT (1 +\n", nil, "SELECT (1 +\n", "("},
		{"SELECT (1 +\n2);", []string{"SELECT (1 +\n2)"}, "", ""},
		{"SELECT 'it''s';", []string{"SELECT 'it''s'"}, "", ""},
		{"SELECT 1 \\ 2 ;", []string{"SELECT 1 \\ 2 "}, "", ""},
		{"SELECT 1 \\ 2", nil, "SELECT 1 \\ 2", ""},
		{"SELECT 'é🙂", nil, "SELECT 'é🙂", "'"},
	} {
		done, rest, open := Pending(tc.in)
		if !slices.Equal(done, tc.done) || rest != tc.rest || open != tc.open {
			t.Errorf("Pending(%q) = %q, %q, %q; want %q, %q, %q", tc.in, done, rest, open, tc.done, tc.rest, tc.open)
		}
	}
}
