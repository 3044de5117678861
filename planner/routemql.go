package planner

import (
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// routeScan writes a route as one read of its collection: the merged
// WHERE first (query-language $match, then $expr, then $lookup semi
// joins), then what each merged operator adds.
func (p *planCtx) routeScan(r *route) Node {
	var base *Scan
	if r.set != nil {
		base = setPipeline(r.set, p.routeScan(r.set.left.(*route)).(*Scan), p.routeScan(r.set.right.(*route)).(*Scan))
	} else {
		base = r.get.scan
	}
	scan := &Scan{Collection: base.Collection, Fields: base.Fields, Types: base.Types, Virtual: base.Virtual, Names: base.Names}
	pl := append([]bson.D(nil), base.Pipeline...)
	var (
		semi     []bson.D
		where    []Expr
		having   Expr
		group    *groupOp
		order    *orderOp
		limit    *limitOp
		project  *projectOp
		distinct bool
		// after is what follows the projection and its DISTINCT (with
		// that DISTINCT's ORDER BY and LIMIT): sorts and limits of an
		// enclosing query, over the output columns.
		after   []op
		applies []*applyOp
	)
	for i, o := range r.ops {
		if project != nil {
			after = r.ops[i:]
			if _, ok := o.(*distinctOp); ok {
				distinct, after = true, after[1:]
				if len(after) > 0 {
					if ord, ok := after[0].(*orderOp); ok {
						order, after = ord, after[1:]
					}
				}
				if len(after) > 0 {
					if lim, ok := after[0].(*limitOp); ok {
						limit, after = lim, after[1:]
					}
				}
			}
			break
		}
		switch o := o.(type) {
		case *applyOp:
			applies = append(applies, o)
		case *selectOp:
			if o.having {
				having = o.cond
			} else {
				where = append(where, conjuncts(o.cond)...)
			}
		case *semiJoinOp:
			st, _ := p.semiStages(o.test, len(semi)/2)
			semi = append(semi, st...)
		case *groupOp:
			group = o
		case *orderOp:
			order = o
		case *limitOp:
			limit = o
		case *projectOp:
			project = o
		case *distinctOp:
			distinct = true
		}
	}
	pl, _ = appendFilter(pl, where)
	// $lookup semi joins after the index-usable $match.
	pl = append(pl, semi...)
	if !r.grouped && !r.partWhere && uniqueMatch(pl) {
		pl = append(pl, bson.D{{Key: "$limit", Value: int64(1)}})
	}
	switch {
	case r.counted:
		pl = append(pl, bson.D{{Key: "$count", Value: "n"}})
		scan.Fields, scan.Types = []string{"n"}, []sqltypes.Type{{Kind: sqltypes.Int}}
	case group != nil:
		stages, _ := groupStages(group.keys, group.aggs, group.table, p.caps)
		pl = append(pl, stages...)
		if having != nil {
			h, _ := exprPred(having)
			pl = appendExprMatch(pl, bson.A{h})
		}
		scan.Fields, scan.Types = nil, nil
		for i, k := range group.keys {
			scan.Fields = append(scan.Fields, fmt.Sprintf("r%d", i))
			scan.Types = append(scan.Types, k.Type())
		}
		for k, a := range group.aggs {
			scan.Fields = append(scan.Fields, fmt.Sprintf("r%d", len(group.keys)+k))
			scan.Types = append(scan.Types, a.T)
		}
	}
	if r.counted {
		// Nothing above a count merges.
	} else if project != nil && r.full {
		var lookups []bson.D
		for _, a := range applies {
			lookups = append(lookups, scalarStages(a.sub, a.field)...)
		}
		pl = outputStages(pl, lookups, project, order, limit, distinct, group != nil)
		for _, o := range after {
			switch o := o.(type) {
			case *orderOp:
				pl = append(pl, bson.D{{Key: "$sort", Value: sortDoc(o.keys, nil)}})
			case *limitOp:
				pl = appendLimit(pl, o)
			}
		}
		scan.Fields, scan.Types = nil, nil
		for i, c := range project.cols {
			scan.Fields = append(scan.Fields, fmt.Sprintf("c%d", i))
			scan.Types = append(scan.Types, c.Type)
		}
	} else {
		if order != nil {
			pl = append(pl, bson.D{{Key: "$sort", Value: sortDoc(order.keys, nil)}})
		}
		pl = appendLimit(pl, limit)
		if project != nil {
			fields, types := directFields(project.exprs)
			proj, _ := projectFields(dedupe(fields))
			pl = append(pl, bson.D{{Key: "$project", Value: proj}})
			scan.Fields, scan.Types = fields, types
		} else if r.trim != nil {
			pl = trimFields(pl, scan.Fields, r.trim)
		}
	}
	scan.Pipeline = pl
	if r.residual != nil {
		return &Limit{Input: scan, Count: r.residual}
	}
	return scan
}

// outputStages makes the documents the output rows c0…cN: a $project
// computes them (and the sort keys that are not among them, kN), then
// DISTINCT's $group, the sort and the limit. Sorting by plain fields
// before the projection lets an ungrouped query use an index. lookups
// (correlated scalar subqueries the projection reads) go right before
// it, after a limit.
func outputStages(pl, lookups []bson.D, project *projectOp, order *orderOp, limit *limitOp, distinct, grouped bool) []bson.D {
	var keys []SortKey
	if order != nil {
		keys = order.keys
	}
	out := bson.D{}
	for i, e := range project.exprs {
		v, _ := aggValue(e)
		out = append(out, bson.E{Key: fmt.Sprintf("c%d", i), Value: v})
	}
	sortEarly := !grouped && !distinct && plainKeys(keys)
	if sortEarly && len(keys) > 0 {
		pl = append(pl, bson.D{{Key: "$sort", Value: sortDoc(keys, nil)}})
	}
	var keyFields []string
	if !sortEarly {
		for j, k := range keys {
			if c, ok := k.Expr.(*ColRef); ok && distinct {
				keyFields = append(keyFields, c.Path) // an output column
				continue
			}
			if i := indexOfExpr(project.exprs, k.Expr); i >= 0 {
				keyFields = append(keyFields, fmt.Sprintf("c%d", i))
				continue
			}
			v, _ := aggValue(k.Expr)
			name := fmt.Sprintf("k%d", j)
			out = append(out, bson.E{Key: name, Value: v})
			keyFields = append(keyFields, name)
		}
	}
	if !hasKey(out, "_id") {
		out = append(out, bson.E{Key: "_id", Value: int32(0)})
	}
	if sortEarly {
		pl = append(appendLimit(pl, limit), lookups...)
		return append(pl, bson.D{{Key: "$project", Value: out}})
	}
	pl = append(append(pl, lookups...), bson.D{{Key: "$project", Value: out}})
	if distinct {
		id := bson.D{}
		for i := range project.exprs {
			id = append(id, bson.E{Key: fmt.Sprintf("c%d", i), Value: bson.D{{Key: "$ifNull", Value: bson.A{fmt.Sprintf("$c%d", i), nil}}}})
		}
		pl = append(pl, bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: id}}}},
			bson.D{{Key: "$replaceRoot", Value: bson.D{{Key: "newRoot", Value: "$_id"}}}})
	}
	if len(keys) > 0 {
		pl = append(pl, bson.D{{Key: "$sort", Value: sortDoc(keys, keyFields)}})
	}
	return appendLimit(pl, limit)
}

