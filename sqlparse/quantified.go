package sqlparse

// Names of the calls quantifiedEdits writes: x op sqlmongo_any((SELECT …))
// stands for x op ANY (SELECT …) (and SOME), sqlmongo_all for ALL.
const (
	FuncAny = "sqlmongo_any"
	FuncAll = "sqlmongo_all"
)

// quantifiedEdits rewrites the quantified comparisons the library rejects
// into calls around the subquery, keeping every token in its place:
//
//	x > ANY (SELECT …)  -> x > sqlmongo_any((SELECT …))
//	x = SOME (SELECT …) -> x = sqlmongo_any((SELECT …))
//	x <> ALL (SELECT …) -> x <> sqlmongo_all((SELECT …))
func quantifiedEdits(toks []token) []edit {
	var out []edit
	for i := 1; i+2 < len(toks); i++ {
		t := toks[i]
		if t.kind != tWord || !isComparison(toks[i-1]) || !isPunct(toks[i+1], "(") {
			continue
		}
		name := ""
		switch t.low {
		case "any", "some":
			name = FuncAny
		case "all":
			name = FuncAll
		default:
			continue
		}
		if next := toks[i+2]; !(next.kind == tWord && next.low == "select") && !isPunct(next, "(") {
			continue
		}
		closeAt := matchParen(toks, i+1)
		if closeAt < 0 || anyVirt(toks[i:closeAt+1]) {
			continue
		}
		out = append(out, edit{t.start, t.end, name + "("}, edit{toks[closeAt].end, toks[closeAt].end, ")"})
	}
	return out
}

func isComparison(t token) bool {
	if t.kind != tPunct {
		return false
	}
	switch t.val {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
		return true
	}
	return false
}
