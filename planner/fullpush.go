package planner

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// fullPipeline compiles a whole single-table SELECT into one aggregation
// pipeline for a server with the full aggregation language: the scan's
// documents are the result rows (fields c0…cN). ok is false when some
// part has no MQL translation; the caller then pushes what it can.
func (p *planCtx) fullPipeline(q *selectQuery) (Node, bool) {
	if isZero(q.count) {
		// LIMIT 0 reads nothing (an aggregate's default row included).
		return &Values{}, true
	}
	// A join's $lookup stages come first.
	pl := append([]bson.D(nil), q.scan.Pipeline...)
	if q.where != nil {
		// Subquery tests that can be semi joins go after the filter, so
		// the index-usable $match comes first.
		var rest []Expr
		var semi []bson.D
		for _, c := range conjuncts(q.where) {
			if st, ok := p.semiStages(c, len(semi)/2); ok {
				semi = append(semi, st...)
				continue
			}
			rest = append(rest, c)
		}
		var ok bool
		if pl, ok = appendFilter(pl, rest); !ok {
			return nil, false
		}
		pl = append(pl, semi...)
	}
	if !q.grouped && uniqueMatch(pl) {
		pl = append(pl, bson.D{{Key: "$limit", Value: int64(1)}})
	}
	if q.grouped {
		stages, ok := groupStages(q.groupBy, q.aggs, q.table, p.caps)
		if !ok {
			return nil, false
		}
		pl = append(pl, stages...)
		if q.having != nil {
			h, ok := exprPred(q.having)
			if !ok {
				return nil, false
			}
			pl = appendExprMatch(pl, bson.A{h})
		}
	}
	out := bson.D{}
	for i, e := range q.exprs {
		v, ok := aggValue(e)
		if !ok {
			return nil, false
		}
		out = append(out, bson.E{Key: fmt.Sprintf("c%d", i), Value: v})
	}
	sortEarly := !q.grouped && !q.distinct && plainKeys(q.keys)
	if sortEarly && len(q.keys) > 0 {
		pl = append(pl, bson.D{{Key: "$sort", Value: sortDoc(q.keys, nil)}})
	}
	var keyFields []string
	if !sortEarly {
		for j, k := range q.keys {
			if c, ok := k.Expr.(*ColRef); ok && q.distinct {
				keyFields = append(keyFields, c.Path) // an output column
				continue
			}
			if i := indexOfExpr(q.exprs, k.Expr); i >= 0 {
				keyFields = append(keyFields, fmt.Sprintf("c%d", i))
				continue
			}
			v, ok := aggValue(k.Expr)
			if !ok {
				return nil, false
			}
			name := fmt.Sprintf("k%d", j)
			out = append(out, bson.E{Key: name, Value: v})
			keyFields = append(keyFields, name)
		}
	}
	if !hasKey(out, "_id") {
		out = append(out, bson.E{Key: "_id", Value: int32(0)})
	}
	if sortEarly {
		pl = appendLimit(pl, q)
		pl = append(pl, bson.D{{Key: "$project", Value: out}})
	} else {
		pl = append(pl, bson.D{{Key: "$project", Value: out}})
		if q.distinct {
			id := bson.D{}
			for i := range q.exprs {
				id = append(id, bson.E{Key: fmt.Sprintf("c%d", i), Value: bson.D{{Key: "$ifNull", Value: bson.A{fmt.Sprintf("$c%d", i), nil}}}})
			}
			pl = append(pl, bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: id}}}},
				bson.D{{Key: "$replaceRoot", Value: bson.D{{Key: "newRoot", Value: "$_id"}}}})
		}
		if len(q.keys) > 0 {
			pl = append(pl, bson.D{{Key: "$sort", Value: sortDoc(q.keys, keyFields)}})
		}
		pl = appendLimit(pl, q)
	}
	scan := &Scan{Collection: q.scan.Collection, Pipeline: pl}
	for i, c := range q.cols {
		scan.Fields = append(scan.Fields, fmt.Sprintf("c%d", i))
		scan.Types = append(scan.Types, c.Type)
	}
	if needsResidualLimit(q.count) {
		return &Limit{Input: scan, Count: q.count}, true
	}
	return scan, true
}

func hasKey(d bson.D, k string) bool {
	for _, e := range d {
		if e.Key == k {
			return true
		}
	}
	return false
}

func plainKeys(keys []SortKey) bool {
	for _, k := range keys {
		c, ok := k.Expr.(*ColRef)
		if !ok || c.Path == "" {
			return false
		}
	}
	return true
}

// sortDoc builds a $sort; fields names the key fields, nil for the
// columns' own paths. MongoDB sorts null and missing first ascending,
// last descending, as MySQL does.
func sortDoc(keys []SortKey, fields []string) bson.D {
	d := bson.D{}
	for i, k := range keys {
		dir := int32(1)
		if k.Desc {
			dir = -1
		}
		name := ""
		if fields != nil {
			name = fields[i]
		} else {
			name = k.Expr.(*ColRef).Path
		}
		d = append(d, bson.E{Key: name, Value: dir})
	}
	return d
}

func appendLimit(pl []bson.D, q *selectQuery) []bson.D {
	if q.offset != nil {
		v, _ := limitBSON(q.offset, false)
		pl = append(pl, bson.D{{Key: "$skip", Value: v}})
	}
	if q.count != nil {
		v, _ := limitBSON(q.count, true)
		pl = append(pl, bson.D{{Key: "$limit", Value: v}})
	}
	return pl
}

// needsResidualLimit reports a count the server cannot take as is: a
// parameter (it may be 0) or the literal 0 ($limit must be positive).
func needsResidualLimit(count Expr) bool {
	if count == nil {
		return false
	}
	_, ok := count.(*Literal)
	return !ok
}

func isZero(count Expr) bool {
	l, ok := count.(*Literal)
	return ok && l.Value.(int64) == 0
}
