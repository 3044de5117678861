package planner

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// scalarAgg is a subquery's one value when it aggregates its table
// without GROUP BY: exactly one row, whatever matches.
type scalarAgg struct {
	aggs  []*AggCall
	value Expr // over the aggregate row
}

// applyOp computes a correlated scalar subquery per row of its input: a
// $lookup on the correlating equality whose sub-pipeline aggregates the
// matches, its one document under field. It exists merged in a route
// only; in-process the subquery runs per outer tuple (exec).
type applyOp struct {
	sub   *Subquery
	field string
}

func (*applyOp) children() []op          { return nil }
func (o *applyOp) withChildren(...op) op { return o }

// applyScalars rewrites the correlated scalar aggregate subqueries of
// exprs that a $lookup can compute into reads of the field each applyOp
// writes (numbered from n). ok is false when there is none.
func (p *planCtx) applyScalars(exprs []Expr, n int) (out []Expr, applies []*applyOp, ok bool) {
	out = make([]Expr, len(exprs))
	for i, e := range exprs {
		out[i] = rewriteExpr(e, func(x Expr) (Expr, bool) {
			s, isSub := x.(*Subquery)
			if !isSub || scalarStages(s, "") == nil {
				return nil, false
			}
			a := &applyOp{sub: s, field: fmt.Sprintf("__q%d", n+len(applies))}
			applies = append(applies, a)
			return &ColRef{Index: -1, Name: s.Text, Path: a.field + ".v", T: s.T}, true
		})
	}
	return out, applies, len(applies) > 0
}

// scalarStages writes a correlated scalar subquery that aggregates one
// table, correlated by an equality of one of its columns with an outer
// column (SELECT COUNT(*) FROM o WHERE o.c = t.id AND …): a $lookup by
// localField/foreignField (the server probes foreignField's index) whose
// sub-pipeline filters, then groups with SQL's value over no rows, and
// an $unwind of the one document. nil when s is not of that form.
func scalarStages(s *Subquery, field string) []bson.D {
	if s.Exists || s.X != nil || s.semi == nil || s.semi.agg == nil {
		return nil
	}
	outer, inner, rest := existsKey(s)
	oc, isCol := outer.(*ColRef)
	if outer == nil || !isCol || oc.Path == "" || inner.Path == "" || !sameKeyClass(inner.T, oc.T) {
		return nil
	}
	agg := s.semi.agg
	for _, e := range append(append([]Expr{agg.value}, rest...), opExprs(&groupOp{aggs: agg.aggs})...) {
		if contains[*OuterRef](e) || contains[*Subquery](e) {
			return nil
		}
	}
	sub, ok := appendFilter(nil, rest)
	if !ok {
		return nil
	}
	group, ok := groupStages(nil, agg.aggs, s.semi.table, Full)
	if !ok {
		return nil
	}
	v, ok := aggValue(agg.value)
	if !ok {
		return nil
	}
	sub = append(append(sub, group...), bson.D{{Key: "$project", Value: bson.D{{Key: "_id", Value: int32(0)}, {Key: "v", Value: v}}}})
	pipeline := make(bson.A, len(sub))
	for i, st := range sub {
		pipeline[i] = st
	}
	stages := []bson.D{
		{{Key: "$lookup", Value: bson.D{{Key: "from", Value: s.semi.table.Name}, {Key: "localField", Value: oc.Path},
			{Key: "foreignField", Value: inner.Path}, {Key: "pipeline", Value: pipeline}, {Key: "as", Value: field}}}},
		{{Key: "$unwind", Value: "$" + field}},
	}
	if oc.Path == "_id" {
		return stages
	}
	// A NULL key matches nothing in SQL, so the value is the one over no
	// rows; $lookup matches null to null and missing. Not a $match on
	// the joined side's key in the sub-pipeline: DocumentDB then reads
	// the whole collection per document (20 times slower here).
	empty, ok := emptyValue(agg)
	if !ok {
		return nil
	}
	return append(stages, bson.D{{Key: "$set", Value: bson.D{{Key: field + ".v",
		Value: condAgg(notNull("$"+oc.Path), "$"+field+".v", bson.D{{Key: "$literal", Value: empty}})}}}})
}

// emptyValue is a scalar aggregate's value over no rows (COUNT 0, SUM
// NULL, COALESCE(SUM(x), 0) 0), computed here; ok is false when the
// expression reads anything but the aggregates (a clock, the session).
func emptyValue(agg *scalarAgg) (any, bool) {
	folds := true
	walkExpr(agg.value, func(x Expr) {
		switch x := x.(type) {
		case *Call:
			if x.Def.Clock != nil || x.Def.Session != nil || x.Def.Lock != nil {
				folds = false
			}
		case *ParamRef, *OuterRef, *Subquery:
			folds = false
		}
	})
	if !folds {
		return nil, false
	}
	row := make(sqltypes.Row, len(agg.aggs))
	for i, a := range agg.aggs {
		row[i] = a.NewAccumulator().Result()
	}
	v, err := Eval(agg.value, row, nil)
	if err != nil {
		return nil, false
	}
	return sqltypes.ToBSON(v), true
}