// directFields returns the paths of a projection of plain columns, which
// the server can return as they are; nil when one is computed or two
// paths collide (a and a.b).
func directFields(exprs []Expr) ([]string, []sqltypes.Type) {
	fields := make([]string, len(exprs))
	types := make([]sqltypes.Type, len(exprs))
	for i, e := range exprs {
		c, ok := e.(*ColRef)
		if !ok || c.Path == "" {
			return nil, nil
		}
		fields[i], types[i] = c.Path, c.T
	}
	if _, ok := projectFields(dedupe(fields)); !ok {
		return nil, nil
	}
	return fields, types
}

// trimFields appends a $project of the fields that reads use, so unused
// fields never cross the wire.
func trimFields(pl []bson.D, fields []string, reads []Expr) []bson.D {
	used := make([]bool, len(fields))
	for _, e := range reads {
		walkExpr(e, func(x Expr) {
			if c, ok := x.(*ColRef); ok && c.Index >= 0 && c.Index < len(used) {
				used[c.Index] = true
			}
		})
	}
	var keep []string
	for i, f := range fields {
		if used[i] {
			keep = append(keep, f)
		}
	}
	if proj, ok := projectFields(keep); ok {
		pl = append(pl, bson.D{{Key: "$project", Value: proj}})
	}
	return pl
}

