package sqlparse

import (
	"strconv"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// parser is a cursor over the tokens of one statement, for the statements
// we read ourselves (DDL, SHOW, transactions).
type parser struct {
	src  string
	toks []token
	pos  int
	stop func() error // see parse; nil when nothing can stop it
	// nested holds the parenthesised set operations nestedSets replaced
	// (Statement.Nested).
	nested []SetExpr
}

// peek returns the current token; past the end, a tEOF token placed just
// after the last one.
func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	end := 0
	if len(p.toks) > 0 {
		end = p.toks[len(p.toks)-1].end
	}
	return token{kind: tEOF, start: end, end: end}
}

func (p *parser) peekAt(n int) token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return token{kind: tEOF}
}

func (p *parser) next() token {
	t := p.peek()
	if p.pos < len(p.toks) {
		p.pos++
	}
	return t
}

func (p *parser) atEOF() bool { return p.pos >= len(p.toks) }

// isWord reports whether the current token is one of the unquoted words ws.
func (p *parser) isWord(ws ...string) bool {
	t := p.peek()
	if t.kind != tWord {
		return false
	}
	for _, w := range ws {
		if t.low == w {
			return true
		}
	}
	return false
}

// acceptWords consumes the sequence ws if it is all there, else nothing.
func (p *parser) acceptWords(ws ...string) bool {
	for i, w := range ws {
		t := p.peekAt(i)
		if t.kind != tWord || t.low != w {
			return false
		}
	}
	p.pos += len(ws)
	return true
}

func (p *parser) expectWords(ws ...string) error {
	for _, w := range ws {
		if !p.acceptWords(w) {
			return p.expected(strings.ToUpper(w))
		}
	}
	return nil
}

func (p *parser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == tPunct && t.val == s
}

func (p *parser) acceptPunct(s string) bool {
	if p.isPunct(s) {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expectPunct(s string) error {
	if !p.acceptPunct(s) {
		return p.expected("'" + s + "'")
	}
	return nil
}

// notNames are words that end a clause, so an unquoted one is never taken
// as a name (quote it to use it as one).
var notNames = map[string]bool{
	"on": true, "from": true, "to": true, "table": true, "index": true, "key": true, "primary": true,
	"unique": true, "foreign": true, "constraint": true, "references": true, "default": true,
	"not": true, "null": true, "select": true, "where": true, "set": true, "add": true, "drop": true,
	"if": true, "by": true, "using": true, "check": true, "like": true, "as": true, "in": true,
}

// ident reads an identifier: bare, `backticked` or "double-quoted".
func (p *parser) ident(what string) (string, error) {
	t := p.peek()
	switch {
	case t.kind == tWord && !notNames[t.low], t.kind == tQuoted, t.kind == tString && t.dq:
		p.pos++
		return t.val, nil
	}
	return "", p.expected(what)
}

// tableName reads [schema.]table and returns the table.
func (p *parser) tableName() (string, error) {
	name, err := p.ident("table name")
	if err != nil {
		return "", err
	}
	if p.acceptPunct(".") {
		return p.ident("table name")
	}
	return name, nil
}

// identList reads '(' name, ... ')'.
func (p *parser) identList(what string) ([]string, error) {
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	var out []string
	for {
		n, err := p.ident(what)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if !p.acceptPunct(",") {
			break
		}
	}
	return out, p.expectPunct(")")
}

// skipParens consumes a balanced '(' ... ')' and returns the text inside.
func (p *parser) skipParens() (string, error) {
	open := p.peek()
	if err := p.expectPunct("("); err != nil {
		return "", err
	}
	for depth := 1; ; {
		t := p.next()
		switch {
		case t.kind == tEOF:
			return "", p.errAt(open, sqlerr.Syntax, "unbalanced parentheses")
		case t.kind == tPunct && t.val == "(":
			depth++
		case t.kind == tPunct && t.val == ")":
			if depth--; depth == 0 {
				return strings.TrimSpace(p.src[open.end:t.start]), nil
			}
		}
	}
}

// acceptOptEq skips an optional '=' as in ENGINE=InnoDB.
func (p *parser) acceptOptEq() { p.acceptPunct("=") }

// integer reads an unsigned integer literal.
func (p *parser) integer(what string) (int64, error) {
	t := p.peek()
	if t.kind == tNumber {
		if n, err := strconv.ParseInt(t.val, 10, 64); err == nil {
			p.pos++
			return n, nil
		}
	}
	return 0, p.expected(what)
}

func (p *parser) stringLit(what string) (string, error) {
	t := p.peek()
	if t.kind != tString {
		return "", p.expected(what)
	}
	p.pos++
	return t.val, nil
}

// end checks that the statement is fully consumed.
func (p *parser) end() error {
	if !p.atEOF() {
		return p.unexpected()
	}
	return nil
}

func (p *parser) errAt(t token, code sqlerr.Code, format string, args ...any) error {
	return errAt(p.src, t, code, format, args...)
}

// unexpected reports the current token.
func (p *parser) unexpected() error {
	t := p.peek()
	if t.kind == tEOF {
		return p.errAt(t, sqlerr.Syntax, "unexpected end of statement")
	}
	return p.errAt(t, sqlerr.Syntax, "unexpected %q", shown(p.src, t.start, t.end))
}

// expected reports the current token and what should have been there.
func (p *parser) expected(what string) error {
	t := p.peek()
	if t.kind == tEOF {
		return p.errAt(t, sqlerr.Syntax, "unexpected end of statement, expecting %s", what)
	}
	return p.errAt(t, sqlerr.Syntax, "unexpected %q, expecting %s", shown(p.src, t.start, t.end), what)
}

// unsupportedHere reports the current token as an unsupported construct.
func (p *parser) unsupportedHere(what string) error {
	return p.errAt(p.peek(), sqlerr.Unsupported, "%s", what)
}
