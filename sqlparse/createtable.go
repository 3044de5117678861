package sqlparse

import (
	"fmt"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

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
