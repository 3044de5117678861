package planner

import (
	"slices"
)

// joinStep is one join of the FROM tree after its ON condition was split:
// equality keys between the two sides, and the rest.
type joinStep struct {
	*fromJoin
	leftKeys, rightKeys []Expr
	cond                []Expr
}

// layout fixes where each source's columns are in the joined row: its
// offset there, and the prefix of its fields when the join runs as one
// pipeline ($lookup writes the joined documents under a field).
type layout struct {
	offset map[int]int    // source id → first position in the row
	prefix map[int]string // source id → field prefix ("" in-process)
}

func newLayout(order []*source) *layout {
	l := &layout{offset: map[int]int{}, prefix: map[int]string{}}
	n := 0
	for _, s := range order {
		l.offset[s.id] = n
		n += s.width()
	}
	return l
}

// place sets Index and Path of every source column e reads, for a row
// that starts at position base of the layout.
func (l *layout) place(e Expr, base int) {
	walkExpr(e, func(x Expr) {
		if c, ok := x.(*ColRef); ok && c.Src > 0 {
			c.Index = l.offset[c.Src-1] - base + c.Local
			c.Path = l.prefix[c.Src-1] + c.Field
		}
	})
}

// placeLocal places e over one source's own row (its scan).
func placeLocal(e Expr) {
	walkExpr(e, func(x Expr) {
		if c, ok := x.(*ColRef); ok && c.Src > 0 {
			c.Index, c.Path = c.Local, c.Field
		}
	})
}

// sourcesOf returns the ids of the sources e reads.
func sourcesOf(e Expr) []int {
	var ids []int
	walkExpr(e, func(x Expr) {
		if c, ok := x.(*ColRef); ok && c.Src > 0 && !slices.Contains(ids, c.Src-1) {
			ids = append(ids, c.Src-1)
		}
	})
	return ids
}

func within(ids []int, ss []*source) bool {
	for _, id := range ids {
		if !slices.ContainsFunc(ss, func(s *source) bool { return s.id == id }) {
			return false
		}
	}
	return true
}

// splitJoins distributes the WHERE and every ON condition: a conjunct over
// one source that filters its rows becomes that source's filter (pushed
// to its scan), an equality between the two sides of a join a key, the
// rest stays with its join or in the WHERE. filters is indexed by source.
func splitJoins(ms *multiScope, root fromNode, where Expr) (steps map[*fromJoin]*joinStep, filters [][]Expr, rest []Expr) {
	filters = make([][]Expr, len(ms.sources))
	steps = map[*fromJoin]*joinStep{}
	// WHERE conjuncts over sources no outer join makes NULL join the
	// lowest inner join that has them all, as if written in its ON.
	extra := map[*fromJoin][]Expr{}
	if where != nil {
		for _, c := range conjuncts(where) {
			ids := sourcesOf(c)
			if len(ids) == 0 || contains[*Subquery](c) || slices.ContainsFunc(ids, func(id int) bool { return ms.sources[id].nullable }) {
				rest = append(rest, c)
				continue
			}
			if len(ids) == 1 {
				filters[ids[0]] = append(filters[ids[0]], c)
				continue
			}
			if j := lowestJoin(root, ids); j != nil && j.kind == InnerJoin {
				extra[j] = append(extra[j], c)
				continue
			}
			rest = append(rest, c)
		}
	}
	var walk func(n fromNode)
	walk = func(n fromNode) {
		j, ok := n.(*fromJoin)
		if !ok {
			return
		}
		walk(j.left)
		walk(j.right)
		st := &joinStep{fromJoin: j}
		steps[j] = st
		var conds []Expr
		if j.on != nil {
			conds = conjuncts(j.on)
		}
		left, right := leaves(j.left), leaves(j.right)
		for _, c := range append(conds, extra[j]...) {
			ids := sourcesOf(c)
			if len(ids) == 1 && !contains[*Subquery](c) && (j.kind == InnerJoin || within(ids, right)) {
				filters[ids[0]] = append(filters[ids[0]], c)
				continue
			}
			if cmp, ok := c.(*Compare); ok && cmp.Op == OpEq {
				lids, rids := sourcesOf(cmp.L), sourcesOf(cmp.R)
				if len(lids) > 0 && len(rids) > 0 {
					if within(lids, left) && within(rids, right) {
						st.leftKeys, st.rightKeys = append(st.leftKeys, cmp.L), append(st.rightKeys, cmp.R)
						continue
					}
					if within(lids, right) && within(rids, left) {
						st.leftKeys, st.rightKeys = append(st.leftKeys, cmp.R), append(st.rightKeys, cmp.L)
						continue
					}
				}
			}
			st.cond = append(st.cond, c)
		}
	}
	walk(root)
	return steps, filters, rest
}

// lowestJoin returns the join lowest in the tree whose sides hold all
// the sources ids.
func lowestJoin(n fromNode, ids []int) *fromJoin {
	j, ok := n.(*fromJoin)
	if !ok || !within(ids, leaves(j)) {
		return nil
	}
	if low := lowestJoin(j.left, ids); low != nil {
		return low
	}
	if low := lowestJoin(j.right, ids); low != nil {
		return low
	}
	return j
}

