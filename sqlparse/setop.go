package sqlparse

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// SetKind is the operator of a set operation.
type SetKind uint8

// The set operators.
const (
	Union SetKind = iota + 1
	Intersect
	Except
)

func (k SetKind) String() string {
	switch k {
	case Union:
		return "UNION"
	case Intersect:
		return "INTERSECT"
	case Except:
		return "EXCEPT"
	}
	return "?"
}

// SetExpr is an operand of a set operation: *SetSelect, *SetOp or
// *SetQuery (a parenthesised operand with its own ORDER BY/LIMIT).
type SetExpr interface{ isSetExpr() }

// SetSelect is one SELECT of a set operation, as the library parsed it
// (with its own ORDER BY/LIMIT when it was parenthesised). Texts is its
// select list as written (Statement.SelectTexts of a lone SELECT).
type SetSelect struct {
	Select *sqlparser.Select
	Texts  []string
}

// SetOp is Left op [ALL] Right.
type SetOp struct {
	Op          SetKind
	All         bool
	Left, Right SetExpr
}

// SetQuery is a query expression with an ORDER BY and/or LIMIT over its
// whole result: Statement.SetQuery, and parenthesised operands such as
// ((SELECT …) UNION (SELECT …) ORDER BY 1 LIMIT 2).
type SetQuery struct {
	Body    SetExpr
	OrderBy sqlparser.OrderBy
	Limit   *sqlparser.Limit
}

func (*SetSelect) isSetExpr() {}
func (*SetOp) isSetExpr()     {}
func (*SetQuery) isSetExpr()  {}

// isSetStatement reports whether a SELECT statement's tokens are a set
// operation or start with a parenthesis: a set keyword outside any
// parentheses (those inside are subqueries, which the library parses).
func isSetStatement(toks []token) bool {
	return isPunct(toks[0], "(") || atDepth0(toks, func(i int) bool { return setKind(toks[i]) != 0 }) >= 0
}

// atDepth0 returns the index of the first token outside parentheses for
// which match is true, or -1.
func atDepth0(toks []token, match func(i int) bool) int {
	depth := 0
	for i, t := range toks {
		switch {
		case isPunct(t, "("):
			depth++
		case isPunct(t, ")"):
			depth--
		case depth == 0 && match(i):
			return i
		}
	}
	return -1
}

func setKind(t token) SetKind {
	if t.kind != tWord || t.virt {
		return 0
	}
	switch t.low {
	case "union":
		return Union
	case "intersect":
		return Intersect
	case "except":
		return Except
	}
	return 0
}

// setParser reads a set operation by recursive descent over the tokens,
// with MySQL 8's grammar:
//
//	query   = body [ORDER BY …] [LIMIT …]
//	body    = term {(UNION | EXCEPT) [ALL | DISTINCT] term}
//	term    = primary {INTERSECT [ALL | DISTINCT] primary}
//	primary = SELECT … | "(" query ")"
//
// Only the SELECTs are parsed by the library, each from its own span of
// the text with the statement's rewrites (edits, numbered placeholders)
// applied, so positions in errors stay those of the whole statement and
// the n-th ? is argument n whichever operand holds it.
type setParser struct {
	p     *parser
	toks  []token
	edits []edit
	i     int
}

// setStatement parses a SELECT statement that isSetStatement accepted.
func (p *parser) setStatement(toks []token, edits []edit, prm params, explain bool) (*Statement, error) {
	s := &setParser{p: p, toks: toks, edits: edits}
	e, err := s.query(len(toks))
	if err != nil {
		return nil, err
	}
	st := &Statement{Kind: KindSelect, Explain: explain, NumPositional: prm.positional, Names: prm.names, AtNames: prm.at, Nested: p.nested}
	switch e := e.(type) {
	case *SetSelect:
		// A lone parenthesised SELECT is a SELECT.
		st.AST, st.SelectTexts = e.Select, e.Texts
	case *SetQuery:
		st.SetQuery = e
	default:
		st.SetQuery = &SetQuery{Body: e}
	}
	return st, nil
}

// query reads a query expression ending at token hi.
func (s *setParser) query(hi int) (SetExpr, error) {
	first := s.i
	var left SetExpr
	for {
		t, err := s.term(hi, s.i == first)
		if err != nil {
			return nil, err
		}
		if left == nil {
			left = t
		} else {
			left.(*SetOp).Right = t
		}
		if s.i >= hi {
			break
		}
		k := setKind(s.toks[s.i])
		if k != Union && k != Except {
			break
		}
		s.i++
		left = &SetOp{Op: k, All: s.all(hi), Left: left}
	}
	if s.i >= hi {
		return left, nil
	}
	t := s.toks[s.i]
	if t.kind != tWord || t.low != "order" && t.low != "limit" {
		return nil, s.p.errAt(t, sqlerr.Syntax, "unexpected %q", shown(s.p.src, t.start, t.end))
	}
	q := &SetQuery{Body: left}
	if err := s.orderLimit(s.i, hi, q); err != nil {
		return nil, err
	}
	s.i = hi
	return q, nil
}

// term reads primaries joined by INTERSECT, which binds tighter.
func (s *setParser) term(hi int, first bool) (SetExpr, error) {
	left, err := s.primary(hi, first)
	if err != nil {
		return nil, err
	}
	for s.i < hi && setKind(s.toks[s.i]) == Intersect {
		s.i++
		op := &SetOp{Op: Intersect, All: s.all(hi), Left: left}
		if op.Right, err = s.primary(hi, false); err != nil {
			return nil, err
		}
		left = op
	}
	return left, nil
}

