package planner

import "github.com/sqlmongo/sqlmongo/internal/sqltypes"

// route is the part of a plan the server runs: a collection read and the
// operators merged into it, bottom first. It becomes a pipeline only in
// routeScan.
type route struct {
	get *getOp
	ops []op // merged; their inputs are not read
	// open says everything below merged, so the operator above may.
	open bool
	// full: the server runs the whole aggregation language, and a route
	// that takes the projection returns the output rows (c0…cN).
	full bool
	// partWhere: part of the WHERE stays in-process (no $limit 1 then).
	partWhere bool
	// grouped: a GROUP BY reached the route, merged or not.
	grouped bool
	// counted: COUNT(*) alone, as the server's $count of field n.
	counted bool
	// complete: the projection merged.
	complete bool
	// residual is a LIMIT count the server cannot take as is (a
	// parameter, or 0): exec applies it above the route.
	residual Expr
	// trim lists what the operator the route stopped at reads, when that
	// is a grouping or a projection: the route returns only those fields.
	trim []Expr
	// set, when set, is the route's source instead of get: a set
	// operation of two whole routes, one pipeline with $unionWith.
	set *setOp
	// notes describe a join's $lookups, for EXPLAIN.
	notes []string
}

func (*route) children() []op          { return nil }
func (r *route) withChildren(...op) op { return r }

// pushdown grows a route from each collection read, bottom-up, merging
// each operator the server can run after what it runs already; the first
// one it cannot stops the route. full says the server runs the whole
// aggregation language ($expr, $group and the rest).
func (p *planCtx) pushdown(root op, full bool) op {
	return transformUp(root, func(o op) op {
		switch o := o.(type) {
		case *getOp:
			return &route{get: o, open: p.caps.Aggregate && !o.scan.Virtual, full: full}
		case *joinOp:
			return p.joinLeaf(o, full)
		case *setOp:
			return p.mergeSet(o, full)
		}
		cs := o.children()
		if len(cs) != 1 {
			return o
		}
		if _, isProject := o.(*projectOp); isProject && empty(cs[0]) {
			// Above LIMIT 0 nothing is computed.
			return cs[0]
		}
		if sj, ok := o.(*semiJoinOp); ok {
			if sel, ok := cs[0].(*selectOp); ok && !sel.having {
				// A semi join commutes with the filter a route stopped at:
				// the $lookup joins the route after its $match.
				if r, ok := sel.input.(*route); ok && r.whereOnly() && p.mergeSemi(r, sj) {
					return sel
				}
			}
		}
		r, ok := cs[0].(*route)
		if !ok || !r.open {
			return o
		}
		return p.absorb(r, o)
	})
}

