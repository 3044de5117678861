package sqlparse

import (
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// typeAliases maps MySQL type spellings sqltypes.ParseType does not know to
// ones it does.
var typeAliases = map[string]string{
	"INT1": "TINYINT", "INT2": "SMALLINT", "INT3": "MEDIUMINT", "INT4": "INT", "INT8": "BIGINT",
	"MIDDLEINT": "MEDIUMINT", "FLOAT4": "FLOAT", "FLOAT8": "DOUBLE", "LONG": "MEDIUMTEXT",
	"LONG VARCHAR": "MEDIUMTEXT", "LONG VARBINARY": "MEDIUMBLOB", "CHAR VARYING": "VARCHAR",
	"CHARACTER VARYING": "VARCHAR", "BIT": "BIGINT",
}

// columnDef reads: name type [attributes]. A column-level REFERENCES clause
// comes back as fk.
func (p *parser) columnDef() (col *ColumnDef, fk *ForeignKey, err error) {
	col = &ColumnDef{}
	if col.Name, err = p.ident("column name"); err != nil {
		return nil, nil, err
	}
	serial := p.isWord("serial")
	if col.Type, col.Values, err = p.columnType(); err != nil {
		return nil, nil, err
	}
	if serial { // BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
		col.NotNull, col.AutoIncrement, col.Unique = true, true, true
	}
	for {
		t := p.peek()
		if t.kind == tEOF || t.kind == tPunct && (t.val == "," || t.val == ")") || p.isWord("first", "after") {
			return col, fk, nil
		}
		switch {
		case p.acceptWords("not", "null"):
			col.NotNull = true
		case p.acceptWords("null"):
			col.NotNull = false
		case p.acceptWords("default"):
			if col.Default, err = p.defaultValue(); err != nil {
				return nil, nil, err
			}
		case p.acceptWords("auto_increment"):
			col.AutoIncrement = true
		case p.acceptWords("serial", "default", "value"):
			col.NotNull, col.AutoIncrement, col.Unique = true, true, true
		case p.acceptWords("primary", "key"), p.acceptWords("key"):
			col.PrimaryKey, col.NotNull = true, true
		case p.acceptWords("unique"):
			p.acceptWords("key")
			col.Unique = true
		case p.acceptWords("comment"):
			if col.Comment, err = p.stringLit("comment string"); err != nil {
				return nil, nil, err
			}
		case p.acceptWords("character", "set"), p.acceptWords("charset"), p.acceptWords("collate"):
			if _, err = p.ident("character set or collation name"); err != nil {
				return nil, nil, err
			}
		case p.acceptWords("on", "update"):
			d, err := p.defaultValue()
			if err != nil {
				return nil, nil, err
			}
			if d.Func == "" {
				return nil, nil, p.errAt(t, sqlerr.Unsupported, "ON UPDATE with a value other than CURRENT_TIMESTAMP")
			}
			col.OnUpdate = d.Func
		case p.isWord("references"):
			if fk, err = p.references(&ForeignKey{Columns: []string{col.Name}}); err != nil {
				return nil, nil, err
			}
		case p.isWord("constraint") && (p.peekAt(1).low == "check" || p.peekAt(2).low == "check"):
			p.next()
			if !p.isWord("check") {
				p.next()
			}
			if err := p.skipCheck(); err != nil {
				return nil, nil, err
			}
		case p.isWord("check"):
			if err := p.skipCheck(); err != nil {
				return nil, nil, err
			}
		case p.acceptWords("visible"), p.acceptWords("invisible"):
		case p.acceptWords("column_format"), p.acceptWords("storage"):
			p.next() // FIXED/DYNAMIC/DEFAULT, DISK/MEMORY
		case p.isWord("generated", "as"):
			return nil, nil, p.unsupportedHere("generated columns")
		default:
			return nil, nil, p.unexpected()
		}
	}
}

// columnType reads a type name with its (n) / (p,s) / ('a','b') arguments
// and UNSIGNED / SIGNED / ZEROFILL / BINARY modifiers.
func (p *parser) columnType() (typ sqltypes.Type, values []string, err error) {
	t := p.peek()
	if t.kind != tWord {
		return typ, nil, p.expected("column type")
	}
	p.pos++
	name := strings.ToUpper(t.val)
	switch {
	case name == "NATIONAL" && p.isWord("char", "character", "varchar"):
		name = strings.ToUpper(p.next().val)
		if name == "CHARACTER" && p.isWord("varying") { // NATIONAL CHARACTER VARYING
			p.next()
			name = "VARCHAR"
		}
	case name == "DOUBLE" && p.acceptWords("precision"):
		name = "DOUBLE PRECISION"
	case (name == "CHAR" || name == "CHARACTER") && p.acceptWords("varying"):
		name = "VARCHAR"
	case name == "LONG" && p.isWord("varchar", "varbinary"):
		name += " " + strings.ToUpper(p.next().val)
	}
	if a, ok := typeAliases[name]; ok {
		name = a
	}
	typ, ok := sqltypes.ParseType(name)
	if !ok {
		return typ, nil, p.errAt(t, sqlerr.Unsupported, "column type %s", name)
	}
	if strings.EqualFold(t.val, "BIT") {
		typ.Name = "BIT"
	}
	if p.isPunct("(") {
		if name == "ENUM" || name == "SET" {
			if values, err = p.enumValues(); err != nil {
				return typ, nil, err
			}
		} else if err := p.typeArgs(&typ); err != nil {
			return typ, nil, err
		}
	}
	for {
		switch {
		case p.acceptWords("unsigned"), p.acceptWords("zerofill"):
			typ.Unsigned = true
		case p.acceptWords("signed"), p.acceptWords("binary"):
		default:
			return typ, values, nil
		}
	}
}

// typeArgs reads (n) or (p,s) into the field that type family uses.
func (p *parser) typeArgs(typ *sqltypes.Type) error {
	p.next()
	a, err := p.integer("type length")
	if err != nil {
		return err
	}
	var b int64
	two := p.acceptPunct(",")
	if two {
		if b, err = p.integer("type scale"); err != nil {
			return err
		}
	}
	if err := p.expectPunct(")"); err != nil {
		return err
	}
	switch typ.Kind {
	case sqltypes.Varchar, sqltypes.Text, sqltypes.Blob:
		typ.Length = int(a)
	case sqltypes.Decimal, sqltypes.Double:
		typ.Precision, typ.Scale = int(a), int(b)
	case sqltypes.DateTime:
		typ.Precision = int(a) // fractional seconds
	case sqltypes.Int:
		if typ.Name == "BIT" {
			typ.Precision = int(a)
		} else if typ.Name == "TINYINT" && a == 1 && !two {
			typ.Length = 1 // MySQL 8 keeps (and shows) this display width alone
		} // else display width: meaningless for storage
	}
	return nil
}

func (p *parser) enumValues() ([]string, error) {
	p.next()
	var vals []string
	for {
		s, err := p.stringLit("ENUM or SET value")
		if err != nil {
			return nil, err
		}
		vals = append(vals, s)
		if !p.acceptPunct(",") {
			return vals, p.expectPunct(")")
		}
	}
}

// timeFuncs are the functions a DEFAULT or ON UPDATE may name without
// parentheses, with their canonical names.
var timeFuncs = map[string]string{
	"current_timestamp": "CURRENT_TIMESTAMP", "now": "CURRENT_TIMESTAMP", "localtime": "CURRENT_TIMESTAMP",
	"localtimestamp": "CURRENT_TIMESTAMP", "current_date": "CURRENT_DATE", "curdate": "CURRENT_DATE",
	"current_time": "CURRENT_TIME", "curtime": "CURRENT_TIME", "utc_timestamp": "UTC_TIMESTAMP",
	"utc_date": "UTC_DATE", "utc_time": "UTC_TIME",
}

// defaultValue reads the value after DEFAULT (or ON UPDATE).
func (p *parser) defaultValue() (*Default, error) {
	t := p.peek()
	if t.kind == tWord {
		if fn, ok := timeFuncs[t.low]; ok {
			p.next()
			if p.isPunct("(") {
				if _, err := p.skipParens(); err != nil {
					return nil, err
				}
			}
			return &Default{Func: fn}, nil
		}
	}
	if p.isPunct("(") {
		// (literal) is a literal; anything else is an expression default.
		if lit := p.peekAt(1); p.peekAt(2).kind == tPunct && p.peekAt(2).val == ")" && lit.kind != tWord && lit.kind != tPunct {
			p.next()
			d, err := p.literal()
			if err != nil {
				return nil, err
			}
			return d, p.expectPunct(")")
		}
		text, err := p.skipParens()
		if err != nil {
			return nil, err
		}
		return &Default{Func: text}, nil
	}
	return p.literal()
}

// literal reads NULL, TRUE, FALSE, a signed number, a string, X'..' or b'..'.
func (p *parser) literal() (*Default, error) {
	t := p.peek()
	neg := false
	if t.kind == tPunct && (t.val == "-" || t.val == "+") {
		neg = t.val == "-"
		p.next()
		if p.peek().kind != tNumber {
			return nil, p.expected("number")
		}
	}
	t = p.next()
	switch t.kind {
	case tWord:
		switch t.low {
		case "null":
			return &Default{}, nil
		case "true", "false":
			return &Default{Value: t.low == "true"}, nil
		}
	case tString:
		return &Default{Value: t.val}, nil
	case tNumber:
		return &Default{Value: number(t.val, neg)}, nil
	case tOther:
		if t.typ == sqlparser.BIT_LITERAL {
			n, err := strconv.ParseUint(t.val, 2, 64)
			if err == nil {
				return &Default{Value: int64(n)}, nil
			}
		} else if b, err := hex.DecodeString(t.val); err == nil {
			return &Default{Value: string(b)}, nil
		}
	}
	p.pos--
	return nil, p.expected("default value")
}

// number converts a numeric literal: int64 when it fits, else float64.
func number(s string, neg bool) any {
	if neg {
		s = "-" + s
	}
	base := 10 // not 0: MySQL reads 010 as ten
	if strings.HasPrefix(strings.TrimPrefix(s, "-"), "0x") {
		base = 0
	}
	if n, err := strconv.ParseInt(s, base, 64); err == nil {
		return n
	}
	if u, err := strconv.ParseUint(strings.TrimPrefix(s, "-"), base, 64); err == nil && !neg {
		return float64(u)
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// skipCheck skips CHECK (expr) [[NOT] ENFORCED]: MongoDB has nothing to
// enforce it with here, and MySQL before 8.0.16 ignored it too.
func (p *parser) skipCheck() error {
	if err := p.expectWords("check"); err != nil {
		return err
	}
	if _, err := p.skipParens(); err != nil {
		return err
	}
	if !p.acceptWords("not", "enforced") {
		p.acceptWords("enforced")
	}
	return nil
}
