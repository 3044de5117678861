package planner

import "testing"

func TestSubstringIndex(t *testing.T) {
	for _, c := range []struct {
		s, d string
		n    int64
		want string
	}{
		{"www.mysql.com", ".", 2, "www.mysql"},
		{"www.mysql.com", ".", -2, "mysql.com"},
		{"www.mysql.com", ".", 5, "www.mysql.com"},
		{"www.mysql.com", ".", -5, "www.mysql.com"},
		{"www.mysql.com", ".", 0, ""},
		{"a::b::c", "::", 1, "a"},
		{"a::b::c", "::", -1, "c"},
		{"aaa", "aa", 1, ""},
		{"aaa", "aa", -1, "a"},
		{"aaaa", "aa", -1, ""},
		{"aaaa", "aa", -2, "aa"},
		{"abc", "", 1, ""},
	} {
		if got := substringIndex(c.s, c.d, c.n); got != c.want {
			t.Errorf("SUBSTRING_INDEX(%q, %q, %d) = %q, want %q", c.s, c.d, c.n, got, c.want)
		}
	}
}
