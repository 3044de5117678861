package planner

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// semiInfo describes the SELECT of a subquery that reads one table with a
// WHERE and nothing else (no grouping, DISTINCT or LIMIT): enough to test
// it with a $lookup in the outer pipeline instead of running it apart.
type semiInfo struct {
	table *Table
	where []Expr  // the WHERE's conjuncts, over the table's documents
	col   *ColRef // the one selected column, for IN
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
	exists := true
	if x, ok := c.(*Not); ok {
		c, exists = x.X, false
	}
	s, ok := c.(*Subquery)
	if !ok || s.semi == nil {
		return nil, false
	}
	var local, foreign string
	rest := s.semi.where
	switch {
	case s.Exists:
		for i, w := range rest {
			if l, f, ok := outerKey(s, w); ok {
				local, foreign = l, f
				rest = append(append([]Expr(nil), rest[:i]...), rest[i+1:]...)
				break
			}
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
		if readsOuter(w) {
			return nil, false
		}
	}
	sub, ok := appendFilter([]bson.D{{{Key: "$match", Value: bson.D{{Key: foreign, Value: bson.D{{Key: "$ne", Value: nil}}}}}}}, rest)
	if !ok {
		return nil, false
	}
	stages := bson.A{}
	for _, st := range sub {
		stages = append(stages, st)
	}
	stages = append(stages, bson.D{{Key: "$limit", Value: int64(1)}}, bson.D{{Key: "$project", Value: bson.D{{Key: "_id", Value: int32(1)}}}})
	as := fmt.Sprintf("__s%d", n)
	return []bson.D{
		{{Key: "$lookup", Value: bson.D{{Key: "from", Value: s.semi.table.Name}, {Key: "localField", Value: local}, {Key: "foreignField", Value: foreign}, {Key: "pipeline", Value: stages}, {Key: "as", Value: as}}}},
		{{Key: "$match", Value: bson.D{{Key: as + ".0", Value: bson.D{{Key: "$exists", Value: exists}}}}}},
	}, true
}

// outerKey recognizes inner.col = outer.col in a correlated subquery's
// WHERE, both plain fields of comparable types: the pair a $lookup
// matches by localField (outer) and foreignField (inner).
func outerKey(s *Subquery, w Expr) (local, foreign string, ok bool) {
	cmp, isCmp := w.(*Compare)
	if !isCmp || cmp.Op != OpEq {
		return "", "", false
	}
	inner, o := cmp.L, cmp.R
	if _, isOuter := inner.(*OuterRef); isOuter {
		inner, o = o, inner
	}
	ic, ok1 := inner.(*ColRef)
	or, ok2 := o.(*OuterRef)
	if !ok1 || !ok2 || ic.Path == "" || or.N >= len(s.Outer) {
		return "", "", false
	}
	oc, ok := s.Outer[or.N].(*ColRef)
	if !ok || oc.Path == "" || !sameKeyClass(ic.T, oc.T) {
		return "", "", false
	}
	return oc.Path, ic.Path, true
}

func readsOuter(e Expr) bool {
	found := false
	walkExpr(e, func(x Expr) {
		if _, ok := x.(*OuterRef); ok {
			found = true
		}
	})
	return found
}
