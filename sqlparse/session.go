package sqlparse

// schemaEdits rewrites SCHEMA() as DATABASE(), its synonym, and quotes
// AUTO_INCREMENT: the library reads both as keywords only.
func schemaEdits(toks []token) []edit {
	var out []edit
	for i := range toks {
		t := toks[i]
		if t.kind == tWord && t.low == "schema" && !t.virt && i+2 < len(toks) && isPunct(toks[i+1], "(") && isPunct(toks[i+2], ")") &&
			(i == 0 || !isPunct(toks[i-1], ".")) {
			out = append(out, edit{t.start, t.end, "database"})
		}
		if t.kind == tWord && t.low == "auto_increment" && !t.virt {
			// A column name (information_schema.TABLES has one) the
			// library reads as a keyword; in DML it is only ever a name.
			out = append(out, edit{t.start, t.end, "`" + t.val + "`"})
		}
	}
	return out
}
