package planner

import (
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// lookupJoin plans a left-deep join tree as one pipeline on the first
// table: per join a $lookup of the next table (localField/foreignField for
// one equality key, so the server probes foreignField's index; a
// sub-pipeline for that table's own filters and the rest of the
// condition) and an $unwind that keeps unmatched rows for LEFT JOIN. ok is
// false when some part cannot be written that way; nothing of q is
// changed then that the in-process plan does not set again.
func (p *planCtx) lookupJoin(ms *multiScope, root fromNode, steps map[*fromJoin]*joinStep, filters [][]Expr, q *selectQuery) ([]string, bool) {
	root = p.indexOrder(root, steps)
	order := leaves(root)
	for i, s := range order {
		if s.table.Virtual {
			return nil, false
		}
		if s.derived != nil && (i > 0 || s.paths == nil) {
			// A derived table that is one pipeline can start the join;
			// $lookup's foreignField reads the collection, not a
			// pipeline's output, so it cannot be joined to.
			return nil, false
		}
	}
	chain := leftDeep(root, steps)
	if chain == nil && len(order) > 1 {
		return nil, false
	}
	l := newLayout(order, true)
	base := order[0]
	collection := base.table.Name
	var pl []bson.D
	if base.derived != nil {
		sc := base.derived.Root.(*Scan)
		collection, pl = sc.Collection, append(pl, sc.Pipeline...)
	}
	for _, f := range filters[base.id] {
		placeLocal(f)
	}
	pl, ok := appendFilter(pl, filters[base.id])
	if !ok {
		return nil, false
	}
	var notes []string
	for k, st := range chain {
		s := st.right.(*source)
		as := strings.TrimSuffix(l.prefix[s.id], ".")
		lookup := bson.D{{Key: "from", Value: s.table.Name}}
		keyL, keyR, rest := lookupKey(st)
		var sub []bson.D
		for _, f := range filters[s.id] {
			placeLocal(f)
		}
		sub, ok := appendFilter(sub, filters[s.id])
		if !ok {
			return nil, false
		}
		index := ""
		if keyL != nil {
			l.place(keyL, 0)
			placeLocal(keyR)
			local, foreign := keyL.(*ColRef).Path, keyR.(*ColRef).Path
			lookup = append(lookup, bson.E{Key: "localField", Value: local}, bson.E{Key: "foreignField", Value: foreign})
			// $lookup matches null to null and to missing; in SQL a NULL
			// key never matches.
			notNull := bson.D{{Key: "$ne", Value: nil}}
			if st.kind == InnerJoin {
				pl = appendMatch(pl, bson.D{{Key: local, Value: notNull}})
			} else {
				sub = append([]bson.D{{{Key: "$match", Value: bson.D{{Key: foreign, Value: notNull}}}}}, sub...)
			}
			index = indexFor(s.table, foreign)
		}
		if len(rest) > 0 {
			let, cond, ok := letCondition(l, s, rest)
			if !ok {
				return nil, false
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
		pl = append(pl, bson.D{{Key: "$lookup", Value: lookup}},
			bson.D{{Key: "$unwind", Value: bson.D{{Key: "path", Value: "$" + as}, {Key: "preserveNullAndEmptyArrays", Value: st.kind == LeftJoin}}}})
		notes = append(notes, joinNote(k, st, s, keyL, keyR, index))
	}
	fields, types := []string{}, []sqltypes.Type{}
	for _, s := range order {
		f, t := s.fields()
		for i := range f {
			fields = append(fields, l.prefix[s.id]+f[i])
		}
		types = append(types, t...)
	}
	q.scan = &Scan{Collection: collection, Pipeline: pl, Fields: fields, Types: types}
	q.input, q.table = q.scan, nil
	placeTail(l, q)
	if len(order) == 1 {
		return nil, true
	}
	return append([]string{"order " + joinOrder(order)}, notes...), true
}

// leftDeep returns the joins of root from the bottom up when every join's
// right side is a single table; nil otherwise.
func leftDeep(root fromNode, steps map[*fromJoin]*joinStep) []*joinStep {
	var chain []*joinStep
	for {
		j, ok := root.(*fromJoin)
		if !ok {
			break
		}
		if _, ok := j.right.(*source); !ok {
			return nil
		}
		chain = append([]*joinStep{steps[j]}, chain...)
		root = j.left
	}
	return chain
}

// lookupKey picks the equality the $lookup matches by localField and
// foreignField: plain columns of comparable types. The other keys join
// the rest of the condition.
func lookupKey(st *joinStep) (l, r Expr, rest []Expr) {
	pick := -1
	for i := range st.leftKeys {
		lc, lok := st.leftKeys[i].(*ColRef)
		rc, rok := st.rightKeys[i].(*ColRef)
		if lok && rok && pick < 0 && sameKeyClass(lc.T, rc.T) {
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

// sameKeyClass reports key types BSON equality compares as SQL does:
// numbers with numbers, strings with strings, dates with dates. A sampled
// field of unknown type compares as the documents hold it.
func sameKeyClass(a, b sqltypes.Type) bool {
	ca, cb := keyClass(a), keyClass(b)
	return ca == "" || cb == "" || ca == cb
}

func keyClass(t sqltypes.Type) string {
	switch {
	case t.Kind == sqltypes.Null || t.Kind == sqltypes.JSONKind:
		return ""
	case t.IsNumeric() || t.Kind == sqltypes.Bool:
		return "number"
	case t.IsString():
		return "string"
	}
	return fmt.Sprint(int(t.Kind))
}

// letCondition writes the rest of a join condition for the $lookup's
// sub-pipeline: columns of the joined table s read its documents, the
// others are let variables bound to the outer row.
func letCondition(l *layout, s *source, rest []Expr) (bson.D, any, bool) {
	let := bson.D{}
	vars := map[string]string{}
	cond := andOf(rest)
	walkExpr(cond, func(x Expr) {
		c, ok := x.(*ColRef)
		if !ok || c.Src == 0 {
			return
		}
		if c.Src-1 == s.id {
			c.Index, c.Path = c.Local, c.Field
			return
		}
		outer := l.prefix[c.Src-1] + c.Field
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

// indexOrder swaps the two tables of an inner join when only the first
// one's key is indexed, so the $lookup probes an index.
func (p *planCtx) indexOrder(root fromNode, steps map[*fromJoin]*joinStep) fromNode {
	j, ok := root.(*fromJoin)
	if !ok || j.kind != InnerJoin {
		return root
	}
	ls, lok := j.left.(*source)
	rs, rok := j.right.(*source)
	st := steps[j]
	if !lok || !rok || len(st.leftKeys) == 0 {
		return root
	}
	lc, lok := st.leftKeys[0].(*ColRef)
	rc, rok := st.rightKeys[0].(*ColRef)
	if !lok || !rok || indexFor(rs.table, rc.Field) != "" || indexFor(ls.table, lc.Field) == "" {
		return root
	}
	swapped := &fromJoin{kind: InnerJoin, left: rs, right: ls, on: j.on, cross: j.cross}
	steps[swapped] = &joinStep{fromJoin: swapped, leftKeys: st.rightKeys, rightKeys: st.leftKeys, cond: st.cond}
	return swapped
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
	kind := "inner"
	if st.kind == LeftJoin {
		kind = "left"
	}
	if keyL == nil {
		return fmt.Sprintf("$lookup %d: %s join %s by its sub-pipeline (no equality: no index)", k+1, kind, s.name)
	}
	on := keyL.(*ColRef).Name + " = " + keyR.(*ColRef).Name
	if index == "" {
		return fmt.Sprintf("$lookup %d: %s join %s on %s (%s has no index on it)", k+1, kind, s.name, on, s.name)
	}
	return fmt.Sprintf("$lookup %d: %s join %s on %s using index %s", k+1, kind, s.name, on, index)
}
