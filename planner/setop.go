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

// setExprPlan plans a set operation as a query.
func (p *planCtx) setExprPlan(e sqlparse.SetExpr) (*Query, error) {
	t, err := p.setExprTree(e)
	if err != nil {
		return nil, err
	}
	return p.queryOf(t), nil
}

// operandTree binds one SELECT of a set operation. It is the one call
// into the SELECT binder.
func (p *planCtx) operandTree(sel *sqlparser.Select, texts []string) (*queryTree, error) {
	sp := *p
	st := *p.stmt
	st.SelectTexts, st.AST, st.SetQuery = texts, sel, nil
	sp.stmt = &st
	return sp.selectTree(sel)
}

// setExprTree binds a set operation into a logical plan: a setOp per
// operator, ORDER BY and LIMIT of the whole above it.
func (p *planCtx) setExprTree(e sqlparse.SetExpr) (*queryTree, error) {
	if err := p.stop.now(); err != nil {
		return nil, err
	}
	switch e := e.(type) {
	case *sqlparse.SetSelect:
		return p.operandTree(e.Select, e.Texts)
	case *sqlparse.SetQuery:
		t, err := p.setExprTree(e.Body)
		if err != nil {
			return nil, err
		}
		return p.setOrderLimit(t, e)
	case *sqlparse.SetOp:
		l, err := p.setExprTree(e.Left)
		if err != nil {
			return nil, err
		}
		r, err := p.setExprTree(e.Right)
		if err != nil {
			return nil, err
		}
		return combine(e, l, r)
	}
	return nil, sqlerr.New(sqlerr.Internal, "set operand %T", e)
}

// setOp is a set operation of two queries with as many columns: the
// logical form of SetOp.
type setOp struct {
	kind                         sqlparse.SetKind
	all                          bool
	left, right                  op
	types, leftTypes, rightTypes []sqltypes.Type
}

func (o *setOp) children() []op { return []op{o.left, o.right} }
func (o *setOp) withChildren(cs ...op) op {
	c := *o
	c.left, c.right = cs[0], cs[1]
	return &c
}

func (o *setOp) label() string {
	if o.all {
		return o.kind.String() + " ALL"
	}
	return o.kind.String()
}

// combine makes l op r, checking the column counts and unifying the
// column types; names come from the first SELECT, as in MySQL.
func combine(e *sqlparse.SetOp, l, r *queryTree) (*queryTree, error) {
	if len(l.cols) != len(r.cols) {
		return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrSetCols, "The used SELECT statements have a different number of columns")
	}
	n := &setOp{kind: e.Op, all: e.All, left: l.tree, right: r.tree}
	logical := &setOp{kind: e.Op, all: e.All, left: l.logical, right: r.logical}
	cols := make([]sqltypes.Column, len(l.cols))
	for i, c := range l.cols {
		rc := r.cols[i]
		t := setColumnType(c.Type, rc.Type)
		cols[i] = sqltypes.Column{Name: c.Name, Type: t, Nullable: c.Nullable || rc.Nullable}
		n.types = append(n.types, t)
		n.leftTypes = append(n.leftTypes, c.Type)
		n.rightTypes = append(n.rightTypes, rc.Type)
	}
	logical.types, logical.leftTypes, logical.rightTypes = n.types, n.leftTypes, n.rightTypes
	// An operand over information_schema keeps what is above it
	// in-process too.
	return &queryTree{tree: n, logical: logical, cols: cols, full: l.full && r.full}, nil
}

// setReason says why a set operation was not made one pipeline.
func (p *planCtx) setReason(n *setOp) string {
	if !p.caps.UnionWith {
		return " (the server has no $unionWith)"
	}
	for _, side := range []op{n.left, n.right} {
		if !wholeRoute(side) {
			what := "is not one pipeline"
			if noFromOp(side) {
				what = "reads no collection (SELECT without FROM)"
			}
			return " (an operand " + what + ")"
		}
	}
	return " (the operands' column types differ)"
}

// noFromOp reports an operand that reads no collection.
func noFromOp(o op) bool {
	switch o := o.(type) {
	case *valuesOp:
		return true
	case *projectOp, *orderOp, *limitOp:
		return noFromOp(o.children()[0])
	case *setOp:
		return noFromOp(o.left) && noFromOp(o.right)
	}
	return false
}

