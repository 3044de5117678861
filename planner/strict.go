package planner

import (
	"fmt"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// storeChecks says why an UPDATE's values must be computed in-process,
// where exec stores each under the connection's sql_mode, rather than in
// an update pipeline that would store whatever it computes: a column
// narrower than the arithmetic and string functions that fill it (TINYINT
// to INT, UNSIGNED, FLOAT, DECIMAL(p,s), CHAR(n), VARCHAR(n), TINYTEXT,
// TEXT), or a value that divides (by zero, an error in strict mode). ""
// when the pipeline stores exactly what MySQL would. Correctness over
// pushdown: the check needs each row's value.
func storeChecks(t *Table, set []Assignment) string {
	if !t.Defined {
		return "" // sampled collections take values as they come
	}
	for _, a := range set {
		if sqltypes.NeedsStoreCheck(a.Column.Type) {
			return fmt.Sprintf("column %s (%s) is range- or length-checked on store", a.Column.Name, a.Column.Type.DatabaseTypeName())
		}
		divides := false
		walkExpr(a.Value, func(e Expr) {
			if c, ok := e.(*Call); ok && (c.Def.Name == "/" || c.Def.Name == "%" || c.Def.Name == "div") {
				divides = divides || mayBeZero(c.Args[1])
			}
		})
		if divides {
			return fmt.Sprintf("the value of %s divides: a division by zero fails a write in strict mode", a.Column.Name)
		}
	}
	return ""
}

// mayBeZero reports a divisor that is not a non-zero literal.
func mayBeZero(e Expr) bool {
	l, ok := e.(*Literal)
	if !ok || l.Value == nil {
		return true
	}
	z, ok := sqltypes.Compare(l.Value, int64(0))
	return !ok || z == 0
}

func init() {
	// CAST in a value being written: strict mode refuses a string that
	// does not convert whole (1292), where elsewhere CAST warns.
	castDef.Strict = func(c *Call, a []any, _ sqltypes.SQLMode) error {
		s, ok := a[0].(string)
		if !ok {
			return nil
		}
		word := ""
		switch c.Aux.(castTarget).kind {
		case "signed", "unsigned":
			if !isIntegerText(s) {
				word = "INTEGER"
			}
		case "decimal":
			if !sqltypes.IsNumberText(s) {
				word = "DECIMAL"
			}
		case "double":
			if !sqltypes.IsNumberText(s) {
				word = "DOUBLE"
			}
		case "date", "datetime":
			if v, err := castDef.Eval(c, a); err == nil && v == nil {
				return sqlerr.MySQL(sqlerr.ErrTruncatedValue, "Incorrect datetime value: '%s'", s)
			}
		}
		if word != "" {
			return sqlerr.MySQL(sqlerr.ErrTruncatedValue, "Truncated incorrect %s value: '%s'", word, s)
		}
		return nil
	}
}

// isIntegerText reports a string that is wholly an integer, spaces
// around it allowed.
func isIntegerText(s string) bool {
	t := strings.TrimLeft(strings.TrimSpace(s), "+-")
	return t != "" && strings.Trim(t, "0123456789") == "" && len(strings.TrimSpace(s))-len(t) <= 1
}