// all reads the optional ALL or DISTINCT after a set keyword.
func (s *setParser) all(hi int) bool {
	if s.i < hi && s.toks[s.i].kind == tWord {
		switch s.toks[s.i].low {
		case "all":
			s.i++
			return true
		case "distinct":
			s.i++
		}
	}
	return false
}

// primary reads a parenthesised query or a SELECT. An unparenthesised
// SELECT runs to the next set keyword outside parentheses; when it is
// not the first operand, an ORDER BY or LIMIT in it belongs to the whole
// query (MySQL's rule), so its span stops there. Before a set keyword an
// ORDER BY or LIMIT is MySQL's error 1221.
func (s *setParser) primary(hi int, first bool) (SetExpr, error) {
	if s.i >= hi {
		return nil, s.endError(hi)
	}
	t := s.toks[s.i]
	if isPunct(t, "(") {
		closeAt := matchParen(s.toks[:hi], s.i)
		if closeAt < 0 {
			return nil, s.p.errAt(t, sqlerr.Syntax, "unbalanced parenthesis")
		}
		if closeAt == s.i+1 {
			return nil, s.p.errAt(s.toks[closeAt], sqlerr.Syntax, "unexpected %q", ")")
		}
		s.i++
		e, err := s.query(closeAt)
		if err != nil {
			return nil, err
		}
		s.i = closeAt + 1
		return e, nil
	}
	if t.kind != tWord || t.low != "select" {
		return nil, s.p.errAt(t, sqlerr.Syntax, "unexpected %q", shown(s.p.src, t.start, t.end))
	}
	start, end := s.i, hi
	if k := atDepth0(s.toks[start:hi], func(i int) bool { return setKind(s.toks[start+i]) != 0 }); k >= 0 {
		end = start + k
	}
	cut := atDepth0(s.toks[start:end], func(i int) bool {
		u := s.toks[start+i]
		return u.kind == tWord && (u.low == "limit" || u.low == "order" && start+i+1 < end && s.toks[start+i+1].kind == tWord && s.toks[start+i+1].low == "by")
	})
	stop := end
	if cut >= 0 {
		cut += start
		if end < hi {
			what := "ORDER BY"
			if s.toks[cut].low == "limit" {
				what = "LIMIT"
			}
			e := sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrWrongUsage, "Incorrect usage of %s and %s: put the SELECT in parentheses",
				setKind(s.toks[end]), what)
			e.Line, e.Col = lineCol(s.p.src, s.toks[cut].start)
			return nil, e
		}
		if !first {
			stop = cut
		}
	}
	sel, err := s.selectSpan(start, stop)
	if err != nil {
		return nil, err
	}
	s.i = stop
	return sel, nil
}

func (s *setParser) endError(hi int) error {
	if hi < len(s.toks) {
		t := s.toks[hi]
		return s.p.errAt(t, sqlerr.Syntax, "unexpected %q", shown(s.p.src, t.start, t.end))
	}
	return s.p.errAt(token{start: len(s.p.src)}, sqlerr.Syntax, "unexpected end of statement")
}

// rewrite applies the statement's edits that fall in toks[lo:hi].
func (s *setParser) rewrite(lo, hi int) rewritten {
	from, to := s.toks[lo].start, s.toks[hi-1].end
	var in []edit
	for _, e := range s.edits {
		if e.start >= from && e.end <= to {
			in = append(in, e)
		}
	}
	return applyEdits(s.p.src, from, to, in)
}

// selectSpan parses toks[lo:hi], one SELECT, with the library.
func (s *setParser) selectSpan(lo, hi int) (*SetSelect, error) {
	rw := s.rewrite(lo, hi)
	ast, err := s.parseText(rw)
	if err != nil {
		return nil, err
	}
	sel, ok := ast.(*sqlparser.Select)
	if !ok {
		return nil, s.p.errAt(s.toks[lo], sqlerr.Syntax, "a SELECT was expected here")
	}
	return &SetSelect{Select: sel, Texts: selectTexts(s.p.src, s.toks[lo:hi], sel)}, nil
}

func (s *setParser) parseText(rw rewritten) (sqlparser.Statement, error) {
	if err := s.p.stopped(); err != nil {
		return nil, err
	}
	ast, err := parseDML(rw.text)
	if err != nil {
		return nil, s.p.mapParseError(rw, err)
	}
	if err := checkDepth(ast, s.p.stop); err != nil {
		return nil, err
	}
	return ast, nil
}

// orderLimitPrefix turns a trailing "ORDER BY … LIMIT …" into a SELECT the
// library parses: its clauses are the ones the whole query takes.
const orderLimitPrefix = "select 1 from dual "

// orderLimit parses toks[lo:hi], ORDER BY and/or LIMIT of a whole query,
// by parsing them after orderLimitPrefix: the library has no entry point
// for the clauses alone. The prefix is recorded as an edit of the empty
// text before the clause, so an error maps back into the statement.
func (s *setParser) orderLimit(lo, hi int, q *SetQuery) error {
	rw := s.rewrite(lo, hi)
	n := len(orderLimitPrefix)
	spans := []span{{0, n, rw.base, rw.base}}
	for _, sp := range rw.spans {
		spans = append(spans, span{sp.newStart + n, sp.newEnd + n, sp.oldStart, sp.oldEnd})
	}
	rw = rewritten{text: orderLimitPrefix + rw.text, base: rw.base - n, spans: spans}
	ast, err := s.parseText(rw)
	if err != nil {
		return err
	}
	sel, ok := ast.(*sqlparser.Select)
	if !ok || sel.Where != nil || sel.GroupBy != nil || sel.Having != nil || sel.Lock != "" {
		return s.p.errAt(s.toks[lo], sqlerr.Syntax, "only ORDER BY and LIMIT may follow a set operation")
	}
	q.OrderBy, q.Limit = sel.OrderBy, sel.Limit
	return nil
}
