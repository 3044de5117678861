package planner

import "strings"

// physical turns a pushed-down logical plan into exec's nodes: a route
// becomes its read, every other operator its in-process twin.
func (p *planCtx) physical(o op) Node {
	switch o := o.(type) {
	case *route:
		return p.routeScan(o)
	case *nodeOp:
		return o.node
	case *valuesOp:
		return &Values{Rows: o.rows}
	case *selectOp:
		return &Filter{Input: p.physical(o.input), Cond: o.cond}
	case *semiJoinOp:
		in := p.physical(o.input)
		if j, ok := p.semiJoin(in, o.test); ok {
			return j
		}
		// Run per outer row (exec keeps each result per outer tuple).
		return &Filter{Input: in, Cond: o.test}
	case *groupOp:
		return &Aggregate{Input: p.physical(o.input), GroupBy: o.keys, Aggs: o.aggs}
	case *projectOp:
		return &Project{Input: p.physical(o.input), Exprs: o.exprs}
	case *distinctOp:
		return &Distinct{Input: p.physical(o.input)}
	case *orderOp:
		return &Sort{Input: p.physical(o.input), Keys: o.keys}
	case *limitOp:
		return &Limit{Input: p.physical(o.input), Offset: o.offset, Count: o.count}
	case *setOp:
		return &SetOp{Op: o.kind, All: o.all, Left: p.physical(o.left), Right: p.physical(o.right),
			Types: o.types, LeftTypes: o.leftTypes, RightTypes: o.rightTypes}
	}
	panic("planner: no physical form for " + opLine(o))
}

// reasonOf says why a pushed-down plan is not one pipeline under a
// server with the full language: the first part left in-process that MQL
// cannot compute, what kept a join or a set operation in-process; "" when
// it is one pipeline or reads no collection.
func (p *planCtx) reasonOf(o op) string {
	switch x := o.(type) {
	case *route:
		return ""
	case *orderOp, *limitOp:
		if s, ok := o.children()[0].(*setOp); ok {
			return p.reasonOf(s)
		}
	case *setOp:
		if r := p.reasonOf(x.left); r != "" {
			return r
		}
		if r := p.reasonOf(x.right); r != "" {
			return r
		}
		if noFromOp(x) {
			return ""
		}
		return "set operation " + x.label() + " runs in-process" + p.setReason(x)
	}
	if hasRoute(o) {
		return inProcessReason(o)
	}
	why := ""
	walkOps(o, func(x op) {
		if n, ok := x.(*nodeOp); ok && why == "" {
			why = n.why
		}
	})
	return why
}

// hasRoute reports a route reading a collection of the server below o.
func hasRoute(o op) bool {
	found := false
	walkOps(o, func(x op) {
		if r, ok := x.(*route); ok && (r.get == nil || !r.get.scan.Virtual) {
			found = true
		}
	})
	return found
}

// inProcessReason explains why a SELECT is not one pipeline under a
// full server: the first expression left in-process that MQL cannot
// compute exactly.
func inProcessReason(o op) string {
	var where, keys, exprs, order, having []Expr
	var aggs []*AggCall
	var ops []op
	walkOps(o, func(x op) { ops = append(ops, x) })
	for i := len(ops) - 1; i >= 0; i-- { // bottom first: the WHERE in its order
		switch x := ops[i].(type) {
		case *selectOp:
			if x.having {
				having = append(having, x.cond)
			} else {
				where = append(where, conjuncts(x.cond)...)
			}
		case *semiJoinOp:
			where = append(where, x.test)
		case *groupOp:
			keys = append(keys, x.keys...)
			aggs = append(aggs, x.aggs...)
		case *projectOp:
			exprs = append(exprs, x.exprs...)
		case *orderOp:
			order = append(order, opExprs(x)...)
		}
	}
	parts := append(where, keys...)
	for _, a := range aggs {
		parts = append(parts, a.Args...)
	}
	parts = append(append(append(parts, exprs...), order...), having...)
	if r := exprsReason(parts); r != "" {
		return r
	}
	for _, a := range aggs {
		if _, ok := accumulator(a, 0, Full, &groupAccs{seen: map[string]string{}}, nil); !ok {
			if a.Func == "group_concat" {
				// $toString prints doubles, decimals and dates unlike MySQL.
				return "function GROUP_CONCAT has no exact MQL for " + a.String()
			}
			return "aggregate " + strings.ToUpper(a.String()) + " has no exact MQL"
		}
	}
	return "no exact MQL for the query's shape"
}
