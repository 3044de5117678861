package planner

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// SetOp is a set operation over two inputs with the same number of
// columns. Types are the result's column types; LeftTypes and RightTypes
// the inputs' own, whose values exec converts to Types (AsSetType) where
// they differ, so that 1 and '1' meet as the same string in a VARCHAR
// result.
//
// UNION ALL streams Left then Right. UNION, INTERSECT and EXCEPT keep one
// row per distinct value list (SQL equality through GroupKey: 1 = 1.0,
// NULL equal to NULL as MySQL's set operations treat it); INTERSECT ALL
// and EXCEPT ALL count, with bag semantics (min(m, n) and max(m - n, 0)
// copies).
type SetOp struct {
	Op                           sqlparse.SetKind
	All                          bool
	Left, Right                  Node
	Types, LeftTypes, RightTypes []sqltypes.Type
}

func (*SetOp) isNode() {}

// Label is the operator as SQL writes it: "UNION ALL", "EXCEPT", ….
func (s *SetOp) Label() string {
	if s.All {
		return s.Op.String() + " ALL"
	}
	return s.Op.String()
}

// AsSetType converts a value of an operand's column type to the result
// column's type where the two differ (a number into a string result, an
// integer into a DECIMAL or DOUBLE one, a DATE into a DATETIME one): the
// conversion CASE and COALESCE apply to the value they choose.
func AsSetType(v any, from, to sqltypes.Type) any { return asType(v, from, to) }

// setPlan plans a statement that is a set operation.
func (p *planCtx) setPlan(s *sqlparse.Statement) (*Query, error) {
	q, err := p.setExprPlan(s.SetQuery)
	if err != nil {
		return nil, err
	}
	useFindBelowSet(q.Root)
	q.Explain = s.Explain
	return q, nil
}

// operandPlan plans one SELECT of a set operation as a query of its own.
// It is the one call into the single-SELECT planner.
func (p *planCtx) operandPlan(sel *sqlparser.Select, texts []string) (*Query, error) {
	sp := *p
	st := *p.stmt
	st.SelectTexts, st.AST, st.SetQuery = texts, sel, nil
	sp.stmt = &st
	return sp.selectPlan(sel)
}

func (p *planCtx) setExprPlan(e sqlparse.SetExpr) (*Query, error) {
	if err := p.stop.now(); err != nil {
		return nil, err
	}
	switch e := e.(type) {
	case *sqlparse.SetSelect:
		return p.operandPlan(e.Select, e.Texts)
	case *sqlparse.SetQuery:
		q, err := p.setExprPlan(e.Body)
		if err != nil {
			return nil, err
		}
		return p.setOrderLimit(q, e)
	case *sqlparse.SetOp:
		l, err := p.setExprPlan(e.Left)
		if err != nil {
			return nil, err
		}
		r, err := p.setExprPlan(e.Right)
		if err != nil {
			return nil, err
		}
		return p.combine(e, l, r)
	}
	return nil, sqlerr.New(sqlerr.Internal, "set operand %T", e)
}

// combine makes l op r, checking the column counts and unifying the
// column types; names come from the first SELECT, as in MySQL.
func (p *planCtx) combine(e *sqlparse.SetOp, l, r *Query) (*Query, error) {
	if len(l.Columns) != len(r.Columns) {
		return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrSetCols, "The used SELECT statements have a different number of columns")
	}
	n := &SetOp{Op: e.Op, All: e.All, Left: l.Root, Right: r.Root}
	cols := make([]sqltypes.Column, len(l.Columns))
	for i, c := range l.Columns {
		rc := r.Columns[i]
		t := setColumnType(c.Type, rc.Type)
		cols[i] = sqltypes.Column{Name: c.Name, Type: t, Nullable: c.Nullable || rc.Nullable}
		n.Types = append(n.Types, t)
		n.LeftTypes = append(n.LeftTypes, c.Type)
		n.RightTypes = append(n.RightTypes, rc.Type)
	}
	q := &Query{Columns: cols, Root: n}
	if root, ok := p.setPipeline(n); ok {
		q.Root = root
		return q, nil
	}
	q.InProcess = l.InProcess
	if q.InProcess == "" {
		q.InProcess = r.InProcess
	}
	if q.InProcess == "" && p.caps.Expr && p.caps.Group && !noFrom(n) {
		q.InProcess = "set operation " + n.Label() + " runs in-process" + setReason(n, p.caps)
	}
	return q, nil
}

