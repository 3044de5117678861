package sqlparse

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// Parse parses exactly one statement (a single trailing ';' is allowed).
// Errors are *sqlerr.Error positioned in sql.
func Parse(sql string) (*Statement, error) { return parse(sql, nil) }

// parse is Parse; stop, when not nil, is called between the passes over
// the text and every few thousand tokens inside them, and its error ends
// the parse (see ParseContext).
func parse(sql string, stop func() error) (st *Statement, err error) {
	defer func() {
		if r := recover(); r != nil {
			st, err = nil, sqlerr.New(sqlerr.Internal, "parsing %.40q: %v", sql, r)
		}
	}()
	if err := checkUTF8(sql); err != nil {
		return nil, err
	}
	toks, err := lex(sql, stop)
	if err != nil {
		return nil, err
	}
	for i, t := range toks {
		if t.kind == tPunct && t.val == ";" {
			if i+1 < len(toks) {
				return nil, errAt(sql, toks[i+1], sqlerr.Syntax, "multiple statements are not supported: send one statement per call (an Exec without arguments may run several with the DSN option sqlmongo.multiStatements=true)")
			}
			toks = toks[:i]
		}
	}
	if len(toks) == 0 {
		return nil, sqlerr.New(sqlerr.Syntax, "empty statement")
	}
	p := &parser{src: sql, toks: toks, stop: stop}
	first := toks[0]
	if first.kind == tPunct && first.val == "(" {
		return p.dml(0, false)
	}
	if first.kind != tWord {
		return nil, p.unexpected()
	}
	switch first.low {
	case "select", "insert", "replace", "update", "delete":
		return p.dml(0, false)
	case "explain", "describe", "desc":
		return p.explain()
	case "create":
		return p.create()
	case "drop":
		return p.drop()
	case "alter":
		return p.alter()
	case "rename":
		return p.renameTable()
	case "truncate":
		return p.truncate()
	case "analyze":
		return p.analyze()
	case "show":
		return p.show()
	case "begin", "start", "commit", "rollback", "savepoint", "release":
		return p.transaction()
	case "set":
		return p.set()
	case "use":
		return p.use()
	case "with":
		return nil, errAt(sql, first, sqlerr.Unsupported, "common table expressions (WITH)")
	}
	what := strings.ToUpper(first.val)
	switch first.low {
	case "lock", "unlock":
		what += " TABLES"
	case "load":
		what += " DATA"
	case "grant", "revoke", "call", "do", "handler", "prepare", "execute", "deallocate", "flush", "kill",
		"optimize", "check", "repair", "checksum", "install", "uninstall", "xa", "import", "reset",
		"purge", "change", "cache", "signal", "resignal", "get", "help", "values", "table":
	default:
		// Not a statement MySQL knows: a typo rather than a missing feature.
		return nil, errAt(sql, first, sqlerr.Syntax, "unexpected %q at the start of a statement", first.val)
	}
	return nil, errAt(sql, first, sqlerr.Unsupported, "%s statements", what)
}

// explain reads EXPLAIN <dml> and DESCRIBE <table>.
func (p *parser) explain() (*Statement, error) {
	p.next()
	t := p.peek()
	switch {
	case t.kind == tPunct && t.val == "(":
		return p.dml(1, true)
	case t.kind == tWord:
		switch t.low {
		case "select", "insert", "replace", "update", "delete":
			return p.dml(1, true)
		case "analyze", "format", "extended", "partitions":
			return nil, p.errAt(t, sqlerr.Unsupported, "EXPLAIN %s", strings.ToUpper(t.val))
		}
	}
	if t.kind == tWord || t.kind == tQuoted || t.kind == tString && t.dq {
		name, err := p.tableName()
		if err != nil {
			return nil, err
		}
		sh := &Show{What: "columns", Table: name}
		// DESCRIBE t col, or DESCRIBE t 'pattern': SHOW COLUMNS ... LIKE.
		if t := p.peek(); t.kind == tString && !t.dq {
			sh.Like = p.next().val
		} else if !p.atEOF() {
			if sh.Like, err = p.ident("column name"); err != nil {
				return nil, err
			}
			sh.Like = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(sh.Like)
		}
		if err := p.end(); err != nil {
			return nil, err
		}
		return &Statement{Kind: KindShow, Show: sh}, nil
	}
	return nil, p.unexpected()
}

