package sqlparse

import "strings"

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

// Pending splits what an interactive client has read so far: done are the
// statements ended by a semicolon (as Split returns them), rest is the text
// after the last one (empty when it holds only blanks and comments), and
// open tells what rest leaves open at its end: "'", "\"" or "`" for a quote,
// "/*" for a comment, "(" for a parenthesis, "" for nothing. Text with any
// other lexical error is done when it ends with a semicolon (the driver
// then reports the error with its position) and is rest otherwise.
func Pending(sql string) (done []string, rest string, open string) {
	toks, errAt, err := scan(sql, nil)
	if err == nil {
		errAt = len(sql)
	}
	start, depth, empty := 0, 0, true
	for _, t := range toks {
		switch {
		case t.kind == tPunct && t.val == ";" && !t.virt:
			if !empty {
				done = append(done, sql[start:t.start])
			}
			start, depth, empty = t.end, 0, true
			continue
		case t.kind == tPunct && t.val == "(":
			depth++
		case t.kind == tPunct && t.val == ")":
			depth--
		}
		empty = false
	}
	if err != nil {
		if errAt < len(sql) {
			switch c := sql[errAt]; {
			case c == '\'' || c == '"' || c == '`':
				return done, sql[start:], string(c)
			case strings.HasPrefix(sql[errAt:], "/*"):
				return done, sql[start:], "/*"
			}
		}
		if t := strings.TrimRight(sql[start:], " \t\r\n"); strings.HasSuffix(t, ";") {
			return append(done, strings.TrimSuffix(t, ";")), "", ""
		}
		return done, sql[start:], ""
	}
	if empty {
		return done, "", ""
	}
	if depth > 0 {
		open = "("
	}
	return done, sql[start:], open
}
