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
			if _, err := p.ident("database name"); err != nil {
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
			return nil, p.unsupportedHere("SHOW ... WHERE")
		}
	}
	return &Statement{Kind: KindShow, Show: sh}, p.end()
}

// showFrom reads FROM|IN t [FROM|IN db].
func (p *parser) showFrom(sh *Show) error {
	if !p.acceptWords("from") && !p.acceptWords("in") {
		return p.expected("FROM")
	}
	var err error
	if sh.Table, err = p.tableName(); err != nil {
		return err
	}
	if p.acceptWords("from") || p.acceptWords("in") {
		_, err = p.ident("database name")
	}
	return err
}
