package planner

import (
	"maps"
	"slices"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// InformationSchema is the schema name of the virtual introspection tables.
const InformationSchema = "information_schema"

// The virtual tables of information_schema, with the columns (names, order
// and types) MySQL 8 gives them. Their rows come from the catalog, the
// collection list and the index lists: exec produces them (exec/infoschema.go)
// when a Scan is Virtual, and every operator above runs in-process.
var infoSchemaTables = map[string][]string{
	"SCHEMATA": {"CATALOG_NAME", "SCHEMA_NAME", "DEFAULT_CHARACTER_SET_NAME", "DEFAULT_COLLATION_NAME",
		"SQL_PATH", "DEFAULT_ENCRYPTION"},
	"TABLES": {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_TYPE", "ENGINE", "#VERSION",
		"ROW_FORMAT", "#TABLE_ROWS", "#AVG_ROW_LENGTH", "#DATA_LENGTH", "#MAX_DATA_LENGTH", "#INDEX_LENGTH",
		"#DATA_FREE", "#AUTO_INCREMENT", "@CREATE_TIME", "@UPDATE_TIME", "@CHECK_TIME", "TABLE_COLLATION",
		"#CHECKSUM", "CREATE_OPTIONS", "TABLE_COMMENT"},
	"COLUMNS": {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "#ORDINAL_POSITION",
		"+COLUMN_DEFAULT", "IS_NULLABLE", "DATA_TYPE", "#CHARACTER_MAXIMUM_LENGTH",
		"#CHARACTER_OCTET_LENGTH", "#NUMERIC_PRECISION", "#NUMERIC_SCALE", "#DATETIME_PRECISION",
		"CHARACTER_SET_NAME", "COLLATION_NAME", "+COLUMN_TYPE", "COLUMN_KEY", "EXTRA", "PRIVILEGES",
		"+COLUMN_COMMENT", "+GENERATION_EXPRESSION", "#SRS_ID"},
	"STATISTICS": {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "#NON_UNIQUE", "INDEX_SCHEMA",
		"INDEX_NAME", "#SEQ_IN_INDEX", "COLUMN_NAME", "COLLATION", "#CARDINALITY", "#SUB_PART", "PACKED",
		"NULLABLE", "INDEX_TYPE", "COMMENT", "INDEX_COMMENT", "IS_VISIBLE", "+EXPRESSION"},
	"KEY_COLUMN_USAGE": {"CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_CATALOG",
		"TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "#ORDINAL_POSITION", "#POSITION_IN_UNIQUE_CONSTRAINT",
		"REFERENCED_TABLE_SCHEMA", "REFERENCED_TABLE_NAME", "REFERENCED_COLUMN_NAME"},
	"TABLE_CONSTRAINTS": {"CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_SCHEMA",
		"TABLE_NAME", "CONSTRAINT_TYPE", "ENFORCED"},
	"REFERENTIAL_CONSTRAINTS": {"CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME",
		"UNIQUE_CONSTRAINT_CATALOG", "UNIQUE_CONSTRAINT_SCHEMA", "UNIQUE_CONSTRAINT_NAME", "MATCH_OPTION",
		"UPDATE_RULE", "DELETE_RULE", "TABLE_NAME", "REFERENCED_TABLE_NAME"},
	// SESSION_VARIABLES and SESSION_STATUS serve SHOW VARIABLES and SHOW
	// STATUS (MySQL 8 keeps them in performance_schema, MariaDB here;
	// GLOBAL_* read the same rows).
	"SESSION_VARIABLES": {"VARIABLE_NAME", "+VARIABLE_VALUE"},
	"SESSION_STATUS":    {"VARIABLE_NAME", "+VARIABLE_VALUE"},
}

var infoSchemaAliases = map[string]string{"GLOBAL_VARIABLES": "SESSION_VARIABLES", "GLOBAL_STATUS": "SESSION_STATUS"}

// InfoSchemaTable returns the virtual table information_schema.name (any
// letter case), or nil when MySQL has no such table here. Column names are
// upper case, as MySQL 8 reports them; a leading # in the definitions marks
// BIGINT UNSIGNED columns, + TEXT ones, @ DATETIME ones, the rest VARCHAR.
func InfoSchemaTable(name string) *Table {
	up := strings.ToUpper(name)
	if a, ok := infoSchemaAliases[up]; ok {
		up = a
	}
	cols, ok := infoSchemaTables[up]
	if !ok {
		return nil
	}
	t := &Table{Name: up, Defined: true, Virtual: true}
	for _, c := range cols {
		typ := sqltypes.Type{Kind: sqltypes.Varchar, Length: 64}
		switch c[0] {
		case '#':
			typ = sqltypes.Type{Kind: sqltypes.Int, Unsigned: true}
			c = c[1:]
		case '+':
			typ = sqltypes.Type{Kind: sqltypes.Text}
			c = c[1:]
		case '@':
			typ = sqltypes.Type{Kind: sqltypes.DateTime}
			c = c[1:]
		}
		t.Columns = append(t.Columns, TableColumn{Name: c, Type: typ})
	}
	return t
}

// InfoSchemaTables lists the names of information_schema's tables, sorted.
func InfoSchemaTables() []string {
	return slices.Sorted(maps.Keys(infoSchemaTables))
}

// virtualNames returns, from a virtual scan's WHERE, the table names its
// rows are limited to (TABLE_NAME = 'x' or TABLE_NAME IN (...), literals or
// parameters): exec then reads only those tables' definitions. The filter
// above still decides; this only spares sampling every collection.
func virtualNames(t *Table, where Expr) []Expr {
	_, col := t.Column("TABLE_NAME")
	if col < 0 || where == nil {
		return nil
	}
	isCol := func(e Expr) bool {
		c, ok := e.(*ColRef)
		return ok && c.Index == col
	}
	isValue := func(e Expr) bool {
		switch x := e.(type) {
		case *Literal:
			_, ok := x.Value.(string)
			return ok
		case *ParamRef:
			return true
		}
		return false
	}
	for _, c := range conjuncts(where) {
		switch x := c.(type) {
		case *Compare:
			if x.Op == OpEq && isCol(x.L) && isValue(x.R) {
				return []Expr{x.R}
			}
			if x.Op == OpEq && isCol(x.R) && isValue(x.L) {
				return []Expr{x.L}
			}
		case *InList:
			if x.Negate || !isCol(x.X) {
				continue
			}
			ok := true
			for _, v := range x.List {
				ok = ok && isValue(v)
			}
			if ok {
				return x.List
			}
		}
	}
	return nil
}