// setReason says why a set operation was not made one pipeline.
func setReason(n *SetOp, caps Capabilities) string {
	if !caps.UnionWith {
		return " (the server has no $unionWith)"
	}
	for _, side := range []Node{n.Left, n.Right} {
		if !pushedScan(side) {
			what := "is not one pipeline"
			if noFrom(side) {
				what = "reads no collection (SELECT without FROM)"
			}
			return " (an operand " + what + ")"
		}
	}
	return " (the operands' column types differ)"
}

// noFrom reports an operand that reads no collection.
func noFrom(n Node) bool {
	switch n := n.(type) {
	case *Values:
		return true
	case *Project:
		return noFrom(n.Input)
	case *Sort:
		return noFrom(n.Input)
	case *Limit:
		return noFrom(n.Input)
	case *SetOp:
		return noFrom(n.Left) && noFrom(n.Right)
	}
	return false
}

// setColumnType is the type of a result column: NULL takes the other
// side's type, DECIMALs keep the larger scale.
func setColumnType(a, b sqltypes.Type) sqltypes.Type {
	switch {
	case a.Kind == sqltypes.Null:
		return b
	case b.Kind == sqltypes.Null:
		return a
	}
	t := mergeTypes(a, b)
	if t.Kind == sqltypes.Decimal && (a.Kind != b.Kind || a.Scale != b.Scale) {
		t.Scale = max(a.Scale, b.Scale)
		t.Name = ""
	}
	return t
}

// pushedScan reports a fully pushed operand: one pipeline whose
// documents are the rows, fields c0…cN.
func pushedScan(n Node) bool {
	s, ok := n.(*Scan)
	if !ok || s.Virtual || s.Find != nil || len(s.Pipeline) == 0 {
		return false
	}
	for i, f := range s.Fields {
		if f != fmt.Sprintf("c%d", i) {
			return false
		}
	}
	return true
}

