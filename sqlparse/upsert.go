package sqlparse

// upsertEdits rewrites the forms of INSERT, REPLACE and DELETE that tools
// send and the library's grammar lacks, into ones it reads the same way:
//
//	INSERT INTO t () VALUES ()                 -> INSERT INTO t  VALUES ()
//	DELETE FROM t AS u WHERE u.x = 1           -> DELETE u FROM t AS u WHERE u.x = 1
//	INSERT … VALUES (…) AS new ON DUPLICATE KEY UPDATE c = new.c
//	                                           -> INSERT … VALUES (…)  ON DUPLICATE KEY UPDATE c = values(c)
func upsertEdits(toks []token) []edit {
	if len(toks) < 3 || toks[0].virt {
		return nil
	}
	switch toks[0].low {
	case "insert", "replace":
		return insertEdits(toks)
	case "delete":
		return deleteAliasEdits(toks)
	}
	return nil
}

func insertEdits(toks []token) []edit {
	var out []edit
	i := 1
	for i < len(toks) && toks[i].kind == tWord && !toks[i].virt {
		switch toks[i].low {
		case "low_priority", "delayed", "high_priority", "ignore", "into":
			i++
			continue
		}
		break
	}
	// The table name, maybe qualified.
	if i >= len(toks) || (toks[i].kind != tWord && toks[i].kind != tQuoted) {
		return nil
	}
	i++
	if i+1 < len(toks) && isPunct(toks[i], ".") {
		i += 2
	}
	if i+1 < len(toks) && isPunct(toks[i], "(") && isPunct(toks[i+1], ")") && !toks[i].virt {
		out = append(out, edit{toks[i].start, toks[i+1].end, ""})
	}
	// The row alias: a word after VALUES' last tuple, before ON.
	for j := i; j+3 < len(toks); j++ {
		if !(isPunct(toks[j], ")") && toks[j+1].kind == tWord && toks[j+1].low == "as" && !toks[j+1].virt) {
			continue
		}
		alias := toks[j+2]
		if (alias.kind != tWord && alias.kind != tQuoted) || toks[j+3].kind != tWord || toks[j+3].low != "on" {
			continue
		}
		if !valuesBefore(toks[:j+1]) {
			return out
		}
		out = append(out, edit{toks[j+1].start, alias.end, ""})
		for k := j + 4; k+2 < len(toks); k++ {
			q, dot, col := toks[k], toks[k+1], toks[k+2]
			if (q.kind == tWord || q.kind == tQuoted) && EqualFold(q.val, alias.val) && isPunct(dot, ".") &&
				(col.kind == tWord || col.kind == tQuoted) && (k == 0 || !isPunct(toks[k-1], ".")) {
				out = append(out, edit{q.start, col.end, "values(`" + col.val + "`)"})
				k += 2
			}
		}
		return out
	}
	return out
}

// valuesBefore reports a VALUES/VALUE keyword at depth 0 in toks.
func valuesBefore(toks []token) bool {
	return atDepth0(toks, func(i int) bool { return toks[i].kind == tWord && (toks[i].low == "values" || toks[i].low == "value") }) >= 0
}

func deleteAliasEdits(toks []token) []edit {
	i := 1
	for i < len(toks) && toks[i].kind == tWord && (toks[i].low == "low_priority" || toks[i].low == "quick" || toks[i].low == "ignore") {
		i++
	}
	if i+2 >= len(toks) || toks[i].low != "from" || toks[i].kind != tWord {
		return nil
	}
	i++ // the table
	if toks[i].kind != tWord && toks[i].kind != tQuoted {
		return nil
	}
	j := i + 1
	if j+1 < len(toks) && isPunct(toks[j], ".") {
		j += 2
	}
	if j < len(toks) && toks[j].kind == tWord && toks[j].low == "as" {
		j++
	}
	if j >= len(toks) || j == i+1 && toks[j].kind == tWord && isClauseWord(toks[j].low) {
		return nil
	}
	a := toks[j]
	if a.virt || (a.kind != tWord && a.kind != tQuoted) || a.kind == tWord && isClauseWord(a.low) {
		return nil
	}
	return []edit{{toks[0].start, toks[0].end, toks[0].val + " `" + a.val + "`"}}
}

func isClauseWord(w string) bool {
	switch w {
	case "where", "order", "limit", "partition", "using":
		return true
	}
	return false
}

// EqualFold compares names as MySQL compares column names: ASCII letters
// without case (strings.EqualFold would also fold other scripts).
func EqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
