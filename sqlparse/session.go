package sqlparse

// schemaEdits rewrites SCHEMA() as DATABASE(), its synonym, which the
// library cannot read (SCHEMA is a keyword to it).
func schemaEdits(toks []token) []edit {
	var out []edit
	for i := 0; i+2 < len(toks); i++ {
		t := toks[i]
		if t.kind == tWord && t.low == "schema" && !t.virt && isPunct(toks[i+1], "(") && isPunct(toks[i+2], ")") &&
			(i == 0 || !isPunct(toks[i-1], ".")) {
			out = append(out, edit{t.start, t.end, "database"})
		}
	}
	return out
}
