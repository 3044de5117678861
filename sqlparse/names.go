package sqlparse

import (
	"strings"

	"github.com/xwb1989/sqlparser"
)

// selectTexts returns the source text of each top-level select expression
// of a SELECT, without its alias: MySQL names a result column by the
// expression as written (COUNT(*), a + 1), which the parsed tree no longer
// holds. It returns nil when the list cannot be matched up with the tree.
func selectTexts(src string, toks []token, sel *sqlparser.Select) []string {
	i := 0
	for i < len(toks) && toks[i].low != "select" {
		i++
	}
	if i == len(toks) {
		return nil
	}
	i++
	for i < len(toks) && isSelectModifier(toks[i].low) && toks[i].kind == tWord {
		i++
	}
	var items [][]token
	var cur []token
	depth := 0
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.virt {
			return nil
		}
		text := src[t.start:t.end]
		if t.kind == tPunct {
			switch text {
			case "(":
				depth++
			case ")":
				depth--
			case ",":
				if depth == 0 {
					items = append(items, cur)
					cur = nil
					continue
				}
			case ";":
				if depth == 0 {
					i = len(toks)
					continue
				}
			}
		}
		if depth == 0 && t.kind == tWord && endsSelectList(t.low) {
			break
		}
		cur = append(cur, t)
	}
	items = append(items, cur)
	if len(items) != len(sel.SelectExprs) {
		return nil
	}
	out := make([]string, len(items))
	for k, item := range items {
		ae, ok := sel.SelectExprs[k].(*sqlparser.AliasedExpr)
		if ok && !ae.As.IsEmpty() && len(item) >= 2 {
			item = item[:len(item)-1]
			if last := item[len(item)-1]; last.kind == tWord && last.low == "as" {
				item = item[:len(item)-1]
			}
		}
		if len(item) == 0 {
			return nil
		}
		out[k] = strings.TrimSpace(src[item[0].start:item[len(item)-1].end])
	}
	return out
}

func isSelectModifier(w string) bool {
	switch w {
	case "distinct", "all", "distinctrow", "high_priority", "straight_join", "sql_small_result",
		"sql_big_result", "sql_buffer_result", "sql_no_cache", "sql_cache", "sql_calc_found_rows":
		return true
	}
	return false
}

func endsSelectList(w string) bool {
	switch w {
	case "from", "where", "group", "having", "order", "limit", "into", "for", "lock", "union", "procedure", "window":
		return true
	}
	return false
}