// wholeRoute reports an operand that is one pipeline whose documents are
// its rows, fields c0…cN.
func wholeRoute(o op) bool {
	r, ok := o.(*route)
	return ok && r.full && r.complete && r.residual == nil && (r.set != nil || !r.get.scan.Virtual)
}

// mergeSet is pushdown's rule for a set operation: two whole routes
// become one with $unionWith under the full language, when each column
// converts to the result's type in MQL.
func (p *planCtx) mergeSet(n *setOp, full bool) op {
	if !full || !p.caps.UnionWith || !wholeRoute(n.left) || !wholeRoute(n.right) {
		return n
	}
	_, ok1 := setConversions(n.leftTypes, n.types)
	_, ok2 := setConversions(n.rightTypes, n.types)
	if !ok1 || !ok2 {
		return n
	}
	return &route{set: n, open: true, full: true, complete: true}
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

// setPipeline makes a set operation over two fully pushed operands one
// pipeline under the full aggregation language, when each column has the
// same type on both sides (a conversion, 1 and '1' meeting in a string
// result, is exec's). UNION ALL is the left pipeline then $unionWith the
// right one; UNION adds a $group by every column (the form a route
// uses for DISTINCT). INTERSECT and EXCEPT mark each side's documents,
// $group them counting both sides per value list and keep the lists
// the operator keeps; their ALL forms unwind a $range to repeat a list
// min(l, r) or l - r times.
func setPipeline(n *setOp, l, r *Scan) *Scan {
	lconv, _ := setConversions(n.leftTypes, n.types)
	rconv, _ := setConversions(n.rightTypes, n.types)
	pl := append(append([]bson.D{}, l.Pipeline...), lconv...)
	rpl := append(append([]bson.D{}, r.Pipeline...), rconv...)
	counted := n.kind != sqlparse.Union
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
	if n.kind == sqlparse.Union && n.all {
		return &Scan{Collection: l.Collection, Pipeline: pl, Fields: l.Fields, Types: n.types}
	}
	id := bson.D{}
	for i := range n.types {
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
		case n.kind == sqlparse.Intersect && n.all:
			copies = bson.D{{Key: "$min", Value: bson.A{"$l", "$r"}}}
		case n.kind == sqlparse.Intersect:
			copies = bson.D{{Key: "$cond", Value: bson.A{bson.D{{Key: "$and", Value: bson.A{
				bson.D{{Key: "$gt", Value: bson.A{"$l", 0}}}, bson.D{{Key: "$gt", Value: bson.A{"$r", 0}}}}}}, 1, 0}}}
		case n.all:
			copies = bson.D{{Key: "$subtract", Value: bson.A{"$l", "$r"}}}
		default:
			copies = bson.D{{Key: "$cond", Value: bson.A{bson.D{{Key: "$eq", Value: bson.A{"$r", 0}}}, 1, 0}}}
		}
		pl = append(pl, bson.D{{Key: "$match", Value: bson.D{{Key: "$expr", Value: bson.D{{Key: "$gt", Value: bson.A{copies, 0}}}}}}})
		if n.all {
			pl = append(pl, bson.D{{Key: "$addFields", Value: bson.D{{Key: "_n", Value: bson.D{{Key: "$range", Value: bson.A{0, copies}}}}}}},
				bson.D{{Key: "$unwind", Value: "$_n"}})
		}
	}
	pl = append(pl, bson.D{{Key: "$replaceRoot", Value: bson.D{{Key: "newRoot", Value: "$_id"}}}})
	return &Scan{Collection: l.Collection, Pipeline: pl, Fields: l.Fields, Types: n.types}
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

// setOrderLimit adds the ORDER BY and LIMIT of a whole set operation.
// Its keys name output columns, by name or ordinal, as MySQL requires.
func (p *planCtx) setOrderLimit(t *queryTree, e *sqlparse.SetQuery) (*queryTree, error) {
	var keys []SortKey
	for _, o := range e.OrderBy {
		i, err := outputColumn(o.Expr, t.cols)
		if err != nil {
			return nil, err
		}
		c := t.cols[i]
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
	add := func(in op) op {
		if len(keys) > 0 {
			in = &orderOp{input: in, keys: keys}
		}
		if offset != nil || count != nil {
			in = &limitOp{input: in, offset: offset, count: count}
		}
		return in
	}
	out := *t
	out.tree, out.logical = add(t.tree), add(t.logical)
	return &out, nil
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
