package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// selectQuery is a single-table SELECT after binding, before placement.
type selectQuery struct {
	scan          *Scan  // nil without FROM
	table         *Table // nil without FROM
	input         Node
	where         Expr // normalized; over the table row
	grouped       bool
	groupBy       []Expr     // over the table row
	aggs          []*AggCall // over the table row
	having        Expr       // normalized; over the aggregate row
	exprs         []Expr     // over the table row, or the aggregate row when grouped
	cols          []sqltypes.Column
	distinct      bool
	keys          []SortKey // over the same row as exprs; after DISTINCT, over the output
	offset, count Expr
}

// selectPlan plans a single-table SELECT.
func (p *planCtx) selectPlan(sel *sqlparser.Select) (*Query, error) {
	if e, ok := p.nestedSet(sel); ok {
		return p.setExprPlan(e)
	}
	if sel.Lock != "" {
		return nil, unsupported("locking reads (%s)", strings.TrimSpace(sel.Lock))
	}
	b := p.binder()
	q := &selectQuery{distinct: sel.Distinct != ""}
	var from fromNode
	if multiTable(sel.From) {
		var err error
		if from, err = p.bindFrom(b, sel.From); err != nil {
			return nil, err
		}
	} else if len(sel.From) == 1 && !isDual(sel.From[0]) {
		ate := sel.From[0].(*sqlparser.AliasedTableExpr)
		t, err := p.fromTable(ate.Expr.(sqlparser.TableName))
		if err != nil {
			return nil, err
		}
		if t.Virtual {
			// Rows made from the catalog: everything above runs in-process.
			vp := *p
			vp.caps = None
			p = &vp
		}
		b.scope = scope{table: t, alias: ate.As.String(), probe: prober(p.cat, t)}
		q.table = t
		q.scan = &Scan{Collection: t.Name, Virtual: t.Virtual}
		q.input = q.scan
	} else {
		q.input = &Values{Rows: [][]Expr{{}}}
	}

	if sel.Where != nil {
		// The WHERE is the part of a SELECT that grows with long OR
		// chains and IN lists: this walk of it ticks too.
		if agg, err := hasAggregateStop(sel.Where.Expr, &p.stop); err != nil {
			return nil, err
		} else if agg {
			return nil, sqlerr.New(sqlerr.Syntax, "invalid use of group function in WHERE")
		}
		w, err := b.bind(sel.Where.Expr)
		if err != nil {
			return nil, err
		}
		q.where = normalize(w, false)
	}

	// HAVING alone does not group: without GROUP BY and aggregates it
	// filters rows, and may name select-list aliases (MySQL).
	q.grouped = len(sel.GroupBy) > 0 || hasAggregate(sel.SelectExprs) ||
		(sel.Having != nil && hasAggregate(sel.Having)) || hasAggregate(sel.OrderBy)
	if q.grouped {
		if err := b.bindGroupBy(sel, q); err != nil {
			return nil, err
		}
	}
	if err := b.bindSelectList(sel.SelectExprs, q, p.stmt.SelectTexts); err != nil {
		return nil, err
	}
	if sel.Having != nil {
		h, err := b.bind(sel.Having.Expr)
		if err != nil {
			return nil, err
		}
		if q.grouped {
			q.having = normalize(h, false)
		} else {
			// Over the same rows as the WHERE, aliases read as their
			// expressions.
			q.where = andOf(append(conjunctsOf(q.where), normalize(h, false)))
		}
	}
	for _, o := range sel.OrderBy {
		e, err := b.orderKey(o.Expr, sel.SelectExprs, q.exprs)
		if err != nil {
			return nil, err
		}
		q.keys = append(q.keys, SortKey{Expr: e, Desc: o.Direction == sqlparser.DescScr})
	}
	if b.agg != nil {
		q.aggs = b.agg.aggs
	}
	if q.distinct && len(q.keys) > 0 {
		// After DISTINCT only the output columns exist.
		for i, k := range q.keys {
			j := indexOfExpr(q.exprs, k.Expr)
			if j < 0 {
				return nil, sqlerr.New(sqlerr.Unsupported, "ORDER BY %s is not in the SELECT list, which DISTINCT requires", ExprString(k.Expr))
			}
			q.keys[i].Expr = &ColRef{Index: j, Name: q.cols[j].Name, Path: fmt.Sprintf("c%d", j), T: q.cols[j].Type}
		}
	}
	if sel.Limit != nil {
		var err error
		if q.offset, err = b.limitValue(sel.Limit.Offset); err != nil {
			return nil, err
		}
		if q.count, err = b.limitValue(sel.Limit.Rowcount); err != nil {
			return nil, err
		}
	}
	if p.outer != nil && p.outer.top == sel && q.scan != nil && !q.table.Virtual && !q.grouped && !q.distinct && q.offset == nil && q.count == nil {
		// A subquery over one table: the outer query may test it with a
		// $lookup (semiStages).
		si := &semiInfo{table: q.table}
		si.fields, si.types = b.scanFields()
		if q.where != nil {
			si.where = conjuncts(q.where)
		}
		if len(q.exprs) == 1 {
			si.col, _ = q.exprs[0].(*ColRef)
		}
		p.outer.semi = si
	}
	var notes []string
	var why string
	if from != nil {
		var err error
		if notes, why, err = p.placeJoin(b.multi, from, q); err != nil {
			return nil, err
		}
	} else if q.scan != nil {
		q.scan.Fields, q.scan.Types = b.scanFields()
		if q.scan.Virtual {
			q.scan.Names = virtualNames(q.table, q.where)
		}
	}
	if err := p.stop.now(); err != nil {
		return nil, err
	}
	if from != nil {
		return p.finishJoin(q, notes, why), nil
	}
	if q.scan != nil && p.caps.Expr && p.caps.Group {
		if root, ok := p.fullPipeline(q); ok {
			return &Query{Root: root, Columns: q.cols}, nil
		}
		reason := inProcessReason(q)
		return &Query{Root: p.pushPartial(q), Columns: q.cols, InProcess: reason}, nil
	}
	return &Query{Root: p.pushPartial(q), Columns: q.cols}, nil
}