func appendLimit(pl []bson.D, l *limitOp) []bson.D {
	if l == nil {
		return pl
	}
	if l.offset != nil {
		v, _ := limitBSON(l.offset, false)
		pl = append(pl, bson.D{{Key: "$skip", Value: v}})
	}
	if l.count != nil {
		v, _ := limitBSON(l.count, true)
		pl = append(pl, bson.D{{Key: "$limit", Value: v}})
	}
	return pl
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

func dedupe(ss []string) []string {
	var out []string
	for _, s := range ss {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func appendExprMatch(pipeline []bson.D, parts bson.A) []bson.D {
	switch len(parts) {
	case 0:
		return pipeline
	case 1:
		return append(pipeline, bson.D{{Key: "$match", Value: bson.D{{Key: "$expr", Value: parts[0]}}}})
	}
	return append(pipeline, bson.D{{Key: "$match", Value: bson.D{{Key: "$expr", Value: bson.D{{Key: "$and", Value: parts}}}}}})
}

// appendMatch adds a query-language filter, merging it into a leading
// $match when their fields do not overlap.
func appendMatch(pipeline []bson.D, m bson.D) []bson.D {
	if len(pipeline) == 1 && pipeline[0][0].Key == "$match" {
		prev := pipeline[0][0].Value.(bson.D)
		if !sharesKey(prev, m) {
			pipeline[0][0].Value = append(prev, m...)
			return pipeline
		}
		pipeline[0][0].Value = bson.D{{Key: "$and", Value: bson.A{prev, m}}}
		if and, ok := prevAnd(prev); ok {
			pipeline[0][0].Value = bson.D{{Key: "$and", Value: append(and, m)}}
		}
		return pipeline
	}
	return append(pipeline, bson.D{{Key: "$match", Value: m}})
}

func prevAnd(d bson.D) (bson.A, bool) {
	if len(d) == 1 && d[0].Key == "$and" {
		a, ok := d[0].Value.(bson.A)
		return a, ok
	}
	return nil, false
}

func sharesKey(a, b bson.D) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Key == y.Key {
				return true
			}
		}
	}
	return false
}

// projectFields builds an inclusion projection of the fields a scan reads,
// or false when two paths collide (a and a.b).
func projectFields(fields []string) (bson.D, bool) {
	proj := bson.D{}
	hasID := false
	for i, f := range fields {
		for j, g := range fields {
			if i != j && (f == g || strings.HasPrefix(g, f+".")) {
				return nil, false
			}
		}
		if f == "_id" {
			hasID = true
		}
		proj = append(proj, bson.E{Key: f, Value: int32(1)})
	}
	if !hasID {
		proj = append(proj, bson.E{Key: "_id", Value: int32(0)})
	}
	return proj, true
}

func limitBSON(e Expr, atLeastOne bool) (any, bool) {
	switch x := e.(type) {
	case *Literal:
		n := x.Value.(int64)
		if atLeastOne && n < 1 {
			return int64(1), true
		}
		return n, true
	case *ParamRef:
		return &Placeholder{Param: x, AtLeastOne: atLeastOne}, true
	}
	return nil, false
}

// uniqueMatch reports whether a pipeline starts with a $match that fixes
// _id by equality: at most one document can pass, and a $limit 1 lets the
// server stop at it.
func uniqueMatch(pl []bson.D) bool {
	if len(pl) != 1 || pl[0][0].Key != "$match" {
		return false
	}
	for _, e := range pl[0][0].Value.(bson.D) {
		if e.Key != "_id" {
			continue
		}
		if cond, ok := e.Value.(bson.D); ok && len(cond) == 1 && cond[0].Key == "$eq" && cond[0].Value != nil {
			return true
		}
	}
	return false
}

func directPlain(exprs []Expr) bool {
	fields, _ := directFields(exprs)
	return fields != nil
}
