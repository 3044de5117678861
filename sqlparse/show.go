package sqlparse

import (
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// show reads the SHOW forms ORMs and migration tools send.
func (p *parser) show() (*Statement, error) {
	p.next()
	sh := &Show{Full: p.acceptWords("full")}
	var err error
	switch {
	case p.acceptWords("tables"):
		sh.What = "tables"
		if p.acceptWords("from") || p.acceptWords("in") {
			if sh.Database, err = p.ident("database name"); err != nil {
				return nil, err
			}
		}
	case p.acceptWords("columns"), p.acceptWords("fields"):
		sh.What = "columns"
		err = p.showFrom(sh)
	case p.acceptWords("index"), p.acceptWords("indexes"), p.acceptWords("keys"):
		sh.What = "index"
		err = p.showFrom(sh)
	case !sh.Full && p.acceptWords("create", "table"):
		sh.What = "create table"
		sh.Table, err = p.tableName()
	case !sh.Full && (p.acceptWords("databases") || p.acceptWords("schemas")):
		sh.What = "databases"
	case !sh.Full && p.isWord("variables", "status", "session", "global", "local"):
		if !p.acceptWords("session") && !p.acceptWords("local") {
			p.acceptWords("global")
		}
		switch {
		case p.acceptWords("variables"):
			sh.What = "variables"
		case p.acceptWords("status"):
			sh.What = "status"
		default:
			return nil, p.expected("VARIABLES or STATUS")
		}
	default:
		if t := p.peek(); t.kind == tWord {
			return nil, p.errAt(t, sqlerr.Unsupported, "SHOW %s", strings.ToUpper(t.val))
		}
		return nil, p.unexpected()
	}
	if err != nil {
		return nil, err
	}
	if sh.What != "create table" {
		if p.acceptWords("like") {
			if sh.Like, err = p.stringLit("LIKE pattern"); err != nil {
				return nil, err
			}
		} else if p.isWord("where") {
			w := p.next()
			if p.atEOF() {
				return nil, p.expected("a condition")
			}
			sh.Where = strings.TrimSpace(p.src[w.end:p.toks[len(p.toks)-1].end])
			p.pos = len(p.toks)
		}
	}
	return &Statement{Kind: KindShow, Show: sh}, p.end()
}

// showFrom reads FROM|IN t [FROM|IN db] (or FROM db.t).
func (p *parser) showFrom(sh *Show) error {
	if !p.acceptWords("from") && !p.acceptWords("in") {
		return p.expected("FROM")
	}
	var err error
	if sh.Table, err = p.ident("table name"); err != nil {
		return err
	}
	if p.acceptPunct(".") {
		sh.Database = sh.Table
		if sh.Table, err = p.ident("table name"); err != nil {
			return err
		}
	}
	if p.acceptWords("from") || p.acceptWords("in") {
		sh.Database, err = p.ident("database name")
	}
	return err
}
