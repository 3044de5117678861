package sqlparse

import (
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// objectWords are the objects CREATE and DROP may name that we do not
// support; the scan after CREATE looks for them past OR REPLACE, DEFINER=...
var objectWords = map[string]string{
	"view": "VIEW", "procedure": "PROCEDURE", "function": "FUNCTION", "trigger": "TRIGGER",
	"event": "EVENT", "user": "USER", "role": "ROLE",
	"sequence": "SEQUENCE", "tablespace": "TABLESPACE", "server": "SERVER",
}

func (p *parser) create() (*Statement, error) {
	kw := p.next()
	switch {
	case p.acceptWords("table"):
		return p.createTable()
	case p.acceptWords("database"), p.acceptWords("schema"):
		return p.createDatabase()
	case p.isWord("temporary"):
		return nil, p.unsupportedHere("CREATE TEMPORARY TABLE")
	case p.acceptWords("unique", "index"):
		return p.createIndex(true)
	case p.acceptWords("index"):
		return p.createIndex(false)
	case p.isWord("fulltext", "spatial"):
		return nil, p.unsupportedHere(strings.ToUpper(p.peek().val) + " indexes")
	}
	for i := 0; i < 12; i++ {
		if w, ok := objectWords[p.peekAt(i).low]; ok && p.peekAt(i).kind == tWord {
			return nil, p.errAt(kw, sqlerr.Unsupported, "CREATE %s", w)
		}
	}
	return nil, p.expected("TABLE or INDEX")
}

// createIndex reads [IF NOT EXISTS] name [USING x] ON t (parts) [options].
func (p *parser) createIndex(unique bool) (*Statement, error) {
	ci := &CreateIndex{Unique: unique}
	ci.IfNotExists = p.acceptWords("if", "not", "exists")
	var err error
	if ci.Name, err = p.ident("index name"); err != nil {
		return nil, err
	}
	if p.acceptWords("using") {
		p.next()
	}
	if err := p.expectWords("on"); err != nil {
		return nil, err
	}
	if ci.Table, err = p.tableName(); err != nil {
		return nil, err
	}
	if ci.Columns, err = p.keyParts(); err != nil {
		return nil, err
	}
	if err := p.indexOptions(); err != nil {
		return nil, err
	}
	return &Statement{Kind: KindCreateIndex, CreateIndex: ci}, p.end()
}

func (p *parser) drop() (*Statement, error) {
	kw := p.next()
	switch {
	case p.acceptWords("table"), p.acceptWords("tables"):
		dt := &DropTable{IfExists: p.acceptWords("if", "exists")}
		for {
			n, err := p.tableName()
			if err != nil {
				return nil, err
			}
			dt.Names = append(dt.Names, n)
			if !p.acceptPunct(",") {
				break
			}
		}
		if !p.acceptWords("restrict") {
			p.acceptWords("cascade")
		}
		return &Statement{Kind: KindDropTable, DropTable: dt}, p.end()
	case p.acceptWords("index"):
		di := &DropIndex{IfExists: p.acceptWords("if", "exists")}
		var err error
		if di.Name, err = p.ident("index name"); err != nil {
			return nil, err
		}
		if err := p.expectWords("on"); err != nil {
			return nil, err
		}
		if di.Table, err = p.tableName(); err != nil {
			return nil, err
		}
		if err := p.indexOptions(); err != nil {
			return nil, err
		}
		return &Statement{Kind: KindDropIndex, DropIndex: di}, p.end()
	case p.isWord("temporary"):
		return nil, p.unsupportedHere("DROP TEMPORARY TABLE")
	case p.acceptWords("database"), p.acceptWords("schema"):
		return p.dropDatabase()
	}
	if w, ok := objectWords[p.peek().low]; ok && p.peek().kind == tWord {
		return nil, p.errAt(kw, sqlerr.Unsupported, "DROP %s", w)
	}
	return nil, p.expected("TABLE or INDEX")
}

func (p *parser) truncate() (*Statement, error) {
	p.next()
	p.acceptWords("table")
	name, err := p.tableName()
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindTruncate, Truncate: name}, p.end()
}

// analyze reads ANALYZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE t[, u].
func (p *parser) analyze() (*Statement, error) {
	p.next()
	if !p.acceptWords("no_write_to_binlog") {
		p.acceptWords("local")
	}
	if err := p.expectWords("table"); err != nil {
		return nil, err
	}
	st := &Statement{Kind: KindAnalyze}
	for {
		n, err := p.tableName()
		if err != nil {
			return nil, err
		}
		st.Tables = append(st.Tables, n)
		if !p.acceptPunct(",") {
			break
		}
	}
	return st, p.end()
}

// renameTable reads RENAME TABLE a TO b as an ALTER TABLE rename.
func (p *parser) renameTable() (*Statement, error) {
	p.next()
	if err := p.expectWords("table"); err != nil {
		return nil, err
	}
	from, err := p.tableName()
	if err != nil {
		return nil, err
	}
	if err := p.expectWords("to"); err != nil {
		return nil, err
	}
	to, err := p.tableName()
	if err != nil {
		return nil, err
	}
	if p.isPunct(",") {
		return nil, p.unsupportedHere("renaming several tables in one statement")
	}
	at := &AlterTable{Table: from, Actions: []AlterAction{{Kind: "rename table", Name: from, NewName: to}}}
	return &Statement{Kind: KindAlterTable, AlterTable: at}, p.end()
}