// bindSelectList binds the select list over the table row, or over the
// aggregate row when grouped.
func (b *binder) bindSelectList(list sqlparser.SelectExprs, q *selectQuery, texts []string) error {
	for i, se := range list {
		switch se := se.(type) {
		case *sqlparser.StarExpr:
			if b.multi != nil {
				refs, srcs, err := b.starColumns(se.TableName.Name.String())
				if err != nil {
					return err
				}
				for i, r := range refs {
					col := srcs[i].table.Columns[r.Local].Name
					var e Expr = r
					if b.agg != nil {
						// Grouped: each column takes a value from its group,
						// as the qualified name would.
						name := &sqlparser.ColName{Name: sqlparser.NewColIdent(col), Qualifier: sqlparser.TableName{Name: sqlparser.NewTableIdent(srcs[i].name)}}
						if e, err = b.bind(name); err != nil {
							return err
						}
					}
					q.exprs = append(q.exprs, e)
					q.cols = append(q.cols, sqltypes.Column{Name: col, Type: r.T, Nullable: b.multi.nullableRef(r)})
				}
				continue
			}
			t := b.scope.table
			if t == nil {
				return sqlerr.New(sqlerr.Syntax, "SELECT * needs a FROM clause")
			}
			if qual := se.TableName.Name.String(); qual != "" && !equalFold(qual, t.Name) && !equalFold(qual, b.scope.alias) {
				return sqlerr.New(sqlerr.UnknownTable, "unknown table %q", qual)
			}
			for _, c := range t.Columns {
				e, err := b.bind(&sqlparser.ColName{Name: sqlparser.NewColIdent(c.Name)})
				if err != nil {
					return err
				}
				q.exprs = append(q.exprs, e)
				q.cols = append(q.cols, sqltypes.Column{Name: c.Name, Type: c.Type, Nullable: !c.NotNull})
			}
		case *sqlparser.AliasedExpr:
			e, err := b.bind(se.Expr)
			if err != nil {
				return err
			}
			q.exprs = append(q.exprs, e)
			if !se.As.IsEmpty() {
				if b.aliases == nil {
					b.aliases = map[string]Expr{}
				}
				b.aliases[strings.ToLower(se.As.String())] = e
			}
			name := outputName(se)
			if _, isCol := se.Expr.(*sqlparser.ColName); !isCol && se.As.IsEmpty() && i < len(texts) {
				name = texts[i]
			}
			null := nullable(e, b.scope.table)
			if c, ok := e.(*ColRef); ok && b.multi != nil && c.Src > 0 {
				null = b.multi.nullableRef(c)
			}
			q.cols = append(q.cols, sqltypes.Column{Name: name, Type: e.Type(), Nullable: null})
		default:
			return unsupported("select expression %s", sqlparser.String(se))
		}
	}
	return nil
}

