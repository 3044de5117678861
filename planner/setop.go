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
	if root, ok := p.unionWith(n); ok {
		q.Root = root
		return q, nil
	}
	q.InProcess = l.InProcess
	if q.InProcess == "" {
		q.InProcess = r.InProcess
	}
	if q.InProcess == "" && p.caps.Expr && p.caps.Group {
		q.InProcess = "set operation " + n.Label() + " runs in-process" + setReason(n)
	}
	return q, nil
}

// setReason says why a set operation was not made one pipeline.
func setReason(n *SetOp) string {
	switch {
	case n.Op != sqlparse.Union:
		return " (only UNION becomes $unionWith)"
	case !pushedScan(n.Left) || !pushedScan(n.Right):
		return " (an operand is not one pipeline)"
	}
	return " (the operands' column types differ)"
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

// unionWith makes UNION [ALL] of two fully pushed operands one pipeline
// under the full aggregation language: the left pipeline, $unionWith the
// right one, and for UNION the $group by every column that fullPipeline
// uses for DISTINCT. Only when each column has the same type on both
// sides: a conversion (1 and '1' in a string result) is exec's.
func (p *planCtx) unionWith(n *SetOp) (Node, bool) {
	if n.Op != sqlparse.Union || !p.caps.Expr || !p.caps.Group || !p.caps.UnionWith || !pushedScan(n.Left) || !pushedScan(n.Right) {
		return nil, false
	}
	for i, t := range n.Types {
		if n.LeftTypes[i].Kind != t.Kind || n.RightTypes[i].Kind != t.Kind {
			return nil, false
		}
	}
	l, r := n.Left.(*Scan), n.Right.(*Scan)
	pl := append([]bson.D{}, l.Pipeline...)
	pl = append(pl, bson.D{{Key: "$unionWith", Value: bson.D{{Key: "coll", Value: r.Collection}, {Key: "pipeline", Value: r.Pipeline}}}})
	if !n.All {
		id := bson.D{}
		for i := range n.Types {
			c := fmt.Sprintf("c%d", i)
			// $ifNull makes a missing field null, so both group together.
			id = append(id, bson.E{Key: c, Value: bson.D{{Key: "$ifNull", Value: bson.A{"$" + c, nil}}}})
		}
		pl = append(pl, bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: id}}}},
			bson.D{{Key: "$replaceRoot", Value: bson.D{{Key: "newRoot", Value: "$_id"}}}})
	}
	return &Scan{Collection: l.Collection, Pipeline: pl, Fields: l.Fields, Types: n.Types}, true
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
	if s, ok := q.Root.(*Scan); ok && pushedScan(s) && p.caps.Expr && p.caps.Group && !needsResidualLimit(count) {
		// A pushed operation sorts and limits in its pipeline.
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
