package planner

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// semiInfo describes the SELECT of a subquery that reads one table with a
// WHERE and nothing else (no grouping, DISTINCT or LIMIT): enough to test
// it with a $lookup in the outer pipeline instead of running it apart.
type semiInfo struct {
	table  *Table
	fields []string // the scan's row: the table's columns, then extra paths
	types  []sqltypes.Type
	where  []Expr  // the WHERE's conjuncts, over that row
	col    *ColRef // the one selected column, for IN
	// agg, when set, is the one aggregate value of a subquery without
	// GROUP BY (a correlated scalar subquery, scalarStages); the other
	// fields then describe its table and WHERE.
	agg *scalarAgg
}

// semiStages writes a WHERE conjunct of a pipeline that is a subquery test
// as a semi join (anti join for NOT EXISTS): a $lookup that finds at most
// one matching document — by localField/foreignField, so the server
// probes foreignField's index — then a $match on whether it found one.
// Forms: EXISTS / NOT EXISTS whose WHERE equates a column with an outer
// column (correlated), and x IN (SELECT col …) when col has an index.
// The rest of the subquery's WHERE must not read the outer row. n numbers
// the $lookup's field. ok is false for anything else, which then runs as
// a query of its own.
func (p *planCtx) semiStages(c Expr, n int) ([]bson.D, bool) {
	if !p.caps.Lookup {
		return nil, false
	}
	s, exists, ok := semiTest(c)
	if !ok {
		return nil, false
	}
	var local, foreign string
	rest := s.semi.where
	switch {
	case s.Exists:
		var outer Expr
		var inner *ColRef
		if outer, inner, rest = existsKey(s); outer != nil {
			oc, isCol := outer.(*ColRef)
			if !isCol || oc.Path == "" || inner.Path == "" || !sameKeyClass(inner.T, oc.T) {
				return nil, false
			}
			local, foreign = oc.Path, inner.Path
		}
	case s.X != nil && exists && !s.Single && s.Quant == (Quantifier{Op: OpEq}):
		x, ok := s.X.(*ColRef)
		col := s.semi.col
		if !ok || col == nil || x.Path == "" || col.Path == "" || !sameKeyClass(x.T, col.T) || len(s.Outer) > 0 {
			return nil, false
		}
		if indexFor(s.semi.table, col.Path) == "" {
			// Without an index, reading the subquery once is cheaper than
			// a scan per outer document.
			return nil, false
		}
		local, foreign = x.Path, col.Path
	}
	if local == "" {
		return nil, false
	}
	for _, w := range rest {
		if contains[*OuterRef](w) {
			return nil, false
		}
	}
	sub, ok := appendFilter(nil, rest)
	if !ok {
		return nil, false
	}
	stages := bson.A{}
	for _, st := range sub {
		stages = append(stages, st)
	}
	stages = append(stages, bson.D{{Key: "$limit", Value: int64(1)}}, bson.D{{Key: "$project", Value: bson.D{{Key: "_id", Value: int32(1)}}}})
	as := fmt.Sprintf("__s%d", n)
	// $lookup matches a null or missing key to null and missing; in SQL
	// it matches nothing. The test reads the key on this side: a $match
	// on the joined side's key in the sub-pipeline makes DocumentDB read
	// the whole collection per document.
	found := bson.D{{Key: as + ".0", Value: bson.D{{Key: "$exists", Value: exists}}}}
	switch {
	case local == "_id":
		// Never null or missing.
	case exists:
		found = append(found, bson.E{Key: local, Value: bson.D{{Key: "$ne", Value: nil}}})
	default:
		found = bson.D{{Key: "$or", Value: bson.A{found, bson.D{{Key: local, Value: nil}}}}}
	}
	return []bson.D{
		{{Key: "$lookup", Value: bson.D{{Key: "from", Value: s.semi.table.Name}, {Key: "localField", Value: local}, {Key: "foreignField", Value: foreign}, {Key: "pipeline", Value: stages}, {Key: "as", Value: as}}}},
		{{Key: "$match", Value: found}},
	}, true
}

// semiJoin runs a subquery test left in-process — [NOT] EXISTS with an
// equality on an outer column, x [NOT] IN (SELECT col …) — as a hash
// semi (anti) join over left: the subquery's table is read once, with the
// rest of its WHERE pushed, instead of once per outer row. NOT IN is the
// null-aware anti join (planner.Join). ok is false for other forms.
func (p *planCtx) semiJoin(left Node, c Expr) (Node, bool) {
	s, exists, ok := semiTest(c)
	if !ok {
		return nil, false
	}
	var leftKey Expr
	var rightKey *ColRef
	rest := s.semi.where
	switch {
	case s.Exists:
		leftKey, rightKey, rest = existsKey(s)
	case s.X != nil && !s.Single && s.Quant == (Quantifier{Op: OpEq}) && len(s.Outer) == 0 && s.semi.col != nil:
		if _, row := s.X.(*Row); !row {
			leftKey, rightKey = s.X, s.semi.col
		}
	}
	if leftKey == nil {
		return nil, false
	}
	for _, w := range rest {
		if contains[*OuterRef](w) {
			return nil, false
		}
	}
	var right op = &getOp{table: s.semi.table, scan: &Scan{Collection: s.semi.table.Name, Fields: s.semi.fields, Types: s.semi.types}}
	if len(rest) > 0 {
		right = filtered(right, andOf(rest))
	}
	kind := SemiJoin
	if !exists {
		kind = AntiJoin
	}
	return &Join{
		Kind: kind, Left: left, Right: p.findOnly(&projectOp{input: right, exprs: []Expr{rightKey}}),
		LeftKeys:   []Expr{leftKey},
		RightKeys:  []Expr{&ColRef{Index: 0, Name: rightKey.Name, T: rightKey.T}},
		RightWidth: 1,
		// x NOT IN (…): FALSE, not TRUE, when x or a value is NULL.
		NullAware: !exists && s.X != nil,
	}, true
}

// semiTest reads a WHERE conjunct [NOT] <subquery test> whose subquery
// is a plain one-table SELECT; exists is false under NOT.
func semiTest(c Expr) (s *Subquery, exists, ok bool) {
	exists = true
	if x, isNot := c.(*Not); isNot {
		c, exists = x.X, false
	}
	s, ok = c.(*Subquery)
	return s, exists, ok && s.semi != nil && s.semi.agg == nil && !s.semi.table.Virtual
}

// existsKey finds the conjunct inner.col = outer.col of a correlated
// EXISTS's WHERE: the outer expression, the subquery's column, and the
// rest of the WHERE; outer is nil when there is none.
func existsKey(s *Subquery) (outer Expr, inner *ColRef, rest []Expr) {
	for i, w := range s.semi.where {
		cmp, isCmp := w.(*Compare)
		if !isCmp || cmp.Op != OpEq {
			continue
		}
		in, o := cmp.L, cmp.R
		if _, isOuter := in.(*OuterRef); isOuter {
			in, o = o, in
		}
		ic, ok1 := in.(*ColRef)
		or, ok2 := o.(*OuterRef)
		if ok1 && ok2 && or.N < len(s.Outer) {
			rest = append(append([]Expr(nil), s.semi.where[:i]...), s.semi.where[i+1:]...)
			return s.Outer[or.N], ic, rest
		}
	}
	return nil, nil, s.semi.where
}
