package planner

import "github.com/sqlmongo/sqlmongo/internal/sqltypes"

// Columns holding documents and arrays print as MariaDB prints JSON, with
// the same code the JSON functions use.
func init() {
	sqltypes.JSONFormat = func(j sqltypes.JSON) string { return jsonText(j.Raw) }
}
