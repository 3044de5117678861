package sqlparse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// span records where an edit landed in the rewritten text, so positions the
// parser reports can be mapped back to the original.
type span struct{ newStart, newEnd, oldStart, oldEnd int }

// rewritten is text derived from src[base:limit] by a list of edits.
type rewritten struct {
	text  string
	base  int
	spans []span
}

func applyEdits(src string, base, limit int, edits []edit) rewritten {
	var b strings.Builder
	r := rewritten{base: base}
	at := base
	for _, e := range edits {
		b.WriteString(src[at:e.start])
		ns := b.Len()
		b.WriteString(e.text)
		r.spans = append(r.spans, span{ns, b.Len(), e.start, e.end})
		at = e.end
	}
	b.WriteString(src[at:limit])
	r.text = b.String()
	return r
}

// orig maps an offset in the rewritten text to one in the original.
func (r rewritten) orig(off int) int {
	o := r.base + off
	for _, s := range r.spans {
		switch {
		case off >= s.newEnd:
			o = off - s.newEnd + s.oldEnd
		case off >= s.newStart:
			return s.oldStart
		default:
			return o
		}
	}
	return o
}

// params is what the placeholder scan found.
type params struct {
	positional int
	names      []string
	at         map[string]bool // names written @name (a user variable when no argument has the name)
	edits      []edit
}

// reservedName matches named parameters that would read as positional ones
// once normalised (the planner maps :vN to argument N).
var reservedName = regexp.MustCompile(`^v[0-9]+$`)

// scanParams numbers the placeholders of toks and plans their rewrite:
// ?, $N -> :vN and @name -> :name. A statement uses one style only.
func scanParams(src string, toks []token) (params, error) {
	var p params
	var firstQ, firstDollar, firstNamed *token
	seen := map[string]bool{}
	for i := range toks {
		t := &toks[i]
		if t.virt && (t.kind == tParam || t.kind == tAt || t.kind == tDollar) {
			return p, errAt(src, *t, sqlerr.Unsupported, "parameters inside /*! ... */ comments")
		}
		switch t.kind {
		case tParam:
			if src[t.start] == '?' {
				if firstQ == nil {
					firstQ = t
				}
				p.positional++
				p.edits = append(p.edits, edit{t.start, t.end, fmt.Sprintf(":v%d", p.positional)})
				continue
			}
			name := t.val[1:]
			if firstNamed == nil {
				firstNamed = t
			}
			if err := p.addName(src, t, name, seen); err != nil {
				return p, err
			}
		case tAt:
			if firstNamed == nil {
				firstNamed = t
			}
			if t.val == "" {
				return p, errAt(src, *t, sqlerr.Syntax, "parameter name expected after '@'")
			}
			if err := p.addName(src, t, t.val, seen); err != nil {
				return p, err
			}
			p.edits = append(p.edits, edit{t.start, t.end, ":" + t.val})
			if p.at == nil {
				p.at = map[string]bool{}
			}
			p.at[t.val] = true
		case tDollar:
			if firstDollar == nil {
				firstDollar = t
			}
			n, err := strconv.Atoi(t.val)
			if err != nil || n < 1 || n > 65535 {
				return p, errAt(src, *t, sqlerr.Args, "parameter $%s out of range: parameters are numbered from $1", t.val)
			}
			p.positional = max(p.positional, n)
			p.edits = append(p.edits, edit{t.start, t.end, ":v" + t.val})
		case tList:
			return p, errAt(src, *t, sqlerr.Unsupported, "list parameters (%s)", t.val)
		}
	}
	switch {
	case firstQ != nil && firstDollar != nil:
		second := later(firstQ, firstDollar)
		return p, errAt(src, *second, sqlerr.Args, "cannot mix ? and $N parameters in one statement")
	case firstNamed != nil && (firstQ != nil || firstDollar != nil):
		pos := firstQ
		if pos == nil {
			pos = firstDollar
		}
		second := later(firstNamed, pos)
		return p, errAt(src, *second, sqlerr.Args, "cannot mix positional and named parameters in one statement")
	}
	return p, nil
}

func (p *params) addName(src string, t *token, name string, seen map[string]bool) error {
	if reservedName.MatchString(name) {
		return errAt(src, *t, sqlerr.Args, "parameter name %q is reserved for positional parameters; choose another name", name)
	}
	if !seen[name] {
		seen[name] = true
		p.names = append(p.names, name)
	}
	return nil
}

func later(a, b *token) *token {
	if a.start > b.start {
		return a
	}
	return b
}

// errAt returns an error positioned at t's start in the original text.
func errAt(src string, t token, code sqlerr.Code, format string, args ...any) error {
	line, col := lineCol(src, t.start)
	return sqlerr.At(code, line, col, format, args...)
}
