package planner

import (
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// fromTable resolves a table of FROM: information_schema.X (any letter
// case) is virtual, anything else comes from the catalog.
func (p *planCtx) fromTable(tn sqlparser.TableName) (*Table, error) {
	if q := tn.Qualifier.String(); q != "" && (equalFold(q, InformationSchema) || equalFold(q, "performance_schema")) {
		if t := InfoSchemaTable(tn.Name.String()); t != nil {
			return t, nil
		}
		return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q in %s", tn.Name.String(), strings.ToLower(q))
	}
	if q := tn.Qualifier.String(); q != "" && q != p.cat.Database() {
		// Only the connection's database is reachable: another one's table
		// must not silently read this one's.
		return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q.%q (only database %q is reachable)", q, tn.Name.String(), p.cat.Database())
	}
	return p.cat.Table(tn.Name.String())
}

// showColumn is one output column of a SHOW: its name and the column of
// the information_schema table it shows.
type showColumn struct{ name, source string }

var (
	showColumnsCols = []showColumn{{"Field", "COLUMN_NAME"}, {"Type", "COLUMN_TYPE"}, {"Collation", "COLLATION_NAME"},
		{"Null", "IS_NULLABLE"}, {"Key", "COLUMN_KEY"}, {"Default", "COLUMN_DEFAULT"}, {"Extra", "EXTRA"},
		{"Privileges", "PRIVILEGES"}, {"Comment", "COLUMN_COMMENT"}}
	showIndexCols = []showColumn{{"Table", "TABLE_NAME"}, {"Non_unique", "NON_UNIQUE"}, {"Key_name", "INDEX_NAME"},
		{"Seq_in_index", "SEQ_IN_INDEX"}, {"Column_name", "COLUMN_NAME"}, {"Collation", "COLLATION"},
		{"Cardinality", "CARDINALITY"}, {"Sub_part", "SUB_PART"}, {"Packed", "PACKED"}, {"Null", "NULLABLE"},
		{"Index_type", "INDEX_TYPE"}, {"Comment", "COMMENT"}, {"Index_comment", "INDEX_COMMENT"},
		{"Visible", "IS_VISIBLE"}, {"Expression", "EXPRESSION"}}
	showVariableCols = []showColumn{{"Variable_name", "VARIABLE_NAME"}, {"Value", "VARIABLE_VALUE"}}
)

// CreateTableSource names the virtual rows of SHOW CREATE TABLE: one row
// (Table, Create Table) for the table in Scan.Names. It is not a table of
// information_schema: only SHOW CREATE TABLE reaches it.
const CreateTableSource = "SHOW CREATE TABLE"

// showPlan plans SHOW and DESCRIBE as the SELECT over information_schema
// that MySQL documents them as, with MySQL's output column names; a WHERE
// names those output columns.
func (p *planCtx) showPlan(sh *sqlparse.Show) (Plan, error) {
	table := ""
	if sh.Table != "" {
		if sh.Database != "" && sh.Database != p.cat.Database() {
			return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q in database %q", sh.Table, sh.Database)
		}
		t, err := p.cat.Table(sh.Table)
		if err != nil {
			return nil, err
		}
		if t.Virtual {
			return nil, unsupported("SHOW of an information_schema table")
		}
		table = t.Name
	}
	schema := "DATABASE()"
	if sh.Database != "" {
		schema = quoteString(sh.Database)
	}
	var cols []showColumn
	var from, where, order string
	switch sh.What {
	case "create table":
		text := sqltypes.Type{Kind: sqltypes.Text}
		return &Query{
			Root: &Scan{Collection: CreateTableSource, Virtual: true, Names: []Expr{&Literal{Value: table, T: text}},
				Fields: []string{"Table", "Create Table"}, Types: []sqltypes.Type{text, text}},
			Columns: []sqltypes.Column{{Name: "Table", Type: text}, {Name: "Create Table", Type: text}},
		}, nil
	case "databases":
		cols, from, order = []showColumn{{"Database", "SCHEMA_NAME"}}, "SCHEMATA", "SCHEMA_NAME"
		where = likeCond("SCHEMA_NAME", sh.Like)
	case "tables":
		name := "Tables_in_" + p.cat.Database()
		if sh.Database != "" {
			name = "Tables_in_" + sh.Database
		}
		if sh.Like != "" {
			name += " (" + sh.Like + ")"
		}
		cols, from, order = []showColumn{{name, "TABLE_NAME"}}, "TABLES", "TABLE_NAME"
		if sh.Full {
			cols = append(cols, showColumn{"Table_type", "TABLE_TYPE"})
		}
		where = "TABLE_SCHEMA = " + schema + likeCond("TABLE_NAME", sh.Like)
	case "columns":
		for _, c := range showColumnsCols {
			switch c.name {
			case "Collation", "Privileges", "Comment":
				if !sh.Full {
					continue
				}
			}
			cols = append(cols, c)
		}
		from, order = "COLUMNS", "ORDINAL_POSITION"
		where = "TABLE_SCHEMA = " + schema + " AND TABLE_NAME = " + quoteString(table) + likeCond("COLUMN_NAME", sh.Like)
	case "index":
		// STATISTICS lists an index's parts in MySQL's order already.
		cols, from = showIndexCols, "STATISTICS"
		where = "TABLE_SCHEMA = " + schema + " AND TABLE_NAME = " + quoteString(table)
	case "variables", "status":
		cols, from, order = showVariableCols, "SESSION_VARIABLES", "VARIABLE_NAME"
		if sh.What == "status" {
			from = "SESSION_STATUS"
		}
		if sh.Like != "" {
			// Variable names compare case-insensitively in MySQL.
			where = "LOWER(VARIABLE_NAME) LIKE " + quoteString(strings.ToLower(sh.Like))
		}
	default:
		return nil, unsupported("SHOW %s", strings.ToUpper(sh.What))
	}
	var sql strings.Builder
	sql.WriteString("SELECT ")
	for i, c := range cols {
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString(c.source + " AS `" + strings.ReplaceAll(c.name, "`", "``") + "`")
	}
	sql.WriteString(" FROM information_schema." + from)
	if where = strings.TrimPrefix(where, " AND "); where != "" {
		sql.WriteString(" WHERE " + where)
	}
	if order != "" {
		sql.WriteString(" ORDER BY " + order)
	}
	stmt, err := sqlparse.Parse(sql.String())
	if err != nil {
		return nil, sqlerr.Wrap(err, "planning SHOW")
	}
	sel := stmt.AST.(*sqlparser.Select)
	if sh.Where != "" {
		cond, err := showWhere(sh.Where, cols)
		if err != nil {
			return nil, err
		}
		if sel.Where == nil {
			sel.Where = &sqlparser.Where{Type: sqlparser.WhereStr, Expr: cond}
		} else {
			sel.Where.Expr = &sqlparser.AndExpr{Left: sel.Where.Expr, Right: &sqlparser.ParenExpr{Expr: cond}}
		}
	}
	sub := *p
	sub.stmt = stmt
	return sub.selectPlan(sel)
}

// showWhere parses a SHOW's WHERE condition and points the output column
// names it uses at the information_schema columns they show.
func showWhere(text string, cols []showColumn) (sqlparser.Expr, error) {
	stmt, err := sqlparse.Parse("SELECT 1 FROM dual WHERE " + text)
	if err != nil {
		return nil, err
	}
	if stmt.NumPositional > 0 || len(stmt.Names) > 0 {
		return nil, unsupported("parameters in SHOW ... WHERE")
	}
	cond := stmt.AST.(*sqlparser.Select).Where.Expr
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		if c, ok := n.(*sqlparser.ColName); ok && c.Qualifier.IsEmpty() {
			for _, sc := range cols {
				if equalFold(c.Name.String(), sc.name) {
					c.Name = sqlparser.NewColIdent(sc.source)
				}
			}
		}
		return true, nil
	}, cond)
	return cond, nil
}

func likeCond(col, pattern string) string {
	if pattern == "" {
		return ""
	}
	return " AND " + col + " LIKE " + quoteString(pattern)
}

// quoteString writes s as a SQL string literal.
func quoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}