// absorb merges o into the open route r below it, or stops r there.
func (p *planCtx) absorb(r *route, o op) op {
	switch o := o.(type) {
	case *selectOp:
		if o.having {
			if _, ok := exprPred(o.cond); ok && r.full {
				r.ops = append(r.ops, o)
				return r
			}
			return r.stop(o, false)
		}
		var pushed, rest []Expr
		for _, c := range conjuncts(o.cond) {
			if p.filterable(c) {
				pushed = append(pushed, c)
			} else {
				rest = append(rest, c)
			}
		}
		if len(pushed) > 0 {
			r.ops = append(r.ops, &selectOp{cond: andOf(pushed)})
		}
		if len(rest) == 0 {
			return r
		}
		r.partWhere = true
		return r.stop(&selectOp{input: r, cond: andOf(rest)}, false)
	case *semiJoinOp:
		if p.mergeSemi(r, o) {
			return r
		}
		return r.stop(o, false)
	case *groupOp:
		r.grouped = true
		if r.full {
			if _, ok := groupStages(o.keys, o.aggs, o.table, p.caps); ok {
				r.ops = append(r.ops, o)
				return r
			}
		}
		if len(o.keys) == 0 && onlyCountStar(o.aggs) {
			// The server counts, no document comes back; each COUNT(*)
			// reads the count.
			r.counted = true
			r.open = false
			n := &ColRef{Index: 0, Name: "n", Path: "n", T: sqltypes.Type{Kind: sqltypes.Int}}
			aggs := make([]*AggCall, len(o.aggs))
			for i, a := range o.aggs {
				aggs[i] = &AggCall{Func: "count_rows", Args: []Expr{n}, T: a.T}
			}
			return &groupOp{input: r, aggs: aggs}
		}
		return r.stop(o, true)
	case *orderOp:
		if r.complete && !r.full {
			// The route returns the table's fields, not the output's.
			return r.stop(o, false)
		}
		if plainKeys(o.keys) || (r.full && computable(opExprs(o))) {
			r.ops = append(r.ops, o)
			return r
		}
		return r.stop(o, false)
	case *limitOp:
		if r.complete && !r.full || r.residual != nil {
			// Over the output of a find, or a second count to apply
			// in-process.
			return r.stop(o, false)
		}
		if r.full && isZero(o.count) {
			// LIMIT 0 reads nothing (an aggregate's default row included).
			return &valuesOp{}
		}
		r.ops = append(r.ops, o)
		if needsResidualLimit(o.count) || isZero(o.count) {
			r.residual = o.count
		}
		return r
	case *projectOp:
		if r.full && p.caps.Lookup && !computable(o.exprs) {
			// Correlated scalar subqueries become $lookups the
			// projection reads.
			if exprs, applies, ok := p.applyScalars(o.exprs, r.applied()); ok && computable(exprs) {
				for _, a := range applies {
					r.ops = append(r.ops, a)
				}
				o = &projectOp{input: r, exprs: exprs, cols: o.cols}
			}
		}
		if r.full && computable(o.exprs) || !r.full && directPlain(o.exprs) {
			r.ops = append(r.ops, o)
			r.complete = true
			return r
		}
		if in := r.peel(); in != r {
			// The sort keys are computed by the projection that did not
			// merge: the sort and what follows it run in-process.
			return o.withChildren(in)
		}
		return r.stop(o, true)
	case *distinctOp:
		if r.full && r.complete {
			r.ops = append(r.ops, o)
			return r
		}
		return r.stop(o, false)
	}
	return r.stop(o, false)
}

// stop ends r below o. With trim, r returns only what o reads.
func (r *route) stop(o op, trim bool) op {
	r.open = false
	if trim && !r.merged(isGroup) {
		r.trim = opExprs(o)
	}
	return o
}

// applied counts the applyOps merged.
func (r *route) applied() int {
	n := 0
	for _, o := range r.ops {
		if _, ok := o.(*applyOp); ok {
			n++
		}
	}
	return n
}

func isGroup(o op) bool {
	_, ok := o.(*groupOp)
	return ok
}

func (r *route) merged(f func(op) bool) bool {
	for _, o := range r.ops {
		if f(o) {
			return true
		}
	}
	return false
}

// peel takes a merged ORDER BY with computed keys, and the LIMIT after it,
// back out of r: without the projection those keys have no field.
func (r *route) peel() op {
	for i, o := range r.ops {
		ord, ok := o.(*orderOp)
		if !ok || plainKeys(ord.keys) {
			continue
		}
		var in op = r
		for _, x := range r.ops[i:] {
			in = x.withChildren(in)
		}
		r.ops = r.ops[:i]
		r.residual = nil
		r.open = false
		return in
	}
	return r
}

// mergeSemi merges a semi join into r as a $lookup, where the server
// has the full language and semiStages can write it.
func (p *planCtx) mergeSemi(r *route, o *semiJoinOp) bool {
	if _, ok := p.semiStages(o.test, 0); !ok || !r.full {
		return false
	}
	r.ops = append(r.ops, o)
	return true
}

// whereOnly reports a route stopped only by the part of a WHERE it could
// not run.
func (r *route) whereOnly() bool {
	return r.partWhere && !r.grouped && !r.merged(func(o op) bool {
		_, sel := o.(*selectOp)
		_, semi := o.(*semiJoinOp)
		return !sel && !semi
	})
}

// filterable reports a WHERE conjunct the route can run: as a
// query-language filter or with $expr.
func (p *planCtx) filterable(c Expr) bool {
	if _, ok := toMatch(c); ok {
		return true
	}
	if p.caps.Expr {
		_, ok := exprPred(c)
		return ok
	}
	return false
}

// computable reports expressions MQL computes exactly.
func computable(es []Expr) bool {
	for _, e := range es {
		if _, ok := aggValue(e); !ok {
			return false
		}
	}
	return true
}

// empty reports an input of no rows: what LIMIT 0 leaves.
func empty(o op) bool {
	switch o := o.(type) {
	case *valuesOp:
		return len(o.rows) == 0
	case *nodeOp:
		v, ok := o.node.(*Values)
		return ok && len(v.Rows) == 0
	}
	return false
}