// bindGroupBy binds GROUP BY keys over the table row (ordinals and
// aliases name select-list expressions) and switches the binder to the
// aggregate's rows.
func (b *binder) bindGroupBy(sel *sqlparser.Select, q *selectQuery) error {
	st := &aggState{}
	for _, g := range sel.GroupBy {
		ast := resolveAlias(g, sel.SelectExprs, b.hasColumn)
		if hasAggregate(ast) {
			return sqlerr.New(sqlerr.Syntax, "can't group on an aggregate (%s)", sqlparser.String(g))
		}
		e, err := b.bind(ast)
		if err != nil {
			return err
		}
		st.keyText = append(st.keyText, sqlparser.String(ast))
		st.keys = append(st.keys, e)
	}
	q.groupBy = st.keys
	b.agg = st
	return nil
}

// resolveAlias maps a GROUP BY ordinal or alias to its select expression.
// As in MySQL, a column of the table wins over an alias of the same name.
func resolveAlias(g sqlparser.Expr, list sqlparser.SelectExprs, hasColumn func(string) bool) sqlparser.Expr {
	if v, ok := g.(*sqlparser.SQLVal); ok && v.Type == sqlparser.IntVal {
		n := 0
		for _, c := range v.Val {
			n = n*10 + int(c-'0')
		}
		if n >= 1 && n <= len(list) {
			if ae, ok := list[n-1].(*sqlparser.AliasedExpr); ok {
				return ae.Expr
			}
		}
		return g
	}
	if c, ok := g.(*sqlparser.ColName); ok && c.Qualifier.IsEmpty() {
		if hasColumn(c.Name.String()) {
			return g
		}
		for _, se := range list {
			if ae, ok := se.(*sqlparser.AliasedExpr); ok && !ae.As.IsEmpty() && equalFold(ae.As.String(), c.Name.String()) {
				return ae.Expr
			}
		}
	}
	return g
}

func indexOfExpr(list []Expr, e Expr) int {
	s := ExprString(e)
	for i, x := range list {
		if x == e || ExprString(x) == s {
			return i
		}
	}
	return -1
}

