package sqlparse

// Database is CREATE DATABASE, DROP DATABASE (SCHEMA for both) and USE.
type Database struct {
	Name string
	// IfNotExists: CREATE DATABASE IF NOT EXISTS; IfExists: DROP DATABASE
	// IF EXISTS.
	IfNotExists, IfExists bool
}

// createDatabase reads [IF NOT EXISTS] name [[DEFAULT] CHARACTER SET [=]
// cs | [DEFAULT] COLLATE [=] c | [DEFAULT] ENCRYPTION [=] 'N'] … after
// CREATE DATABASE/SCHEMA. The options are accepted: data is UTF-8 and
// compared by its bytes whatever they say.
func (p *parser) createDatabase() (*Statement, error) {
	d := &Database{IfNotExists: p.acceptWords("if", "not", "exists")}
	var err error
	if d.Name, err = p.ident("database name"); err != nil {
		return nil, err
	}
	for !p.atEOF() {
		p.acceptWords("default")
		switch {
		case p.acceptWords("character", "set"), p.acceptWords("charset"), p.acceptWords("collate"), p.acceptWords("encryption"):
			p.acceptPunct("=")
			if t := p.next(); t.kind != tWord && t.kind != tString && t.kind != tQuoted {
				p.pos--
				return nil, p.expected("a character set, collation or 'N'")
			}
		default:
			return nil, p.unexpected()
		}
	}
	return &Statement{Kind: KindCreateDatabase, Database: d}, nil
}

// dropDatabase reads [IF EXISTS] name after DROP DATABASE/SCHEMA.
func (p *parser) dropDatabase() (*Statement, error) {
	d := &Database{IfExists: p.acceptWords("if", "exists")}
	var err error
	if d.Name, err = p.ident("database name"); err != nil {
		return nil, err
	}
	return &Statement{Kind: KindDropDatabase, Database: d}, p.end()
}

// use reads USE name.
func (p *parser) use() (*Statement, error) {
	p.next()
	name, err := p.ident("database name")
	if err != nil {
		return nil, err
	}
	return &Statement{Kind: KindUse, Database: &Database{Name: name}}, p.end()
}
