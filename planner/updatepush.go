package planner

import (
	"fmt"
	"math"
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// IncUpdate is an UPDATE whose every assignment is col = col ± constant on
// an integer or DOUBLE column: a $inc, atomic on every server (FerretDB v1
// included), so concurrent increments are never lost. Values are the
// constants (literals or parameters; exec falls back to the plan's other
// path when a parameter's value is not a number the column's arithmetic
// keeps exact). Filter, when the WHERE translates, is the pushed filter
// with each column required non-NULL (NULL + c stays NULL: the row is left
// as it is); else exec reads the rows from the plan's Source and sends a
// $inc for each by _id.
type IncUpdate struct {
	Filter bson.D
	Paths  []string
	Values []Expr
	Kinds  []sqltypes.Kind // each column's kind: Int or Double
	// Bounds, per path, is the range strict mode checks the column's
	// values against (nil: none, a BIGINT or DOUBLE): exec first looks for
	// a row the $inc would take out of it and then runs the UPDATE
	// in-process instead, where each row is stored as MySQL stores it (an
	// error naming the row, or a clamped value); the $inc's filter keeps
	// to the range, so a concurrent write cannot push a row past it.
	Bounds []*[2]int64
}

// maxIncDouble bounds a DOUBLE increment: adding less than half an ulp of
// MaxFloat64 never overflows (DocumentDB would store an infinity).
const maxIncDouble = 1 << 53

// incPlan returns the $inc form of set, or nil.
func (p *planCtx) incPlan(b *binder, up *sqlparser.Update, set []Assignment) (*IncUpdate, error) {
	inc := &IncUpdate{}
	for _, a := range set {
		c, ok := a.Value.(*Call)
		if !ok || a.Index < 0 || a.Path == "_id" || len(c.Args) != 2 || (c.Def.Name != "+" && c.Def.Name != "-") {
			return nil, nil
		}
		kind := a.Column.Type.Kind
		if kind != sqltypes.Int && kind != sqltypes.Double {
			return nil, nil
		}
		var bounds *[2]int64
		if b.scope.table.Defined && sqltypes.NeedsStoreCheck(a.Column.Type) {
			lo, hi, ok := sqltypes.IntBounds(a.Column.Type)
			if kind != sqltypes.Int || !ok {
				return nil, nil // FLOAT, YEAR: stored in-process
			}
			bounds = &[2]int64{lo, hi}
		}
		col, k := c.Args[0], c.Args[1]
		if c.Def.Name == "+" && !sameColumn(col, a.Path) {
			col, k = k, col
		}
		if !sameColumn(col, a.Path) || !incConstant(k, kind) {
			return nil, nil
		}
		if c.Def.Name == "-" {
			if l, ok := k.(*Literal); ok {
				if l.Value == any(int64(math.MinInt64)) {
					return nil, nil
				}
				k = &Literal{Value: negate(l.Value), T: l.T}
			} else {
				k = &Call{Def: c.Def, Args: []Expr{&Literal{Value: int64(0), T: sqltypes.Type{Kind: sqltypes.Int}}, k}, T: c.T}
			}
		}
		for _, prev := range inc.Paths {
			if prev == a.Path {
				return nil, nil // SET n = n + 1, n = n + 1: one $inc per field
			}
		}
		inc.Paths = append(inc.Paths, a.Path)
		inc.Values = append(inc.Values, k)
		inc.Kinds = append(inc.Kinds, kind)
		inc.Bounds = append(inc.Bounds, bounds)
	}
	if len(inc.Paths) > 1 {
		// The rows a NULL leaves alone are filtered out whole: with two
		// columns, a NULL in one would keep the other from its $inc.
		for _, a := range set {
			if !a.Column.NotNull {
				return nil, nil
			}
		}
	}
	filter, src, err := p.dmlSource(b, up.Where, up.OrderBy, up.Limit, false)
	if err != nil || src != nil {
		return inc, err
	}
	guard := make(bson.D, len(inc.Paths))
	for i, path := range inc.Paths {
		guard[i] = bson.E{Key: path, Value: bson.D{{Key: "$ne", Value: nil}}}
	}
	if len(filter) == 0 {
		inc.Filter = guard
	} else {
		inc.Filter = bson.D{{Key: "$and", Value: bson.A{filter, guard}}}
	}
	return inc, nil
}

func sameColumn(e Expr, path string) bool {
	c, ok := e.(*ColRef)
	return ok && c.Path == path
}

// incConstant reports a constant a $inc can add exactly: an integer for an
// integer column, a number of at most 2^53 for a DOUBLE one, or a
// parameter (checked by exec when bound).
func incConstant(e Expr, kind sqltypes.Kind) bool {
	switch x := e.(type) {
	case *ParamRef:
		return true
	case *Literal:
		return IncValueOK(x.Value, kind)
	}
	return false
}

// IncValueOK reports a value a $inc of a column of the kind adds as SQL
// does: an int64 to an integer, a number of at most 2^53 in magnitude to a
// DOUBLE.
func IncValueOK(v any, kind sqltypes.Kind) bool {
	if _, isInt := v.(int64); kind == sqltypes.Int {
		return isInt
	}
	switch v.(type) {
	case int64, float64, bson.Decimal128: // DOUBLE + DECIMAL is a DOUBLE sum
		f, ok := sqltypes.ToFloat(v)
		return ok && f >= -maxIncDouble && f <= maxIncDouble
	}
	return false
}

func negate(v any) any {
	switch x := v.(type) {
	case int64:
		return -x
	case float64:
		return -x
	case bson.Decimal128:
		if r, ok := sqltypes.DecimalRat(x); ok {
			f, _ := r.Float64()
			return -f
		}
	}
	return v
}

// NotNullMarker starts the text a pipeline update fails to convert when a
// NOT NULL column's new value is NULL, followed by the column's name and
// "|"; exec reports the column.
const NotNullMarker = "sqlmongo NOT NULL column: "

// notNullGuard makes an update pipeline fail rather than store NULL in a
// NOT NULL column ($switch: DocumentDB evaluates both branches of $cond).
func notNullGuard(v any, column string) bson.D {
	return bson.D{{Key: "$let", Value: bson.D{
		{Key: "vars", Value: bson.D{{Key: "nn", Value: v}}},
		{Key: "in", Value: bson.D{{Key: "$switch", Value: bson.D{
			{Key: "branches", Value: bson.A{bson.D{
				{Key: "case", Value: bson.D{{Key: "$lte", Value: bson.A{"$$nn", nil}}}},
				// The text depends on the row, so no server folds the
				// failing conversion into the pipeline as a constant.
				{Key: "then", Value: bson.D{{Key: "$toLong", Value: bson.D{{Key: "$concat", Value: bson.A{
					bson.D{{Key: "$literal", Value: NotNullMarker + column + "|"}}, bson.D{{Key: "$type", Value: "$$nn"}},
				}}}}}},
			}}},
			{Key: "default", Value: "$$nn"},
		}}}},
	}}}
}

// neverNull lists the functions whose value is NULL only when an
// argument is.
var neverNull = map[string]bool{"+": true, "-": true, "*": true, "concat": true}

// mayBeNull reports whether e, assigned by an UPDATE of t, may be NULL: a
// nullable column, a NULL literal, or a function other than those of
// neverNull. Parameters are not (an execution with a NULL argument is
// planned again with it as a literal); a NOT NULL column is not, even
// when an earlier assignment of the same SET wrote it (its own guard kept
// it from NULL).
func mayBeNull(e Expr, t *Table) bool {
	switch x := e.(type) {
	case *ColRef:
		c, _ := t.Column(x.Name)
		return c == nil || !c.NotNull
	case *Literal:
		return x.Value == nil
	case *ParamRef:
		return false
	case *Call:
		if !neverNull[x.Def.Name] {
			return true
		}
		for _, a := range x.Args {
			if mayBeNull(a, t) {
				return true
			}
		}
		return false
	}
	return true
}

// describeInc explains an UPDATE in its $inc form.
func describeInc(p *Update, sets string, canonical bool) []ExplainLine {
	var src Node
	if p.Inc.Filter == nil {
		src = p.Source
	}
	lines := writeLines("update "+p.Table.Name, sets, p.Inc.Filter, src, canonical)
	inc := make(bson.D, len(p.Inc.Paths))
	for i, path := range p.Inc.Paths {
		var v any = ExprString(p.Inc.Values[i])
		if l, ok := p.Inc.Values[i].(*Literal); ok {
			v = sqltypes.ToBSON(l.Value)
			if p.Inc.Kinds[i] == sqltypes.Double {
				v, _ = sqltypes.ToFloat(l.Value) // as exec sends it
			}
		}
		inc[i] = bson.E{Key: path, Value: v}
	}
	b, _ := bson.MarshalExtJSON(bson.D{{Key: "$inc", Value: inc}}, canonical, false)
	how := "updateMany with the filter"
	if src != nil {
		how = "updateMany by _id of the rows found"
	}
	lines = append(lines, ExplainLine{Operator: "  mongo update", Detail: string(b) + ": " + how + ", atomic per row where the server's updates are (rows whose value is NULL keep it)"})
	for i, b := range p.Inc.Bounds {
		if b != nil {
			lines = append(lines, ExplainLine{Operator: "  range check", Detail: fmt.Sprintf("%s within [%d, %d]: a read first looks for a row the $inc would take out of range; "+
				"with one, the UPDATE runs in-process, storing each row as MySQL does", p.Inc.Paths[i], b[0], b[1])})
		}
	}
	return lines
}

// describeUpdateNotes says how a row-dependent UPDATE that is not one
// atomic server-side write is made, and what that costs under concurrency.
func describeUpdateNotes(p *Update) []ExplainLine {
	if len(p.CheckNull) > 0 {
		return []ExplainLine{{Operator: "  check NOT NULL", Detail: strings.Join(p.CheckNull, ", ") +
			": the pipeline runs first as a read over the same rows; a row that would store NULL fails the statement before anything is written"}}
	}
	if p.Pipeline != nil || p.MovesID || !RowDependent(p) {
		return nil
	}
	return []ExplainLine{{Operator: "  not atomic", Detail: "values computed in-process from the rows read, then written by _id: " +
		"UPDATEs through one connector run one at a time per table, but an update another client makes to a row between the read and the write is lost " +
		"(no update pipeline under this profile, or a value without an exact MQL form)"}}
}

// RowDependent reports an UPDATE whose values read the row.
func RowDependent(p *Update) bool {
	for _, a := range p.Set {
		if !isConstant(a.Value) {
			return true
		}
	}
	return false
}