// setPipeline makes a set operation over two fully pushed operands one
// pipeline under the full aggregation language, when each column has the
// same type on both sides (a conversion, 1 and '1' meeting in a string
// result, is exec's). UNION ALL is the left pipeline then $unionWith the
// right one; UNION adds a $group by every column (the form a route
// uses for DISTINCT). INTERSECT and EXCEPT mark each side's documents,
// $group them counting both sides per value list and keep the lists
// the operator keeps; their ALL forms unwind a $range to repeat a list
// min(l, r) or l - r times.
func (p *planCtx) setPipeline(n *SetOp) (Node, bool) {
	if !p.caps.Expr || !p.caps.Group || !p.caps.UnionWith || !pushedScan(n.Left) || !pushedScan(n.Right) {
		return nil, false
	}
	l, r := n.Left.(*Scan), n.Right.(*Scan)
	lconv, ok1 := setConversions(n.LeftTypes, n.Types)
	rconv, ok2 := setConversions(n.RightTypes, n.Types)
	if !ok1 || !ok2 {
		return nil, false
	}
	pl := append(append([]bson.D{}, l.Pipeline...), lconv...)
	rpl := append(append([]bson.D{}, r.Pipeline...), rconv...)
	counted := n.Op != sqlparse.Union
	if counted {
		mark := func(left, right int32) bson.D {
			return bson.D{{Key: "$addFields", Value: bson.D{
				{Key: "_l", Value: bson.D{{Key: "$literal", Value: left}}},
				{Key: "_r", Value: bson.D{{Key: "$literal", Value: right}}}}}}
		}
		pl = append(pl, mark(1, 0))
		rpl = append(rpl, mark(0, 1))
	}
	// A bson.A, not a []bson.D: BindPipeline finds placeholders in the
	// BSON types only.
	sub := make(bson.A, len(rpl))
	for i, st := range rpl {
		sub[i] = st
	}
	pl = append(pl, bson.D{{Key: "$unionWith", Value: bson.D{{Key: "coll", Value: r.Collection}, {Key: "pipeline", Value: sub}}}})
	if n.Op == sqlparse.Union && n.All {
		return &Scan{Collection: l.Collection, Pipeline: pl, Fields: l.Fields, Types: n.Types}, true
	}
	id := bson.D{}
	for i := range n.Types {
		c := fmt.Sprintf("c%d", i)
		// $ifNull makes a missing field null, so both group together.
		id = append(id, bson.E{Key: c, Value: bson.D{{Key: "$ifNull", Value: bson.A{"$" + c, nil}}}})
	}
	group := bson.D{{Key: "_id", Value: id}}
	if counted {
		group = append(group, bson.E{Key: "l", Value: bson.D{{Key: "$sum", Value: "$_l"}}},
			bson.E{Key: "r", Value: bson.D{{Key: "$sum", Value: "$_r"}}})
	}
	pl = append(pl, bson.D{{Key: "$group", Value: group}})
	if counted {
		// How many copies of each value list the result holds.
		var copies any
		switch {
		case n.Op == sqlparse.Intersect && n.All:
			copies = bson.D{{Key: "$min", Value: bson.A{"$l", "$r"}}}
		case n.Op == sqlparse.Intersect:
			copies = bson.D{{Key: "$cond", Value: bson.A{bson.D{{Key: "$and", Value: bson.A{
				bson.D{{Key: "$gt", Value: bson.A{"$l", 0}}}, bson.D{{Key: "$gt", Value: bson.A{"$r", 0}}}}}}, 1, 0}}}
		case n.All:
			copies = bson.D{{Key: "$subtract", Value: bson.A{"$l", "$r"}}}
		default:
			copies = bson.D{{Key: "$cond", Value: bson.A{bson.D{{Key: "$eq", Value: bson.A{"$r", 0}}}, 1, 0}}}
		}
		pl = append(pl, bson.D{{Key: "$match", Value: bson.D{{Key: "$expr", Value: bson.D{{Key: "$gt", Value: bson.A{copies, 0}}}}}}})
		if n.All {
			pl = append(pl, bson.D{{Key: "$addFields", Value: bson.D{{Key: "_n", Value: bson.D{{Key: "$range", Value: bson.A{0, copies}}}}}}},
				bson.D{{Key: "$unwind", Value: "$_n"}})
		}
	}
	pl = append(pl, bson.D{{Key: "$replaceRoot", Value: bson.D{{Key: "newRoot", Value: "$_id"}}}})
	return &Scan{Collection: l.Collection, Pipeline: pl, Fields: l.Fields, Types: n.Types}, true
}

// setConversions is the stage that brings an operand's columns to the
// result's types in a pipeline: an integer into a DECIMAL result
// ($toDecimal, exact), an integer or DECIMAL into a DOUBLE one
// ($toDouble, as asType converts). Any other difference (a number into
// a string result would need MySQL's formatting) keeps the operation
// in-process.
func setConversions(from, to []sqltypes.Type) ([]bson.D, bool) {
	set := bson.D{}
	for i, t := range to {
		f := from[i]
		if f.Kind == t.Kind || f.Kind == sqltypes.Null {
			continue
		}
		c := fmt.Sprintf("c%d", i)
		switch {
		case t.Kind == sqltypes.Decimal && f.Kind == sqltypes.Int:
			set = append(set, bson.E{Key: c, Value: bson.D{{Key: "$toDecimal", Value: "$" + c}}})
		case t.Kind == sqltypes.Double && (f.Kind == sqltypes.Int || f.Kind == sqltypes.Decimal):
			set = append(set, bson.E{Key: c, Value: bson.D{{Key: "$toDouble", Value: "$" + c}}})
		default:
			return nil, false
		}
	}
	if len(set) == 0 {
		return nil, true
	}
	return []bson.D{{{Key: "$addFields", Value: set}}}, true
}

