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
	case *getOp:
		return o.scan
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
	}
	panic("planner: no physical form for " + opLine(o))
}

// plan pushes a SELECT's logical plan down and makes it exec's nodes.
// full says the server runs the whole aggregation language; then a part
// left in-process gets its reason, for EXPLAIN.
func (p *planCtx) plan(tree op, full bool) (root Node, why string) {
	pushed := p.pushdown(tree, full)
	root = p.physical(pushed)
	if _, whole := pushed.(*route); whole || !full || !hasRoute(pushed) {
		return root, ""
	}
	return root, inProcessReason(pushed)
}

func hasRoute(o op) bool {
	found := false
	walkOps(o, func(x op) {
		if _, ok := x.(*route); ok {
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
