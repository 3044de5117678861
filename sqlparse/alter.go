package sqlparse

import (
	"strings"
)

// alter reads ALTER [ONLINE] [IGNORE] TABLE t action, action...
func (p *parser) alter() (*Statement, error) {
	p.next()
	p.acceptWords("online")
	p.acceptWords("ignore")
	if !p.acceptWords("table") {
		if p.peek().kind == tWord {
			return nil, p.unsupportedHere("ALTER " + strings.ToUpper(p.peek().val))
		}
		return nil, p.expected("TABLE")
	}
	at := &AlterTable{}
	var err error
	if at.Table, err = p.tableName(); err != nil {
		return nil, err
	}
	for {
		acts, err := p.alterAction()
		if err != nil {
			return nil, err
		}
		at.Actions = append(at.Actions, acts...)
		if !p.acceptPunct(",") {
			break
		}
	}
	return &Statement{Kind: KindAlterTable, AlterTable: at}, p.end()
}

// alterAction reads one action; options with no meaning here (ENGINE=,
// ALGORITHM=, CONVERT TO CHARACTER SET...) produce none.
func (p *parser) alterAction() ([]AlterAction, error) {
	switch {
	case p.acceptWords("add"):
		return p.alterAdd()
	case p.acceptWords("drop"):
		a, err := p.alterDrop()
		return []AlterAction{a}, err
	case p.acceptWords("rename"):
		a, err := p.alterRename()
		return []AlterAction{a}, err
	case p.acceptWords("modify"):
		p.acceptWords("column")
		a := AlterAction{Kind: "modify column"}
		err := p.alterColumn(&a)
		return []AlterAction{a}, err
	case p.acceptWords("change"):
		p.acceptWords("column")
		a := AlterAction{Kind: "change column"}
		old, err := p.ident("column name")
		if err != nil {
			return nil, err
		}
		if err := p.alterColumn(&a); err != nil {
			return nil, err
		}
		a.Name, a.NewName = old, a.Column.Name
		return []AlterAction{a}, nil
	case p.acceptWords("alter"):
		p.acceptWords("column")
		name, err := p.ident("column name")
		if err != nil {
			return nil, err
		}
		switch {
		case p.acceptWords("set", "default"):
			d, err := p.defaultValue()
			if err != nil {
				return nil, err
			}
			return []AlterAction{{Kind: "set default", Name: name, Column: &ColumnDef{Name: name, Default: d}}}, nil
		case p.acceptWords("drop", "default"):
			return []AlterAction{{Kind: "drop default", Name: name}}, nil
		}
		return nil, p.expected("SET DEFAULT or DROP DEFAULT")
	case p.isWord("engine", "algorithm", "lock", "auto_increment", "comment", "row_format",
		"key_block_size", "checksum", "pack_keys", "stats_persistent"):
		p.next()
		p.acceptOptEq()
		p.next()
		return nil, nil
	case p.acceptWords("default"), p.isWord("character", "charset", "collate"):
		p.acceptWords("character", "set")
		p.acceptWords("charset")
		p.acceptWords("collate")
		p.acceptOptEq()
		p.next()
		if p.acceptWords("collate") { // DEFAULT CHARSET x COLLATE y
			p.acceptOptEq()
			p.next()
		}
		return nil, nil
	case p.acceptWords("convert", "to"):
		for !p.atEOF() && !p.isPunct(",") {
			p.next()
		}
		return nil, nil
	case p.acceptWords("force"), p.acceptWords("enable", "keys"), p.acceptWords("disable", "keys"):
		return nil, nil
	}
	if p.peek().kind == tWord {
		return nil, p.unsupportedHere("ALTER TABLE ... " + strings.ToUpper(p.peek().val))
	}
	return nil, p.unexpected()
}

// alterColumn reads a column definition and an optional FIRST / AFTER col.
func (p *parser) alterColumn(a *AlterAction) error {
	col, _, err := p.columnDef()
	if err != nil {
		return err
	}
	a.Column, a.Name = col, col.Name
	switch {
	case p.acceptWords("first"):
		a.First = true
	case p.acceptWords("after"):
		if a.After, err = p.ident("column name"); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) alterAdd() ([]AlterAction, error) {
	if p.constraintStart() {
		c, err := p.tableConstraint()
		if err != nil {
			return nil, err
		}
		switch {
		case c.primary:
			return []AlterAction{{Kind: "add primary key", Name: "PRIMARY", Index: c.index}}, nil
		case c.index != nil:
			return []AlterAction{{Kind: "add index", Name: c.index.Name, Index: c.index}}, nil
		case c.fk != nil:
			return []AlterAction{{Kind: "add foreign key", Name: c.fk.Name, ForeignKey: c.fk}}, nil
		}
		return nil, nil // CHECK
	}
	p.acceptWords("column")
	ifNotExists := p.acceptWords("if", "not", "exists")
	if !p.acceptPunct("(") {
		a := AlterAction{Kind: "add column", IfExists: ifNotExists}
		return []AlterAction{a}, p.alterColumn(&a)
	}
	var out []AlterAction
	for {
		col, _, err := p.columnDef()
		if err != nil {
			return nil, err
		}
		out = append(out, AlterAction{Kind: "add column", Name: col.Name, Column: col, IfExists: ifNotExists})
		if !p.acceptPunct(",") {
			return out, p.expectPunct(")")
		}
	}
}

func (p *parser) alterDrop() (AlterAction, error) {
	var a AlterAction
	var err error
	switch {
	case p.acceptWords("primary", "key"):
		return AlterAction{Kind: "drop primary key", Name: "PRIMARY"}, nil
	case p.acceptWords("index"), p.acceptWords("key"):
		a.Kind = "drop index"
	case p.acceptWords("foreign", "key"):
		a.Kind = "drop foreign key"
	case p.isWord("constraint", "check"):
		return a, p.unsupportedHere("ALTER TABLE ... DROP " + strings.ToUpper(p.peek().val))
	default:
		p.acceptWords("column")
		a.Kind = "drop column"
	}
	a.IfExists = p.acceptWords("if", "exists")
	a.Name, err = p.ident("name")
	return a, err
}

func (p *parser) alterRename() (AlterAction, error) {
	var a AlterAction
	var err error
	switch {
	case p.acceptWords("column"):
		a.Kind = "rename column"
	case p.acceptWords("index"), p.acceptWords("key"):
		a.Kind = "rename index"
	default:
		if !p.acceptWords("to") {
			p.acceptWords("as")
		}
		a.Kind = "rename table"
		a.NewName, err = p.tableName()
		return a, err
	}
	if a.Name, err = p.ident("name"); err != nil {
		return a, err
	}
	if err := p.expectWords("to"); err != nil {
		return a, err
	}
	a.NewName, err = p.ident("new name")
	return a, err
}
