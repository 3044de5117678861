package sqlparse

// Split cuts a script into its statements at the semicolons outside quotes
// and comments, as a MySQL client sends a file (golang-migrate's multi-
// statement migrations). Empty statements are dropped; each statement is
// returned as written, without its semicolon.
func Split(sql string) ([]string, error) {
	if err := checkUTF8(sql); err != nil {
		return nil, err
	}
	toks, err := lex(sql, nil)
	if err != nil {
		return nil, err
	}
	var out []string
	start, empty := 0, true
	for _, t := range toks {
		if t.kind == tPunct && t.val == ";" && !t.virt {
			if !empty {
				out = append(out, sql[start:t.start])
			}
			start, empty = t.end, true
			continue
		}
		empty = false
	}
	if !empty {
		out = append(out, sql[start:])
	}
	return out, nil
}
