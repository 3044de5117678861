package sqlparse

import (
	"strconv"
	"strings"
)

// Names of the calls that funcEdits writes for syntax the library rejects.
// The planner binds them; they are not meant to be called directly.
const (
	// FuncCast(x, 'type') is CAST(x AS type) / CONVERT(x, type) for the
	// types the library's grammar lacks: DOUBLE, FLOAT[(p)] and REAL.
	FuncCast = "sqlmongo_cast"
	// FuncTrim('BOTH'|'LEADING'|'TRAILING', remstr, s) is
	// TRIM([BOTH|LEADING|TRAILING] [remstr] FROM s); remstr is ' ' when
	// omitted.
	FuncTrim = "sqlmongo_trim"
)

// funcEdits rewrites the special call syntaxes of MySQL that the library
// rejects into plain calls, editing only keywords and punctuation so that
// every argument keeps its place (and error positions stay meaningful):
//
//	CAST(x AS DOUBLE)             -> sqlmongo_cast(x , 'double')
//	CONVERT(x, FLOAT)             -> sqlmongo_cast(x, 'float')
//	SUBSTRING(s FROM p FOR n)     -> mid(s , p , n)   (also SUBSTR; any first argument)
//	TRIM(LEADING r FROM s)        -> sqlmongo_trim('LEADING', r , s)
//	TRIM(r FROM s)                -> sqlmongo_trim('BOTH', r , s)
//	POSITION(a IN b)              -> locate(a , b)
func funcEdits(toks []token) []edit {
	var out []edit
	for i := 0; i+1 < len(toks); i++ {
		t := toks[i]
		if t.kind != tWord || !isPunct(toks[i+1], "(") || i > 0 && isPunct(toks[i-1], ".") {
			continue
		}
		switch t.low {
		case "cast", "convert", "substring", "substr", "trim", "position":
		default:
			continue
		}
		closeAt := matchParen(toks, i+1)
		if closeAt < 0 || anyVirt(toks[i:closeAt+1]) {
			continue
		}
		// Indexes of the tokens at depth 1 of the call.
		var args []int
		depth := 0
		for j := i + 2; j < closeAt; j++ {
			if depth == 0 {
				args = append(args, j)
			}
			switch {
			case isPunct(toks[j], "("):
				depth++
			case isPunct(toks[j], ")"):
				depth--
			}
		}
		first := func(word string) int {
			for _, j := range args {
				if toks[j].kind == tWord && toks[j].low == word {
					return j
				}
			}
			return -1
		}
		switch t.low {
		case "cast", "convert":
			sep := first("as")
			if t.low == "convert" {
				sep = -1
				for _, j := range args {
					if isPunct(toks[j], ",") {
						sep = j
						break
					}
				}
			}
			if sep < 0 || sep+1 >= closeAt {
				continue
			}
			typ, end, ok := castDoubleType(toks[sep+1 : closeAt])
			if !ok {
				continue
			}
			last := toks[sep+1+end]
			lit := "'" + typ + "'"
			if t.low == "cast" {
				out = append(out, edit{t.start, t.end, FuncCast}, edit{toks[sep].start, last.end, ", " + lit})
			} else {
				out = append(out, edit{t.start, t.end, FuncCast}, edit{toks[sep+1].start, last.end, lit})
			}
		case "substring", "substr":
			out = append(out, edit{t.start, t.end, "mid"})
			for _, j := range args {
				if toks[j].kind == tWord && (toks[j].low == "from" || toks[j].low == "for") && j > i+2 {
					out = append(out, edit{toks[j].start, toks[j].end, ","})
				}
			}
		case "trim":
			from := first("from")
			if from < 0 || from == i+2 {
				continue // TRIM(s), or a syntax error left to the library
			}
			m := toks[i+2]
			mode := ""
			if m.kind == tWord && (m.low == "both" || m.low == "leading" || m.low == "trailing") {
				mode = strings.ToUpper(m.low)
			}
			out = append(out, edit{t.start, t.end, FuncTrim})
			switch {
			case mode == "":
				out = append(out, edit{toks[i+1].start, toks[i+1].end, "('BOTH', "},
					edit{toks[from].start, toks[from].end, ","})
			case from == i+3: // TRIM(LEADING FROM s): spaces
				out = append(out, edit{m.start, toks[from].end, "'" + mode + "', ' ',"})
			default:
				out = append(out, edit{m.start, m.end, "'" + mode + "',"},
					edit{toks[from].start, toks[from].end, ","})
			}
		case "position":
			if in := first("in"); in > i+2 {
				out = append(out, edit{t.start, t.end, "locate"}, edit{toks[in].start, toks[in].end, ","})
			}
		}
	}
	return out
}

// castDoubleType reads the target type of a CAST that the library lacks
// (DOUBLE, FLOAT, FLOAT(p) with p <= 53, REAL) from the tokens after AS
// up to the closing parenthesis; end is the index of its last token.
func castDoubleType(ts []token) (typ string, end int, ok bool) {
	if len(ts) == 0 || ts[0].kind != tWord {
		return "", 0, false
	}
	switch ts[0].low {
	case "double", "real":
		return ts[0].low, 0, len(ts) == 1
	case "float":
		if len(ts) == 1 {
			return "float", 0, true
		}
		if len(ts) == 4 && isPunct(ts[1], "(") && ts[2].kind == tNumber && isPunct(ts[3], ")") {
			if p, err := strconv.Atoi(ts[2].val); err == nil && p >= 0 && p <= 53 {
				return "float", 3, true
			}
		}
	}
	return "", 0, false
}

func isPunct(t token, s string) bool { return t.kind == tPunct && t.val == s }

// matchParen returns the index of the ')' closing the '(' at open, or -1.
func matchParen(toks []token, open int) int {
	depth := 0
	for j := open; j < len(toks); j++ {
		switch {
		case isPunct(toks[j], "("):
			depth++
		case isPunct(toks[j], ")"):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func anyVirt(ts []token) bool {
	for _, t := range ts {
		if t.virt {
			return true
		}
	}
	return false
}