// splitWhere moves the WHERE above a FROM of several sources into it:
// splitJoins makes its conjuncts source filters and join keys; the WHERE
// keeps the rest. It then records on the joinOp what the operators above
// read, which placement writes over the joined row.
func splitWhere(tree op) op {
	tree = transformUp(tree, func(o op) op {
		sel, ok := o.(*selectOp)
		if !ok || sel.having {
			return o
		}
		jo, ok := sel.input.(*joinOp)
		if !ok || jo.steps != nil {
			return o
		}
		split := *jo
		var rest []Expr
		split.steps, split.filters, rest = splitJoins(jo.ms, jo.root, sel.cond)
		if len(rest) == 0 {
			return &split
		}
		return &selectOp{input: &split, cond: andOf(rest)}
	})
	var jo *joinOp
	var reads []Expr
	walkOps(tree, func(o op) {
		if j, ok := o.(*joinOp); ok {
			jo = j
		}
		reads = append(reads, opExprs(o)...)
	})
	if jo.steps == nil {
		// No WHERE: only the ON conditions to split.
		jo.steps, jo.filters, _ = splitJoins(jo.ms, jo.root, nil)
	}
	jo.reads = reads
	return tree
}

// joinLeaf is pushdown's rule for a FROM of several sources: one pipeline
// of $lookup stages (a route, with EXPLAIN's notes) where the server has
// them, else in-process joins over one scan per source, saying why.
func (p *planCtx) joinLeaf(jo *joinOp, full bool) op {
	why := ""
	if p.caps.Lookup && full {
		scan, notes, reason, ok := p.lookupJoin(jo.root, jo.steps, jo.filters, jo.reads)
		if ok {
			return &route{get: &getOp{scan: scan}, open: true, full: full, notes: notes}
		}
		why = reason
	} else if full {
		why = "the server lacks $lookup"
	}
	return &nodeOp{node: p.joinNodes(jo.root, jo.steps, jo.filters, jo.reads), why: why}
}

// joinNodes plans the FROM tree as in-process joins over one scan per
// source and places tail over the joined row.
func (p *planCtx) joinNodes(root fromNode, steps map[*fromJoin]*joinStep, filters [][]Expr, tail []Expr) Node {
	order := leaves(root)
	l := newLayout(order)
	used := usedColumns(tail, steps)
	var build func(n fromNode, base int) (Node, int)
	build = func(n fromNode, base int) (Node, int) {
		if s, ok := n.(*source); ok {
			return p.sourceScan(s, filters[s.id], used[s.id]), s.width()
		}
		st := steps[n.(*fromJoin)]
		left, lw := build(st.left, base)
		right, rw := build(st.right, base+lw)
		for _, k := range st.leftKeys {
			l.place(k, base)
		}
		for _, k := range st.rightKeys {
			l.place(k, base+lw)
		}
		j := &Join{Kind: st.kind, Left: left, Right: right, LeftKeys: st.leftKeys, RightKeys: st.rightKeys, RightWidth: rw}
		if len(st.cond) > 0 {
			j.Cond = andOf(st.cond)
			l.place(j.Cond, base)
		}
		return j, lw + rw
	}
	node, _ := build(root, 0)
	for _, e := range tail {
		l.place(e, 0)
	}
	return node
}

// usedColumns lists, per source, the columns of its row that the join's
// keys and conditions and the expressions above the FROM clause read.
func usedColumns(tail []Expr, steps map[*fromJoin]*joinStep) map[int]map[int]bool {
	used := map[int]map[int]bool{}
	mark := func(e Expr) {
		walkExpr(e, func(x Expr) {
			if c, ok := x.(*ColRef); ok && c.Src > 0 {
				if used[c.Src-1] == nil {
					used[c.Src-1] = map[int]bool{}
				}
				used[c.Src-1][c.Local] = true
			}
		})
	}
	for _, e := range tail {
		mark(e)
	}
	for _, st := range steps {
		for _, e := range append(append(slices.Clone(st.leftKeys), st.rightKeys...), st.cond...) {
			mark(e)
		}
	}
	return used
}

// sourceScan reads one source with its own filters pushed as far as the
// server allows; its rows are the source's columns in order.
func (p *planCtx) sourceScan(s *source, filter []Expr, used map[int]bool) Node {
	fields, types := s.fields()
	var in op
	if s.derived != nil {
		in = &nodeOp{node: s.derived.Root}
	} else {
		in = &getOp{table: s.table, scan: &Scan{Collection: s.table.Name, Fields: fields, Types: types, Virtual: s.table.Virtual}}
	}
	exprs := make([]Expr, len(fields))
	for i := range fields {
		if !used[i] {
			// Nothing reads it: NULL in its place, so the scan's
			// projection leaves the field on the server.
			exprs[i] = &Literal{T: types[i]}
			continue
		}
		path := fields[i]
		if s.derived != nil {
			path = ""
		}
		exprs[i] = &ColRef{Index: i, Name: fields[i], Path: path, T: types[i]}
	}
	if len(filter) > 0 {
		for _, f := range filter {
			placeLocal(f)
		}
		in = filtered(in, andOf(filter))
	}
	return p.findOnly(&projectOp{input: in, exprs: exprs})
}

// findOnly plans a read of one table as a find would: filters, sort,
// limit and projection pushed where the server can, nothing computed into
// new fields (exec's operators expect the table's own row).
func (p *planCtx) findOnly(tree op) Node {
	return p.physical(p.pushdown(tree, false))
}
