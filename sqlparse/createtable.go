package sqlparse

import (
	"fmt"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// constraint is one table-level element other than a column.
type constraint struct {
	primary bool
	index   *IndexDef   // PRIMARY KEY (Name "PRIMARY"), UNIQUE, KEY, INDEX
	fk      *ForeignKey // nil unless FOREIGN KEY
	check   bool        // CHECK (...): parsed and dropped
}

// constraintStart reports whether the current token opens a table-level
// element rather than a column definition.
func (p *parser) constraintStart() bool {
	return p.isWord("constraint", "primary", "unique", "key", "index", "foreign", "check", "fulltext", "spatial")
}

// tableConstraint reads [CONSTRAINT [name]] PRIMARY KEY | UNIQUE | KEY |
// INDEX | FOREIGN KEY | CHECK.
func (p *parser) tableConstraint() (*constraint, error) {
	var cname string
	if p.acceptWords("constraint") && !p.isWord("primary", "unique", "foreign", "check") {
		n, err := p.ident("constraint name")
		if err != nil {
			return nil, err
		}
		cname = n
	}
	c := &constraint{}
	switch {
	case p.acceptWords("primary", "key"):
		c.primary = true
		ix, err := p.indexBody("PRIMARY", false)
		if err != nil {
			return nil, err
		}
		ix.Name = "PRIMARY"
		c.index = ix
	case p.acceptWords("unique"):
		if !p.acceptWords("key") {
			p.acceptWords("index")
		}
		ix, err := p.indexBody(cname, true)
		if err != nil {
			return nil, err
		}
		c.index = ix
	case p.acceptWords("key"), p.acceptWords("index"):
		ix, err := p.indexBody(cname, false)
		if err != nil {
			return nil, err
		}
		c.index = ix
	case p.acceptWords("foreign", "key"):
		fk := &ForeignKey{Name: cname}
		if !p.isPunct("(") {
			n, err := p.ident("foreign key name")
			if err != nil {
				return nil, err
			}
			if fk.Name == "" {
				fk.Name = n
			}
		}
		cols, err := p.identList("column name")
		if err != nil {
			return nil, err
		}
		fk.Columns = cols
		if c.fk, err = p.references(fk); err != nil {
			return nil, err
		}
	case p.isWord("check"):
		c.check = true
		return c, p.skipCheck()
	case p.isWord("fulltext", "spatial"):
		return nil, p.unsupportedHere(strings.ToUpper(p.peek().val) + " indexes")
	default:
		return nil, p.unexpected()
	}
	return c, nil
}

// indexBody reads [name] [USING x] (key parts) [index options].
func (p *parser) indexBody(name string, unique bool) (*IndexDef, error) {
	ix := &IndexDef{Name: name, Unique: unique}
	if !p.isPunct("(") && !p.isWord("using") {
		n, err := p.ident("index name")
		if err != nil {
			return nil, err
		}
		ix.Name = n
	}
	if p.acceptWords("using") {
		p.next() // BTREE or HASH: MongoDB picks its own
	}
	cols, err := p.keyParts()
	if err != nil {
		return nil, err
	}
	ix.Columns = cols
	return ix, p.indexOptions()
}

// keyParts reads (col [(len)] [ASC|DESC], ...).
func (p *parser) keyParts() ([]IndexColumn, error) {
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	var out []IndexColumn
	for {
		if p.isPunct("(") {
			return nil, p.unsupportedHere("functional key parts")
		}
		n, err := p.ident("column name")
		if err != nil {
			return nil, err
		}
		if p.isPunct("(") { // prefix length: a whole-value index serves too
			if _, err := p.skipParens(); err != nil {
				return nil, err
			}
		}
		c := IndexColumn{Name: n}
		if p.acceptWords("desc") {
			c.Desc = true
		} else {
			p.acceptWords("asc")
		}
		out = append(out, c)
		if !p.acceptPunct(",") {
			return out, p.expectPunct(")")
		}
	}
}

// indexOptions skips options after the key parts: they tune MySQL's storage.
func (p *parser) indexOptions() error {
	for {
		switch {
		case p.acceptWords("using"), p.acceptWords("key_block_size"), p.acceptWords("algorithm"), p.acceptWords("lock"):
			p.acceptOptEq()
			p.next()
		case p.acceptWords("comment"):
			if _, err := p.stringLit("index comment"); err != nil {
				return err
			}
		case p.acceptWords("with", "parser"):
			p.next()
		case p.acceptWords("visible"), p.acceptWords("invisible"):
		default:
			return nil
		}
	}
}

// references reads REFERENCES t (cols) [MATCH x] [ON DELETE a] [ON UPDATE a].
func (p *parser) references(fk *ForeignKey) (*ForeignKey, error) {
	if err := p.expectWords("references"); err != nil {
		return nil, err
	}
	var err error
	if fk.RefTable, err = p.tableName(); err != nil {
		return nil, err
	}
	if fk.RefColumns, err = p.identList("column name"); err != nil {
		return nil, err
	}
	if p.acceptWords("match") {
		p.next()
	}
	for {
		var dst *string
		switch {
		case p.acceptWords("on", "delete"):
			dst = &fk.OnDelete
		case p.acceptWords("on", "update"):
			dst = &fk.OnUpdate
		default:
			return fk, nil
		}
		switch {
		case p.acceptWords("restrict"):
			*dst = "RESTRICT"
		case p.acceptWords("cascade"):
			*dst = "CASCADE"
		case p.acceptWords("set", "null"):
			*dst = "SET NULL"
		case p.acceptWords("set", "default"):
			*dst = "SET DEFAULT"
		case p.acceptWords("no", "action"):
			*dst = "NO ACTION"
		default:
			return nil, p.expected("RESTRICT, CASCADE, SET NULL, SET DEFAULT or NO ACTION")
		}
	}
}

// createTable reads the rest of CREATE TABLE after the TABLE keyword.
func (p *parser) createTable() (*Statement, error) {
	ct := &CreateTable{}
	if p.acceptWords("if", "not", "exists") {
		ct.IfNotExists = true
	}
	var err error
	if ct.Name, err = p.tableName(); err != nil {
		return nil, err
	}
	if p.isWord("like") || p.isWord("as") || p.isWord("select") {
		return nil, p.unsupportedHere("CREATE TABLE ... " + strings.ToUpper(p.peek().val))
	}
	if err := p.expectPunct("("); err != nil {
		return nil, err
	}
	var pkTok token
	cols := map[string]bool{}
	for {
		start := p.peek()
		if p.constraintStart() && start.kind == tWord {
			c, err := p.tableConstraint()
			if err != nil {
				return nil, err
			}
			switch {
			case c.primary:
				if ct.PrimaryKey != nil {
					return nil, p.errAt(start, sqlerr.Syntax, "multiple primary keys defined")
				}
				pkTok = start
				for _, ic := range c.index.Columns {
					ct.PrimaryKey = append(ct.PrimaryKey, ic.Name)
				}
			case c.index != nil:
				ct.Indexes = append(ct.Indexes, *c.index)
			case c.fk != nil:
				ct.ForeignKeys = append(ct.ForeignKeys, *c.fk)
			}
		} else {
			col, fk, err := p.columnDef()
			if err != nil {
				return nil, err
			}
			key := strings.ToLower(col.Name)
			if cols[key] {
				return nil, p.errAt(start, sqlerr.Syntax, "duplicate column name %q", col.Name)
			}
			cols[key] = true
			if col.PrimaryKey {
				if ct.PrimaryKey != nil {
					return nil, p.errAt(start, sqlerr.Syntax, "multiple primary keys defined")
				}
				pkTok = start
				ct.PrimaryKey = []string{col.Name}
			}
			if col.Unique {
				ct.Indexes = append(ct.Indexes, IndexDef{Columns: []IndexColumn{{Name: col.Name}}, Unique: true})
			}
			if fk != nil {
				ct.ForeignKeys = append(ct.ForeignKeys, *fk)
			}
			ct.Columns = append(ct.Columns, *col)
		}
		if !p.acceptPunct(",") {
			break
		}
	}
	if err := p.expectPunct(")"); err != nil {
		return nil, err
	}
	if err := p.tableOptions(ct); err != nil {
		return nil, err
	}
	if err := ct.finish(p, pkTok); err != nil {
		return nil, err
	}
	return &Statement{Kind: KindCreateTable, CreateTable: ct}, nil
}

// tableOptions reads what follows the ')': AUTO_INCREMENT and COMMENT are
// kept, ENGINE, CHARSET, COLLATE, ROW_FORMAT... are MySQL storage details.
func (p *parser) tableOptions(ct *CreateTable) error {
	for !p.atEOF() {
		switch {
		case p.acceptWords("auto_increment"):
			p.acceptOptEq()
			n, err := p.integer("AUTO_INCREMENT start value")
			if err != nil {
				return err
			}
			ct.AutoIncrementStart = n
		case p.acceptWords("comment"):
			p.acceptOptEq()
			s, err := p.stringLit("table comment")
			if err != nil {
				return err
			}
			ct.Comment = s
		case p.isWord("as", "select", "ignore", "replace"):
			return p.unsupportedHere("CREATE TABLE ... SELECT")
		case p.isWord("partition"):
			return p.unsupportedHere("partitioned tables")
		case p.isPunct("("):
			if _, err := p.skipParens(); err != nil {
				return err
			}
		default:
			p.next()
		}
	}
	return nil
}

// finish checks that keys name real columns, marks primary-key columns and
// names unnamed indexes and foreign keys the way MySQL does.
func (ct *CreateTable) finish(p *parser, pkTok token) error {
	byName := map[string]int{}
	for i, c := range ct.Columns {
		byName[strings.ToLower(c.Name)] = i
	}
	for i, n := range ct.PrimaryKey {
		j, ok := byName[strings.ToLower(n)]
		if !ok {
			return p.errAt(pkTok, sqlerr.UnknownColumn, "key column %q does not exist in table %q", n, ct.Name)
		}
		ct.PrimaryKey[i] = ct.Columns[j].Name
		ct.Columns[j].PrimaryKey, ct.Columns[j].NotNull = true, true
	}
	used := map[string]bool{"primary": true}
	for _, ix := range ct.Indexes {
		used[strings.ToLower(ix.Name)] = ix.Name != ""
	}
	for i := range ct.Indexes {
		ix := &ct.Indexes[i]
		for _, c := range ix.Columns {
			if _, ok := byName[strings.ToLower(c.Name)]; !ok {
				return sqlerr.New(sqlerr.UnknownColumn, "key column %q does not exist in table %q", c.Name, ct.Name)
			}
		}
		if ix.Name == "" {
			base := ix.Columns[0].Name
			ix.Name = base
			for n := 2; used[strings.ToLower(ix.Name)]; n++ {
				ix.Name = fmt.Sprintf("%s_%d", base, n)
			}
			used[strings.ToLower(ix.Name)] = true
		}
	}
	for i := range ct.ForeignKeys {
		fk := &ct.ForeignKeys[i]
		for _, c := range fk.Columns {
			if _, ok := byName[strings.ToLower(c)]; !ok {
				return sqlerr.New(sqlerr.UnknownColumn, "foreign key column %q does not exist in table %q", c, ct.Name)
			}
		}
		if fk.Name == "" {
			fk.Name = fmt.Sprintf("%s_ibfk_%d", ct.Name, i+1)
		}
	}
	return nil
}
