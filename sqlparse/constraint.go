package sqlparse

import (
	"strings"
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