// pushPartial pushes the WHERE, and for ungrouped queries the ORDER BY,
// LIMIT and projection, while everything below them was pushed; the rest
// runs in-process above the scan.
func (p *planCtx) pushPartial(q *selectQuery) Node {
	scan := q.scan
	pushing := scan != nil && p.caps.Aggregate
	node := q.input
	if q.where != nil {
		var residual []Expr
		for _, c := range conjuncts(q.where) {
			if pushing {
				if m, ok := toMatch(c); ok {
					scan.Pipeline = appendMatch(scan.Pipeline, m)
					continue
				}
			}
			residual = append(residual, c)
		}
		if len(residual) > 0 && pushing && p.caps.Expr {
			var parts bson.A
			var rest []Expr
			for _, c := range residual {
				if e, ok := exprPred(c); ok {
					parts = append(parts, e)
				} else {
					rest = append(rest, c)
				}
			}
			scan.Pipeline = appendExprMatch(scan.Pipeline, parts)
			residual = rest
		}
		if len(residual) > 0 {
			pushing = false
			node, residual = p.semiJoins(node, residual)
		}
		if len(residual) > 0 {
			node = &Filter{Input: node, Cond: andOf(residual)}
		}
	}
	if pushing && !q.grouped && uniqueMatch(scan.Pipeline) {
		scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$limit", Value: int64(1)}})
	}
	if q.grouped {
		if pushing && len(q.groupBy) == 0 && onlyCountStar(q.aggs) {
			// COUNT(*) alone: the server counts, no document comes back.
			scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$count", Value: "n"}})
			scan.Fields, scan.Types = []string{"n"}, []sqltypes.Type{{Kind: sqltypes.Int}}
			counted := &ColRef{Index: 0, Name: "n", Path: "n", T: sqltypes.Type{Kind: sqltypes.Int}}
			aggs := make([]*AggCall, len(q.aggs))
			for i, a := range q.aggs {
				aggs[i] = &AggCall{Func: "count_rows", Args: []Expr{counted}, T: a.T}
			}
			node = &Aggregate{Input: node, Aggs: aggs}
			pushing = false
		} else {
			if pushing {
				projectUsed(scan, q)
			}
			node = &Aggregate{Input: node, GroupBy: q.groupBy, Aggs: q.aggs}
			pushing = false
		}
		if q.having != nil {
			node = &Filter{Input: node, Cond: q.having}
		}
	}
	if q.distinct {
		if pushing {
			projectUsed(scan, q)
			pushing = false
		}
		node = &Distinct{Input: &Project{Input: node, Exprs: q.exprs}}
		if len(q.keys) > 0 {
			node = &Sort{Input: node, Keys: q.keys}
		}
		if q.offset != nil || q.count != nil {
			node = &Limit{Input: node, Offset: q.offset, Count: q.count}
		}
		return node
	}
	if len(q.keys) > 0 {
		sortDoc := bson.D{}
		for _, k := range q.keys {
			c, ok := k.Expr.(*ColRef)
			if !ok || c.Path == "" {
				pushing = false
				break
			}
			dir := int32(1)
			if k.Desc {
				dir = -1
			}
			sortDoc = append(sortDoc, bson.E{Key: c.Path, Value: dir})
		}
		if pushing {
			scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$sort", Value: sortDoc}})
		} else {
			node = &Sort{Input: node, Keys: q.keys}
		}
	}
	offset, count := q.offset, q.count
	if offset != nil || count != nil {
		keepResidual := !pushing
		if pushing {
			if offset != nil {
				v, _ := limitBSON(offset, false)
				scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$skip", Value: v}})
			}
			if count != nil {
				v, _ := limitBSON(count, true)
				scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$limit", Value: v}})
				if l, isLit := count.(*Literal); !isLit || l.Value.(int64) == 0 {
					// A parameter or zero count: the server gets at least
					// 1, the exact count is applied here.
					keepResidual = true
					offset = nil
				}
			}
		}
		if keepResidual {
			node = &Limit{Input: node, Offset: offset, Count: count}
			pushing = false
		}
	}
	if pushing {
		if direct(scan, q) {
			// The scan's rows are the result: no in-process projection.
			return node
		}
		projectUsed(scan, q)
	}
	return &Project{Input: node, Exprs: q.exprs}
}

