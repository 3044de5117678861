package sqlparse

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// NestedSetTable prefixes the table name that stands for a set operation
// with INTERSECT or EXCEPT inside parentheses (a subquery, a derived
// table), which the library cannot parse: the parenthesised text becomes
// SELECT * FROM sqlmongo_set_N, and Statement.Nested[N] holds the set
// operation, parsed by the set parser.
const NestedSetTable = "sqlmongo_set_"

// NestedIndex returns N of a table named NestedSetTable+N.
func NestedIndex(table string) (int, bool) {
	if !strings.HasPrefix(table, NestedSetTable) {
		return 0, false
	}
	n, err := strconv.Atoi(table[len(NestedSetTable):])
	return n, err == nil
}

// nestedSets finds the outermost parenthesised queries of toks (not the
// statement itself) that hold INTERSECT or EXCEPT at their own level,
// parses each with the set parser (with edits, the statement's other
// rewrites) and returns the edits that replace their text.
func (p *parser) nestedSets(toks []token, edits []edit) ([]edit, error) {
	var out []edit
	for i := 1; i+1 < len(toks); i++ {
		if !isPunct(toks[i], "(") {
			continue
		}
		next := toks[i+1]
		if !(next.kind == tWord && next.low == "select") && !isPunct(next, "(") {
			continue
		}
		closeAt := matchParen(toks, i)
		if closeAt < 0 || closeAt == i+1 {
			continue
		}
		inner := toks[i+1 : closeAt]
		if atDepth0(inner, func(j int) bool { k := setKind(inner[j]); return k == Intersect || k == Except }) < 0 {
			continue
		}
		s := &setParser{p: p, toks: toks, edits: edits, i: i + 1}
		e, err := s.query(closeAt)
		if err != nil {
			return nil, err
		}
		text := fmt.Sprintf("select * from %s%d", NestedSetTable, len(p.nested))
		p.nested = append(p.nested, e)
		out = append(out, edit{toks[i+1].start, toks[closeAt-1].end, text})
		i = closeAt
	}
	return out, nil
}

// derivedAlias refuses a derived table without an alias (FROM (SELECT
// …) with no name after it), with MySQL's error 1248, where the library
// would report a bare syntax error.
func (p *parser) derivedAlias(toks []token, i int) error {
	if i+2 >= len(toks) || !isPunct(toks[i+1], "(") || !(toks[i+2].kind == tWord && toks[i+2].low == "select") {
		return nil
	}
	closeAt := matchParen(toks, i+1)
	if closeAt < 0 {
		return nil
	}
	if closeAt+1 < len(toks) {
		switch n := toks[closeAt+1]; {
		case n.kind == tQuoted, n.kind == tWord && !derivedFollower[n.low]:
			return nil
		}
	}
	e := sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrDerivedAlias, "every derived table must have its own alias")
	e.Line, e.Col = lineCol(p.src, toks[closeAt].start)
	return e
}

// derivedFollower lists the keywords that may follow a FROM item, so a
// derived table followed by one of them has no alias.
var derivedFollower = map[string]bool{
	"where": true, "group": true, "having": true, "order": true, "limit": true, "join": true,
	"inner": true, "left": true, "right": true, "cross": true, "natural": true, "straight_join": true,
	"on": true, "using": true, "union": true, "intersect": true, "except": true, "for": true, "lock": true,
}
