package planner

import (
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// lookupJoin plans a join tree as one pipeline on its first table: per
// join a $lookup of the right side (localField/foreignField for one
// equality key on the right side's first table, so the server probes
// that field's index; a sub-pipeline for the right side's own filters,
// its own joins and the rest of the condition) and an $unwind that keeps
// unmatched rows for LEFT JOIN. A joined side's documents sit under a
// field __jN (N its first table's number), nested for nested joins. ok is
// false when some part cannot be written that way, and why says which
// ("" when no collection is read at all); the in-process plan then places
// every expression again.
func (p *planCtx) lookupJoin(root fromNode, steps map[*fromJoin]*joinStep, filters [][]Expr, tail []Expr) (scan *Scan, notes []string, why string, ok bool) {
	root = p.indexOrder(root, steps)
	order := leaves(root)
	for _, s := range order {
		switch {
		case s.table.Virtual:
			return nil, nil, "information_schema rows are made in-process", false
		case s.derived != nil && s.paths == nil:
			if s.derived.InProcess == "" {
				// Its rows are literals (SELECT without FROM, LIMIT 0):
				// a pipeline must start from a collection.
				return nil, nil, "derived table " + s.name + " reads no collection", false
			}
			return nil, nil, s.derived.InProcess, false
		}
	}
	lb := &lookupBuilder{steps: steps, filters: filters, prefix: map[int]string{}}
	lb.assign(root, "")
	collection, pl, ok := lb.stages(root, "")
	if !ok {
		return nil, nil, lb.why, false
	}
	l := &layout{offset: map[int]int{}, prefix: lb.prefix}
	fields, types := []string{}, []sqltypes.Type{}
	for _, s := range order {
		l.offset[s.id] = len(fields)
		f, t := s.fields()
		for i := range f {
			fields = append(fields, lb.prefix[s.id]+f[i])
		}
		types = append(types, t...)
	}
	scan = &Scan{Collection: collection, Pipeline: pl, Fields: fields, Types: types}
	for _, e := range tail {
		l.place(e, 0)
	}
	if len(order) == 1 {
		return scan, nil, "", true
	}
	return scan, append([]string{"order " + joinOrder(order)}, lb.notes...), "", true
}

// lookupBuilder writes a join tree as $lookup stages.
type lookupBuilder struct {
	steps   map[*fromJoin]*joinStep
	filters [][]Expr
	// prefix is where each source's fields sit in the final rows.
	prefix map[int]string
	notes  []string
	why    string // what could not be written, when stages fails
}

// assign gives the sources of n their prefixes, n's documents sitting
// under at.
func (lb *lookupBuilder) assign(n fromNode, at string) {
	switch n := n.(type) {
	case *source:
		lb.prefix[n.id] = at
	case *fromJoin:
		lb.assign(n.left, at)
		lb.assign(n.right, at+fmt.Sprintf("__j%d.", firstLeaf(n.right).id))
	}
}

// place sets the paths e reads as seen from documents sitting under at;
// a column of a source outside them is left to the caller (let).
func (lb *lookupBuilder) place(e Expr, at string) {
	walkExpr(e, func(x Expr) {
		if c, ok := x.(*ColRef); ok && c.Src > 0 {
			c.Index, c.Path = -1, strings.TrimPrefix(lb.prefix[c.Src-1], at)+c.Field
		}
	})
}

// stages writes n as a pipeline over its first table, whose documents
// sit under at in the final rows.
func (lb *lookupBuilder) stages(n fromNode, at string) (string, []bson.D, bool) {
	if s, ok := n.(*source); ok {
		coll, pl := s.table.Name, []bson.D(nil)
		if s.derived != nil {
			sc := s.derived.Root.(*Scan)
			coll, pl = sc.Collection, append(pl, sc.Pipeline...)
		}
		for _, f := range lb.filters[s.id] {
			lb.place(f, at)
		}
		pl, ok := appendFilter(pl, lb.filters[s.id])
		if !ok {
			lb.why = exprsReason(lb.filters[s.id])
		}
		return coll, pl, ok
	}
	j := n.(*fromJoin)
	st := lb.steps[j]
	coll, pl, ok := lb.stages(j.left, at)
	if !ok {
		return "", nil, false
	}
	right := firstLeaf(j.right)
	rightAt := lb.prefix[right.id]
	from, sub, ok := lb.stages(j.right, rightAt)
	if !ok {
		return "", nil, false
	}
	as := strings.TrimSuffix(strings.TrimPrefix(rightAt, at), ".")
	if right.derived != nil && len(leaves(j.right)) == 1 {
		return coll, lb.filterJoin(st, right, from, sub, pl, at, as), lb.why == ""
	}
	lookup := bson.D{{Key: "from", Value: from}}
	keyL, keyR, rest := lookupKey(st, right)
	nullKey := "" // a local key that may be NULL, of a LEFT JOIN
	index := ""
	if keyL != nil {
		lb.place(keyL, at)
		lb.place(keyR, rightAt)
		local, foreign := keyL.(*ColRef).Path, keyR.(*ColRef).Path
		lookup = append(lookup, bson.E{Key: "localField", Value: local}, bson.E{Key: "foreignField", Value: foreign})
		// $lookup matches null to null and to missing; in SQL a NULL
		// key never matches.
		notNull := bson.D{{Key: "$ne", Value: nil}}
		switch {
		case local == "_id":
			// _id is never null or missing.
		case st.kind == InnerJoin:
			pl = appendMatch(pl, bson.D{{Key: local, Value: notNull}})
		default:
			// After the $lookup: a $match on the joined key in the
			// sub-pipeline makes DocumentDB scan it per document.
			nullKey = local
		}
		index = indexFor(right.table, foreign)
	}
	if len(rest) > 0 {
		inside := leaves(j.right)
		let, cond, ok := lb.letCondition(inside, at, rightAt, rest)
		if !ok {
			lb.why = exprsReason(rest)
			return "", nil, false
		}
		lookup = append(lookup, bson.E{Key: "let", Value: let})
		sub = appendExprMatch(sub, bson.A{cond})
	}
	if len(sub) > 0 || keyL == nil {
		// bson.A, not []bson.D: BindPipeline finds placeholders in it.
		stages := bson.A{}
		for _, st := range sub {
			stages = append(stages, st)
		}
		lookup = append(lookup, bson.E{Key: "pipeline", Value: stages})
	}
	lookup = append(lookup, bson.E{Key: "as", Value: as})
	pl = append(pl, bson.D{{Key: "$lookup", Value: lookup}})
	if nullKey != "" {
		// A NULL key matches nothing: no joined document then.
		pl = append(pl, bson.D{{Key: "$set", Value: bson.D{{Key: as, Value: condAgg(notNull("$"+nullKey), "$"+as, bson.A{})}}}})
	}
	pl = append(pl, bson.D{{Key: "$unwind", Value: bson.D{{Key: "path", Value: "$" + as}, {Key: "preserveNullAndEmptyArrays", Value: st.kind == LeftJoin}}}})
	lb.notes = append(lb.notes, joinNote(len(lb.notes), st, right, keyL, keyR, index))
	return coll, pl, true
}

// letCondition writes the rest of a join condition for the $lookup's
// sub-pipeline: columns of the joined side (inside, under rightAt) read
// its documents, the others are let variables bound to the outer
// document (under at).
func (lb *lookupBuilder) letCondition(inside []*source, at, rightAt string, rest []Expr) (bson.D, any, bool) {
	let := bson.D{}
	vars := map[string]string{}
	cond := andOf(rest)
	walkExpr(cond, func(x Expr) {
		c, ok := x.(*ColRef)
		if !ok || c.Src == 0 {
			return
		}
		if slices.ContainsFunc(inside, func(s *source) bool { return s.id == c.Src-1 }) {
			c.Index, c.Path = -1, strings.TrimPrefix(lb.prefix[c.Src-1], rightAt)+c.Field
			return
		}
		outer := strings.TrimPrefix(lb.prefix[c.Src-1], at) + c.Field
		v, ok := vars[outer]
		if !ok {
			v = fmt.Sprintf("v%d", len(vars))
			vars[outer] = v
			let = append(let, bson.E{Key: v, Value: "$" + outer})
		}
		c.Index, c.Path = -1, "$"+v
	})
	e, ok := exprPred(cond)
	return let, e, ok
}

// filterJoin joins a derived table: its pipeline runs once, uncorrelated
// (no index could serve it), and a $filter keeps the rows that match each
// document. (DocumentDB crashes on a $lookup whose let variables meet a
// $group counting with {$sum: 1} in the sub-pipeline; this form has no
// let.)
func (lb *lookupBuilder) filterJoin(st *joinStep, right *source, from string, sub, pl []bson.D, at, as string) []bson.D {
	stages := bson.A{}
	for _, x := range sub {
		stages = append(stages, x)
	}
	pl = append(pl, bson.D{{Key: "$lookup", Value: bson.D{{Key: "from", Value: from}, {Key: "pipeline", Value: stages}, {Key: "as", Value: as}}}})
	_, _, rest := lookupKey(st, nil)
	if len(rest) > 0 {
		cond := andOf(rest)
		walkExpr(cond, func(x Expr) {
			if c, ok := x.(*ColRef); ok && c.Src > 0 {
				if c.Src-1 == right.id {
					c.Index, c.Path = -1, "$this."+c.Field
				} else {
					c.Index, c.Path = -1, strings.TrimPrefix(lb.prefix[c.Src-1], at)+c.Field
				}
			}
		})
		e, ok := exprPred(cond)
		if !ok {
			lb.why = exprsReason(rest)
			return nil
		}
		pl = append(pl, bson.D{{Key: "$set", Value: bson.D{{Key: as, Value: bson.D{{Key: "$filter", Value: bson.D{{Key: "input", Value: "$" + as}, {Key: "cond", Value: e}}}}}}}})
	}
	pl = append(pl, bson.D{{Key: "$unwind", Value: bson.D{{Key: "path", Value: "$" + as}, {Key: "preserveNullAndEmptyArrays", Value: st.kind == LeftJoin}}}})
	lb.notes = append(lb.notes, fmt.Sprintf("$lookup %d: %s join derived table %s, read once and matched by $filter", len(lb.notes)+1, st.kind, right.name))
	return pl
}

func firstLeaf(n fromNode) *source { return leaves(n)[0] }

// lookupKey picks the equality the $lookup matches by localField and
// foreignField: plain columns of comparable types, the right one a field
// of the joined side's first table. The other keys join
// the rest of the condition.
func lookupKey(st *joinStep, right *source) (l, r Expr, rest []Expr) {
	pick := -1
	for i := range st.leftKeys {
		lc, lok := st.leftKeys[i].(*ColRef)
		rc, rok := st.rightKeys[i].(*ColRef)
		// foreignField reads the joined collection's documents before any
		// pipeline: the key must be a field of its first table.
		onTable := rok && right != nil && rc.Src-1 == right.id && right.derived == nil
		if lok && onTable && pick < 0 && sameKeyClass(lc.T, rc.T) {
			pick = i
			continue
		}
		rest = append(rest, &Compare{Op: OpEq, L: st.leftKeys[i], R: st.rightKeys[i]})
	}
	rest = append(rest, st.cond...)
	if pick < 0 {
		return nil, nil, rest
	}
	return st.leftKeys[pick], st.rightKeys[pick], rest
}

// sameKeyClass reports key types whose BSON equality — what $lookup's
// localField/foreignField compare, with no conversion — is SQL's: numbers
// with numbers, but not a DOUBLE with a DECIMAL (MySQL compares them as
// doubles, MongoDB exactly) nor a BOOL with anything else; strings with
// strings, an ObjectID only with an ObjectID; otherwise the same kind. A
// sampled field of unknown type compares as the documents hold it. Other
// pairs are compared in the sub-pipeline, where the translation converts.
func sameKeyClass(a, b sqltypes.Type) bool {
	if a.Kind == sqltypes.Null || b.Kind == sqltypes.Null {
		return true
	}
	switch {
	case a.Kind == sqltypes.Bool || b.Kind == sqltypes.Bool:
		return a.Kind == b.Kind
	case a.IsNumeric() && b.IsNumeric():
		return !(a.Kind == sqltypes.Double && b.Kind == sqltypes.Decimal || a.Kind == sqltypes.Decimal && b.Kind == sqltypes.Double)
	case a.IsString() && b.IsString():
		return (a.Kind == sqltypes.ObjectID) == (b.Kind == sqltypes.ObjectID)
	}
	return a.Kind == b.Kind && a.Kind != sqltypes.JSONKind
}

// appendFilter adds filter conjuncts to a pipeline: query-language $match
// where it can (index-friendly), $expr for the rest.
func appendFilter(pl []bson.D, filter []Expr) ([]bson.D, bool) {
	var parts bson.A
	for _, c := range filter {
		if m, ok := toMatch(c); ok {
			pl = appendMatch(pl, m)
		} else if e, ok := exprPred(c); ok {
			parts = append(parts, e)
		} else {
			return nil, false
		}
	}
	return appendExprMatch(pl, parts), true
}

// indexOrder reorders a tree of inner joins over tables so that as many
// $lookups as possible probe an indexed field: for each table as the
// first one, it adds the others greedily — a table joined by an equality
// on an indexed field of its own first, then one joined by any condition,
// then the next in FROM order — and keeps the order with the most
// indexed lookups (the FROM order on a tie). Outer joins keep their
// order.
func (p *planCtx) indexOrder(root fromNode, steps map[*fromJoin]*joinStep) fromNode {
	srcs := leaves(root)
	var pool []Expr
	ok := len(srcs) > 1
	var collect func(n fromNode)
	collect = func(n fromNode) {
		j, isJoin := n.(*fromJoin)
		if !isJoin {
			if s := n.(*source); s.derived != nil {
				ok = false
			}
			return
		}
		if j.kind != InnerJoin {
			ok = false
		}
		st := steps[j]
		for i := range st.leftKeys {
			pool = append(pool, &Compare{Op: OpEq, L: st.leftKeys[i], R: st.rightKeys[i]})
		}
		pool = append(pool, st.cond...)
		collect(j.left)
		collect(j.right)
	}
	collect(root)
	if !ok {
		return root
	}
	best, bestScore := srcs, -1
	for _, base := range srcs {
		order, score := greedyOrder(base, srcs, pool)
		if score > bestScore {
			best, bestScore = order, score
		}
	}
	if slices.Equal(best, srcs) {
		if leftDeepTables(root) {
			return root
		}
	}
	// Rebuild left-deep in the chosen order; each condition joins the
	// first join where all its tables are present.
	used := make([]bool, len(pool))
	var tree fromNode = best[0]
	joined := []*source{best[0]}
	for _, s := range best[1:] {
		j := &fromJoin{kind: InnerJoin, left: tree, right: s}
		st := &joinStep{fromJoin: j}
		with := append(slices.Clone(joined), s)
		for i, c := range pool {
			if used[i] || !within(sourcesOf(c), with) {
				continue
			}
			used[i] = true
			if cmp, isCmp := c.(*Compare); isCmp && cmp.Op == OpEq {
				l, r := sourcesOf(cmp.L), sourcesOf(cmp.R)
				switch {
				case len(l) > 0 && within(l, joined) && slices.Equal(r, []int{s.id}):
					st.leftKeys, st.rightKeys = append(st.leftKeys, cmp.L), append(st.rightKeys, cmp.R)
					continue
				case len(r) > 0 && within(r, joined) && slices.Equal(l, []int{s.id}):
					st.leftKeys, st.rightKeys = append(st.leftKeys, cmp.R), append(st.rightKeys, cmp.L)
					continue
				}
			}
			st.cond = append(st.cond, c)
		}
		steps[j] = st
		tree, joined = j, with
	}
	return tree
}

// greedyOrder orders srcs from base as indexOrder describes; score counts
// the tables reached through an indexed field.
func greedyOrder(base *source, srcs []*source, pool []Expr) ([]*source, int) {
	order := []*source{base}
	score := 0
	for len(order) < len(srcs) {
		var indexed, connected, next *source
		for _, s := range srcs {
			if slices.Contains(order, s) {
				continue
			}
			if next == nil {
				next = s
			}
			with := append(slices.Clone(order), s)
			for _, c := range pool {
				ids := sourcesOf(c)
				if !slices.Contains(ids, s.id) || !within(ids, with) {
					continue
				}
				if connected == nil {
					connected = s
				}
				if indexed == nil && probesIndex(c, s, order) {
					indexed = s
				}
			}
		}
		switch {
		case indexed != nil:
			order, score = append(order, indexed), score+1
		case connected != nil:
			order = append(order, connected)
		default:
			order = append(order, next)
		}
	}
	return order, score
}

// probesIndex reports an equality between a plain column of s with an
// index and an expression over the tables joined before it.
func probesIndex(c Expr, s *source, before []*source) bool {
	cmp, ok := c.(*Compare)
	if !ok || cmp.Op != OpEq {
		return false
	}
	for _, pair := range [][2]Expr{{cmp.L, cmp.R}, {cmp.R, cmp.L}} {
		col, ok := pair[0].(*ColRef)
		other := sourcesOf(pair[1])
		if ok && col.Src-1 == s.id && len(other) > 0 && within(other, before) && indexFor(s.table, col.Field) != "" {
			return true
		}
	}
	return false
}

// leftDeepTables reports a tree whose every join has one table on its
// right.
func leftDeepTables(n fromNode) bool {
	for {
		j, ok := n.(*fromJoin)
		if !ok {
			return true
		}
		if _, ok := j.right.(*source); !ok {
			return false
		}
		n = j.left
	}
}

// indexFor names an index of t whose first key is the document field
// path, or "" when there is none.
func indexFor(t *Table, path string) string {
	if path == "_id" {
		return "_id_"
	}
	for _, ix := range t.Indexes {
		if len(ix.Columns) > 0 && t.Path(ix.Columns[0]) == path {
			return ix.Name
		}
	}
	return ""
}

func joinOrder(order []*source) string {
	names := make([]string, len(order))
	for i, s := range order {
		names[i] = s.name
	}
	return strings.Join(names, " → ")
}

func joinNote(k int, st *joinStep, s *source, keyL, keyR Expr, index string) string {
	kind := st.kind.String()
	if keyL == nil {
		return fmt.Sprintf("$lookup %d: %s join %s by its sub-pipeline (no equality: no index)", k+1, kind, s.name)
	}
	on := keyL.(*ColRef).Name + " = " + keyR.(*ColRef).Name
	if index == "" {
		return fmt.Sprintf("$lookup %d: %s join %s on %s (%s has no index on it)", k+1, kind, s.name, on, s.name)
	}
	return fmt.Sprintf("$lookup %d: %s join %s on %s using index %s", k+1, kind, s.name, on, index)
}
