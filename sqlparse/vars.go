package sqlparse

import (
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// Assignment is one assignment of a SET statement other than the
// transaction settings: a user variable (SET @x = 5), a system variable
// (SET [SESSION] sql_mode = …, SET @@session.time_zone = …), SET NAMES
// (Name "names", Collate from its COLLATE clause) or SET CHARACTER SET
// (Name "character set").
type Assignment struct {
	Name   string // lower case; a user variable's without the '@'
	User   bool   // @name
	Global bool   // SET GLOBAL / PERSIST / @@global.
	// Value is the SQL text of the value expression, to evaluate as a
	// select expression; "" when the value is the bare word Word (ON,
	// SYSTEM, DEFAULT, utf8mb4, TRADITIONAL), which a system variable takes
	// as a string as MySQL does.
	Value, Word string
	Collate     string
	params      int // ? placeholders in Value
}

// setSpecial reads SET NAMES and SET CHARACTER SET / CHARSET.
func (p *parser) setSpecial() (Assignment, bool, error) {
	var a Assignment
	switch {
	case p.acceptWords("names"):
		a.Name = "names"
	case p.acceptWords("character", "set"), p.acceptWords("charset"):
		a.Name = "character set"
	default:
		return a, false, nil
	}
	t := p.next()
	switch t.kind {
	case tWord, tString, tQuoted:
		a.Word = t.val
	default:
		p.pos--
		return a, false, p.expected("a character set name")
	}
	if a.Name == "names" && p.acceptWords("collate") {
		t := p.next()
		if t.kind != tWord && t.kind != tString && t.kind != tQuoted {
			p.pos--
			return a, false, p.expected("a collation name")
		}
		a.Collate = t.val
	}
	return a, true, nil
}

// assignment reads "= value" after a SET target; name is "" unless
// setVariable read a system variable.
func (p *parser) assignment(scope, name string, at token) (Assignment, error) {
	a := Assignment{Name: name, Global: scope == "global"}
	if name == "" {
		t := p.peek()
		if t.kind != tAt || t.val == "" || scope != "" {
			return a, p.expected("a variable name")
		}
		p.pos++
		a.Name, a.User = strings.ToLower(t.val), true
	}
	if !p.acceptPunct("=") {
		return a, p.expected("'='")
	}
	first := p.pos
	depth := 0
	for !p.atEOF() && (depth > 0 || !p.isPunct(",")) {
		switch t := p.next(); {
		case t.kind == tPunct && t.val == "(":
			depth++
		case t.kind == tPunct && t.val == ")":
			depth--
		case t.kind == tParam && p.src[t.start] == '?':
			a.params++
		case t.kind == tParam || t.kind == tDollar:
			return a, p.errAt(t, sqlerr.Unsupported, "parameters other than ? in SET")
		}
	}
	toks := p.toks[first:p.pos]
	switch {
	case len(toks) == 0:
		return a, p.expected("a value")
	case len(toks) == 1 && toks[0].kind == tWord && !a.User && !strings.HasPrefix(toks[0].val, "@@"):
		a.Word = toks[0].val
		return a, nil
	}
	virt := false
	for _, t := range toks {
		virt = virt || t.virt
	}
	if !virt {
		a.Value = p.src[toks[0].start:toks[len(toks)-1].end]
		return a, nil
	}
	// Inside /*! … */ the tokens carry no usable offsets: rebuild the text.
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.val
		if t.kind == tString {
			parts[i] = "'" + strings.ReplaceAll(t.val, "'", "''") + "'"
		}
	}
	a.Value = strings.Join(parts, " ")
	return a, nil
}