// direct makes a fully pushed scan read exactly the selected columns when
// every output is a plain field, so rows need no in-process projection.
func direct(scan *Scan, q *selectQuery) bool {
	fields := make([]string, len(q.exprs))
	types := make([]sqltypes.Type, len(q.exprs))
	for i, e := range q.exprs {
		c, ok := e.(*ColRef)
		if !ok || c.Path == "" {
			return false
		}
		fields[i], types[i] = c.Path, c.T
	}
	proj, ok := projectFields(dedupe(fields))
	if !ok {
		return false
	}
	scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$project", Value: proj}})
	scan.Fields, scan.Types = fields, types
	return true
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

func andOf(es []Expr) Expr {
	if len(es) == 1 {
		return es[0]
	}
	return &And{Args: es}
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

func onlyCountStar(aggs []*AggCall) bool {
	for _, a := range aggs {
		if !a.Star {
			return false
		}
	}
	return len(aggs) > 0
}

// projectUsed appends a $project of the fields the in-process operators
// read, so unused fields never cross the wire.
func projectUsed(scan *Scan, q *selectQuery) {
	used := make([]bool, len(scan.Fields))
	mark := func(e Expr) {
		walkExpr(e, func(x Expr) {
			if c, ok := x.(*ColRef); ok && c.Index >= 0 && c.Index < len(used) {
				used[c.Index] = true
			}
		})
	}
	// Called only while everything below was pushed, so the WHERE ran in
	// the server and needs no fields here.
	if q.grouped {
		for _, g := range q.groupBy {
			mark(g)
		}
		for _, a := range q.aggs {
			for _, x := range a.Args {
				mark(x)
			}
			for _, k := range a.OrderBy {
				mark(k.Expr)
			}
		}
	} else {
		for _, e := range q.exprs {
			mark(e)
		}
		for _, k := range q.keys {
			mark(k.Expr)
		}
	}
	var fields []string
	for i, f := range scan.Fields {
		if used[i] {
			fields = append(fields, f)
		}
	}
	if proj, ok := projectFields(fields); ok {
		scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$project", Value: proj}})
	}
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

// limitValue binds a LIMIT or OFFSET operand: a non-negative integer
// literal or a parameter.
func (b *binder) limitValue(e sqlparser.Expr) (Expr, error) {
	if e == nil {
		return nil, nil
	}
	v, err := b.bind(e)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case *Literal:
		if n, ok := x.Value.(int64); ok && n >= 0 {
			return x, nil
		}
	case *ParamRef:
		return &ParamRef{N: x.N, T: sqltypes.Type{Kind: sqltypes.Int}}, nil
	}
	return nil, sqlerr.New(sqlerr.Syntax, "LIMIT and OFFSET take a non-negative integer, not %s", sqlparser.String(e))
}

// orderKey binds an ORDER BY expression: an ordinal, an output alias, or
// an expression over the input.
func (b *binder) orderKey(e sqlparser.Expr, list sqlparser.SelectExprs, exprs []Expr) (Expr, error) {
	if v, ok := e.(*sqlparser.SQLVal); ok && v.Type == sqlparser.IntVal {
		n := 0
		for _, c := range v.Val {
			n = n*10 + int(c-'0')
		}
		if n < 1 || n > len(exprs) {
			return nil, sqlerr.New(sqlerr.UnknownColumn, "unknown column '%d' in 'order clause'", n)
		}
		return exprs[n-1], nil
	}
	if c, ok := e.(*sqlparser.ColName); ok && c.Qualifier.IsEmpty() {
		i := 0
		var found Expr
		for _, se := range list {
			if ae, ok := se.(*sqlparser.AliasedExpr); ok {
				if !ae.As.IsEmpty() && equalFold(ae.As.String(), c.Name.String()) {
					if found != nil && ExprString(found) != ExprString(exprs[i]) {
						return nil, sqlerr.New(sqlerr.Ambiguous, "column '%s' in order clause is ambiguous: two select expressions have that alias", c.Name.String())
					}
					if found == nil {
						found = exprs[i]
					}
				}
				i++
			} else {
				// A star expands to several expressions; aliases after it
				// are not reachable by index, so fall back to binding.
				break
			}
		}
		if found != nil {
			return found, nil
		}
	}
	return b.bind(e)
}

// outputName is the column name MySQL reports for a select expression.
func outputName(se *sqlparser.AliasedExpr) string {
	if !se.As.IsEmpty() {
		return se.As.String()
	}
	if c, ok := se.Expr.(*sqlparser.ColName); ok {
		return c.Name.String()
	}
	return sqlparser.String(se.Expr)
}

// nullable reports whether e can be NULL, for ColumnTypeNullable.
func nullable(e Expr, t *Table) bool {
	switch x := e.(type) {
	case *ColRef:
		if t != nil && x.Index >= 0 && x.Index < len(t.Columns) {
			return !t.Columns[x.Index].NotNull
		}
	case *Literal:
		return x.Value == nil
	case *IsNull, *IsTruth:
		return false
	}
	return true
}

func isDual(te sqlparser.TableExpr) bool {
	ate, ok := te.(*sqlparser.AliasedTableExpr)
	if !ok {
		return false
	}
	tn, ok := ate.Expr.(sqlparser.TableName)
	return ok && strings.EqualFold(tn.Name.String(), "dual")
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

// hasColumn reports whether an unqualified name is a column of the FROM
// clause (it then wins over a select-list alias of the same name).
func (b *binder) hasColumn(name string) bool {
	if b.multi != nil {
		for _, s := range b.multi.sources {
			if c, _ := s.table.Column(name); c != nil {
				return true
			}
		}
		return false
	}
	if b.scope.table == nil {
		return false
	}
	c, _ := b.scope.table.Column(name)
	return c != nil
}

// multiTable reports a FROM clause that needs the join planner: several
// tables, a join, or a derived table.
func multiTable(from sqlparser.TableExprs) bool {
	if len(from) != 1 {
		return len(from) > 1
	}
	ate, ok := from[0].(*sqlparser.AliasedTableExpr)
	if !ok {
		return true
	}
	_, isTable := ate.Expr.(sqlparser.TableName)
	return !isTable
}

// conjunctsOf is conjuncts, for a nil condition none.
func conjunctsOf(e Expr) []Expr {
	if e == nil {
		return nil
	}
	return conjuncts(e)
}
