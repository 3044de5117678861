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
func splitJoins(ms *multiScope, root fromNode, q *selectQuery) (steps map[*fromJoin]*joinStep, filters [][]Expr) {
	filters = make([][]Expr, len(ms.sources))
	steps = map[*fromJoin]*joinStep{}
	// WHERE conjuncts over sources no outer join makes NULL join the
	// lowest inner join that has them all, as if written in its ON.
	extra := map[*fromJoin][]Expr{}
	if q.where != nil {
		var rest []Expr
		for _, c := range conjuncts(q.where) {
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
		q.where = nil
		if len(rest) > 0 {
			q.where = andOf(rest)
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
	return steps, filters
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

// placeJoin plans the FROM tree of a multi-table SELECT: as one pipeline
// of $lookup stages where the server has them (q.scan), else as
// in-process joins over one scan per source (q.input). It places every
// expression of q over the joined row. notes describe the join for
// EXPLAIN.
func (p *planCtx) placeJoin(ms *multiScope, root fromNode, q *selectQuery) (notes []string, why string, err error) {
	steps, filters := splitJoins(ms, root, q)
	if p.caps.Lookup && p.caps.Expr && p.caps.Group {
		var ok bool
		if notes, why, ok = p.lookupJoin(root, steps, filters, q); ok {
			return notes, "", nil
		}
	} else if p.caps.Expr && p.caps.Group {
		why = "the server lacks $lookup"
	}
	order := leaves(root)
	l := newLayout(order)
	used := usedColumns(q, steps)
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
	q.input, _ = build(root, 0)
	q.scan, q.table = nil, nil
	placeTail(l, q)
	return nil, why, nil
}

// usedColumns lists, per source, the columns of its row that the join's
// keys and conditions and the expressions above the FROM clause read.
func usedColumns(q *selectQuery, steps map[*fromJoin]*joinStep) map[int]map[int]bool {
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
	for _, e := range q.tailExprs() {
		mark(e)
	}
	for _, st := range steps {
		for _, e := range append(append(slices.Clone(st.leftKeys), st.rightKeys...), st.cond...) {
			mark(e)
		}
	}
	return used
}

// placeTail places the expressions above the FROM clause over the joined
// row.
func placeTail(l *layout, q *selectQuery) {
	for _, e := range q.tailExprs() {
		l.place(e, 0)
	}
}

// tailExprs lists the expressions of q that read the FROM clause's row.
func (q *selectQuery) tailExprs() []Expr {
	var out []Expr
	if q.where != nil {
		out = append(out, q.where)
	}
	out = append(out, q.groupBy...)
	for _, a := range q.aggs {
		out = append(out, a.Args...)
		for _, k := range a.OrderBy {
			out = append(out, k.Expr)
		}
	}
	out = append(out, q.exprs...)
	for _, k := range q.keys {
		out = append(out, k.Expr)
	}
	return out
}

// sourceScan reads one source with its own filters pushed as far as the
// server allows; its rows are the source's columns in order.
func (p *planCtx) sourceScan(s *source, filter []Expr, used map[int]bool) Node {
	fields, types := s.fields()
	sq := &selectQuery{}
	if s.derived != nil {
		sq.input = s.derived.Root
	} else {
		sq.table = s.table
		sq.scan = &Scan{Collection: s.table.Name, Fields: fields, Types: types, Virtual: s.table.Virtual}
		sq.input = sq.scan
	}
	for i := range fields {
		if !used[i] {
			// Nothing reads it: NULL in its place, so the scan's
			// projection leaves the field on the server.
			sq.exprs = append(sq.exprs, &Literal{T: types[i]})
			continue
		}
		path := fields[i]
		if s.derived != nil {
			path = ""
		}
		sq.exprs = append(sq.exprs, &ColRef{Index: i, Name: fields[i], Path: path, T: types[i]})
	}
	if len(filter) > 0 {
		for _, f := range filter {
			placeLocal(f)
		}
		sq.where = andOf(filter)
	}
	if s.table.Virtual {
		// Rows made from the catalog: filtered in-process.
		vp := *p
		vp.caps = None
		return vp.pushPartial(sq)
	}
	return p.pushPartial(sq)
}

// finishJoin completes a multi-table SELECT whose FROM clause placeJoin
// planned; why says what kept the join from being one pipeline.
func (p *planCtx) finishJoin(q *selectQuery, notes []string, why string) *Query {
	if q.scan != nil {
		if root, ok := p.fullPipeline(q); ok {
			return &Query{Root: root, Columns: q.cols, Notes: notes}
		}
		return &Query{Root: p.pushPartial(q), Columns: q.cols, InProcess: inProcessReason(q), Notes: notes}
	}
	return &Query{Root: p.pushPartial(q), Columns: q.cols, InProcess: why}
}
