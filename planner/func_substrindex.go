package planner

import "strings"

func init() {
	register(&FuncDef{
		Name: "substring_index", MinArgs: 3, MaxArgs: 3, NullIn: true, Result: strResult,
		Eval: func(c *Call, a []any) (any, error) {
			return substringIndex(strOf(a[0], argType(c, 0)), strOf(a[1], argType(c, 1)), intArg(a[2], argType(c, 2))), nil
		},
	})
}

// substringIndex is MySQL's SUBSTRING_INDEX: the text before the n-th
// delimiter from the left (n > 0), or after the n-th from the right
// (n < 0); all of s when there are fewer delimiters. Matching is exact
// (case-sensitive), as in MySQL.
func substringIndex(s, delim string, n int64) string {
	if delim == "" || n == 0 {
		return ""
	}
	if n > 0 {
		at := 0
		for i := int64(0); i < n; i++ {
			j := strings.Index(s[at:], delim)
			if j < 0 {
				return s
			}
			at += j + len(delim)
		}
		return s[:at-len(delim)]
	}
	// From the right: the delimiters as a left-to-right scan finds them
	// (without overlaps), counted from the last.
	var at []int
	for i := 0; ; {
		j := strings.Index(s[i:], delim)
		if j < 0 {
			break
		}
		at = append(at, i+j)
		i += j + len(delim)
	}
	if int64(len(at)) < -n {
		return s
	}
	return s[at[int64(len(at))+n]+len(delim):]
}