// setOrderLimit applies the ORDER BY and LIMIT of a whole set operation.
// Its keys name output columns, by name or ordinal, as MySQL requires.
func (p *planCtx) setOrderLimit(q *Query, e *sqlparse.SetQuery) (*Query, error) {
	var keys []SortKey
	for _, o := range e.OrderBy {
		i, err := outputColumn(o.Expr, q.Columns)
		if err != nil {
			return nil, err
		}
		c := q.Columns[i]
		keys = append(keys, SortKey{Expr: &ColRef{Index: i, Name: c.Name, Path: fmt.Sprintf("c%d", i), T: c.Type}, Desc: o.Direction == sqlparser.DescScr})
	}
	var offset, count Expr
	if e.Limit != nil {
		b := p.binder()
		var err error
		if offset, err = b.limitValue(e.Limit.Offset); err != nil {
			return nil, err
		}
		if count, err = b.limitValue(e.Limit.Rowcount); err != nil {
			return nil, err
		}
	}
	if s, ok := q.Root.(*Scan); ok && pushedScan(s) && p.caps.Expr && p.caps.Group {
		// A pushed operation sorts and limits in its pipeline; a count
		// the server cannot take as is (a parameter) is applied again
		// here, as a route does.
		if isZero(count) {
			q.Root = &Values{}
			return q, nil
		}
		if len(keys) > 0 {
			s.Pipeline = append(s.Pipeline, bson.D{{Key: "$sort", Value: sortDoc(keys, nil)}})
		}
		if offset != nil {
			v, _ := limitBSON(offset, false)
			s.Pipeline = append(s.Pipeline, bson.D{{Key: "$skip", Value: v}})
		}
		if count != nil {
			v, _ := limitBSON(count, true)
			s.Pipeline = append(s.Pipeline, bson.D{{Key: "$limit", Value: v}})
		}
		if needsResidualLimit(count) {
			q.Root = &Limit{Input: s, Count: count}
		}
		return q, nil
	}
	if len(keys) > 0 {
		q.Root = &Sort{Input: q.Root, Keys: keys}
	}
	if offset != nil || count != nil {
		q.Root = &Limit{Input: q.Root, Offset: offset, Count: count}
	}
	return q, nil
}

// outputColumn resolves an ORDER BY key of a set operation: an ordinal
// or the name of a result column.
func outputColumn(e sqlparser.Expr, cols []sqltypes.Column) (int, error) {
	switch x := e.(type) {
	case *sqlparser.SQLVal:
		if x.Type == sqlparser.IntVal {
			n := 0
			for _, c := range x.Val {
				n = n*10 + int(c-'0')
			}
			if n < 1 || n > len(cols) {
				return 0, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%d' in 'order clause'", n)
			}
			return n - 1, nil
		}
	case *sqlparser.ColName:
		name := x.Name.String()
		if !x.Qualifier.IsEmpty() {
			return 0, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s' in 'order clause': a set operation's ORDER BY names its result columns", sqlparser.String(x))
		}
		for i, c := range cols {
			if strings.EqualFold(c.Name, name) {
				return i, nil
			}
		}
		return 0, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%s' in 'order clause'", name)
	}
	return 0, unsupported("ORDER BY %s after a set operation: name a result column or its position", sqlparser.String(e))
}

// useFindBelowSet lets each pushed leaf of a set operation run as a find
// where it can (useFind stops at operators it does not know).
func useFindBelowSet(n Node) {
	switch n := n.(type) {
	case *SetOp:
		useFindBelowSet(n.Left)
		useFindBelowSet(n.Right)
	case *Sort:
		useFindBelowSet(n.Input)
	case *Limit:
		useFindBelowSet(n.Input)
	default:
		useFind(n)
	}
}