// dml parses toks[from:] with sqlparser after normalising placeholders.
func (p *parser) dml(from int, explain bool) (*Statement, error) {
	toks := p.toks[from:]
	kind := dmlKind(toks[0])
	if err := p.checkUnsupported(toks, kind); err != nil {
		return nil, err
	}
	if err := p.stopped(); err != nil {
		return nil, err
	}
	prm, edits, err := p.edits(toks)
	if err != nil {
		return nil, err
	}
	if kind == KindSelect && isSetStatement(toks) {
		return p.setStatement(toks, edits, prm, explain)
	}
	rw := applyEdits(p.src, toks[0].start, toks[len(toks)-1].end, edits)
	if err := p.stopped(); err != nil {
		return nil, err
	}
	ast, err := parseDML(rw.text)
	if err != nil {
		return nil, p.mapParseError(rw, err)
	}
	if err := p.stopped(); err != nil {
		return nil, err
	}
	got := KindSelect
	switch ast.(type) {
	case *sqlparser.Select, *sqlparser.Union, *sqlparser.ParenSelect:
	case *sqlparser.Insert:
		got = KindInsert
	case *sqlparser.Update:
		got = KindUpdate
	case *sqlparser.Delete:
		got = KindDelete
	default:
		return nil, p.errAt(toks[0], sqlerr.Unsupported, "statement %q", shown(p.src, toks[0].start, toks[0].end))
	}
	if err := checkDepth(ast, p.stop); err != nil {
		return nil, err
	}
	if err := p.stopped(); err != nil {
		return nil, err
	}
	st := &Statement{Kind: got, Explain: explain, AST: ast, NumPositional: prm.positional, Names: prm.names, AtNames: prm.at, Nested: p.nested}
	if sel, ok := ast.(*sqlparser.Select); ok {
		st.SelectTexts = selectTexts(p.src, toks, sel)
	}
	return st, nil
}

// edits numbers the placeholders of toks and returns every rewrite the
// library needs, sorted and without overlaps.
func (p *parser) edits(toks []token) (params, []edit, error) {
	prm, err := scanParams(p.src, toks)
	if err != nil {
		return prm, nil, err
	}
	edits := append(prm.edits, p.literalEdits(toks)...)
	edits = append(edits, funcEdits(toks)...)
	edits = append(edits, quantifiedEdits(toks)...)
	edits = append(edits, schemaEdits(toks)...)
	edits = append(edits, upsertEdits(toks)...)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	// Edits come from independent scans; never let two overlap.
	kept := edits[:0]
	for _, e := range edits {
		if len(kept) == 0 || e.start >= kept[len(kept)-1].end {
			kept = append(kept, e)
		}
	}
	nested, err := p.nestedSets(toks, kept)
	if err != nil || len(nested) == 0 {
		return prm, kept, err
	}
	// A nested set operation's text is replaced whole: the edits inside
	// it were applied when it was parsed.
	var out []edit
	for _, e := range kept {
		if !slices.ContainsFunc(nested, func(n edit) bool { return e.start >= n.start && e.end <= n.end }) {
			out = append(out, e)
		}
	}
	out = append(out, nested...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	return prm, out, nil
}

func dmlKind(t token) Kind {
	switch t.low {
	case "insert", "replace":
		return KindInsert
	case "update":
		return KindUpdate
	case "delete":
		return KindDelete
	}
	return KindSelect
}

// parseDML calls the library; ParseStrictDDL never logs, unlike Parse. A
// panic in the generated parser must not cross our package line.
func parseDML(text string) (ast sqlparser.Statement, err error) {
	defer func() {
		if r := recover(); r != nil {
			ast, err = nil, sqlerr.New(sqlerr.Internal, "SQL parser failed: %v", r)
		}
	}()
	// The trailing blank separates "error at the last token" from "error
	// at end of input": they would report the same position otherwise.
	return sqlparser.ParseStrictDDL(text + " ")
}

var positionRE = regexp.MustCompile(`^(.*) at position (\d+)`)

// mapParseError turns "syntax error at position N near 'x'" into a positioned
// sqlerr, naming the token as written in the original text.
func (p *parser) mapParseError(rw rewritten, err error) error {
	if sqlerr.HasCode(err, sqlerr.Internal) {
		return err
	}
	m := positionRE.FindStringSubmatch(err.Error())
	if m == nil {
		return sqlerr.New(sqlerr.Syntax, "%s", err.Error())
	}
	n, _ := strconv.Atoi(m[2])
	end := n - 1 // the offending token ends just before the lookahead
	msg := m[1]
	at, found := len(rw.text), false
	if rtoks, lexErr := lex(rw.text, nil); lexErr == nil {
		for _, t := range rtoks {
			if t.end == end {
				at, found = t.start, true
				if msg == "syntax error" {
					msg = fmt.Sprintf("unexpected %q", shown(p.src, rw.orig(t.start), rw.orig(t.end)))
				}
				break
			}
		}
	}
	if !found && msg == "syntax error" {
		msg = "unexpected end of statement"
	}
	o := rw.orig(at)
	line, col := lineCol(p.src, o)
	return sqlerr.At(sqlerr.Syntax, line, col, "%s", msg)
}

// checkUnsupported catches constructs the library rejects with a bare syntax
// error, or accepts with a wrong meaning, and names them.
func (p *parser) checkUnsupported(toks []token, kind Kind) error {
	for i, t := range toks {
		if t.kind != tWord {
			continue
		}
		next := token{}
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch t.low {
		case "from", "join":
			if err := p.derivedAlias(toks, i); err != nil {
				return err
			}
		case "with":
			if next.kind == tWord && next.low == "rollup" {
				return p.errAt(t, sqlerr.Unsupported, "GROUP BY ... WITH ROLLUP")
			}
			return p.errAt(t, sqlerr.Unsupported, "common table expressions (WITH)")
		case "over":
			// Window functions always follow a call's ')'; elsewhere OVER may be a name.
			if i > 0 && toks[i-1].kind == tPunct && toks[i-1].val == ")" &&
				(next.kind == tWord || next.kind == tQuoted || next.kind == tPunct && next.val == "(") {
				return p.errAt(t, sqlerr.Unsupported, "window functions (OVER)")
			}
		case "window":
			if i+2 < len(toks) && toks[i+2].kind == tWord && toks[i+2].low == "as" {
				return p.errAt(t, sqlerr.Unsupported, "window functions (WINDOW)")
			}
		case "into":
			if kind == KindSelect || i > 1 && kind == KindInsert && next.kind == tWord && (next.low == "outfile" || next.low == "dumpfile") {
				return p.errAt(t, sqlerr.Unsupported, "SELECT ... INTO")
			}
		case "sql_calc_found_rows":
			return p.errAt(t, sqlerr.Unsupported, "SQL_CALC_FOUND_ROWS")
		case "lateral":
			return p.errAt(t, sqlerr.Unsupported, "LATERAL derived tables")
		}
	}
	return nil
}

// literalEdits rewrites spellings the library misreads: typed literals
// (DATE '2020-01-01' parses as a column with an alias) become CASTs,
// EXTRACT(unit FROM x), which it rejects, becomes EXTRACT('UNIT', x),
// adjacent strings are joined, and strings holding \% or \_ are requoted
// so that the backslash survives (see decodeString).
func (p *parser) literalEdits(toks []token) []edit {
	var out []edit
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.relit && (i+1 == len(toks) || toks[i+1].kind != tString || toks[i+1].virt) {
			// A literal the library would read differently (\_ and \%).
			out = append(out, edit{t.start, t.end, quote(t.val)})
			continue
		}
		if i+1 == len(toks) {
			break
		}
		n := toks[i+1]
		if t.virt || n.virt {
			continue
		}
		if t.kind == tString && n.kind == tString {
			// 'a' 'b' is one literal in MySQL; the library reads an alias.
			j, s := i+1, t.val
			for ; j < len(toks) && toks[j].kind == tString && !toks[j].virt; j++ {
				s += toks[j].val
			}
			out = append(out, edit{t.start, toks[j-1].end, quote(s)})
			i = j - 1
			continue
		}
		if t.kind != tWord {
			continue
		}
		switch t.low {
		case "date", "time", "timestamp":
			if n.kind == tString && (i+2 == len(toks) || toks[i+2].kind != tString) {
				typ := strings.ToUpper(t.low)
				if typ == "TIMESTAMP" {
					typ = "DATETIME"
				}
				lit := p.src[n.start:n.end]
				if n.relit {
					lit = quote(n.val)
				}
				out = append(out, edit{t.start, n.end, "CAST(" + lit + " AS " + typ + ")"})
				i++
			}
		case "extract":
			if i+3 < len(toks) && n.kind == tPunct && n.val == "(" && toks[i+2].kind == tWord &&
				toks[i+3].kind == tWord && toks[i+3].low == "from" {
				u := toks[i+2]
				out = append(out, edit{u.start, toks[i+3].end, "'" + strings.ToUpper(u.val) + "',"})
			}
		}
	}
	return out
}

// quote writes s as a single-quoted SQL string literal.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\x00", `\0`)
	return "'" + r.Replace(s) + "'"
}
