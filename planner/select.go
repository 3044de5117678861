package planner

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// selectPlan plans a SELECT: it binds the clauses into a logical plan
// (FROM, WHERE, GROUP BY, HAVING, then ORDER BY, LIMIT and the select
// list, the select list before them under DISTINCT), places a FROM of
// several sources, and pushes the plan down.
func (p *planCtx) selectPlan(sel *sqlparser.Select) (*Query, error) {
	t, err := p.selectTree(sel)
	if err != nil {
		return nil, err
	}
	return p.queryOf(t), nil
}

// queryTree is a query's logical plan with its output columns.
type queryTree struct {
	tree    op // ready for pushdown
	logical op // as bound, for golden files
	cols    []sqltypes.Column
	// full: pushdown may use the whole aggregation language (not for a
	// table of information_schema, made in-process).
	full bool
}

// queryOf pushes a logical plan down and makes it a Query.
func (p *planCtx) queryOf(t *queryTree) *Query {
	pushed := p.pushdown(t.tree, t.full)
	q := &Query{Root: p.physical(pushed), Columns: t.cols, logical: t.logical}
	if t.full {
		q.InProcess = p.reasonOf(pushed)
	}
	walkOps(pushed, func(o op) {
		if r, ok := o.(*route); ok && r.notes != nil {
			q.Notes = r.notes
		}
	})
	return q
}

// selectTree binds a SELECT into its logical plan.
func (p *planCtx) selectTree(sel *sqlparser.Select) (*queryTree, error) {
	if e, ok := p.nestedSet(sel); ok {
		return p.setExprTree(e)
	}
	if sel.Lock != "" {
		return nil, unsupported("locking reads (%s)", strings.TrimSpace(sel.Lock))
	}
	b := p.binder()
	var from op
	var table *Table
	switch {
	case multiTable(sel.From):
		root, err := p.bindFrom(b, sel.From)
		if err != nil {
			return nil, err
		}
		from = &joinOp{ms: b.multi, root: root}
	case len(sel.From) == 1 && !isDual(sel.From[0]):
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
		table = t
		from = &getOp{table: t, scan: &Scan{Collection: t.Name, Virtual: t.Virtual}}
	default:
		from = &valuesOp{rows: [][]Expr{{}}}
	}

	var where Expr
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
		where = normalize(w, false)
	}

	// HAVING alone does not group: without GROUP BY and aggregates it
	// filters rows, and may name select-list aliases (MySQL). An aggregate
	// of this query's columns inside a subquery is this query's.
	grouped := len(sel.GroupBy) > 0 || hasAggregate(sel.SelectExprs) ||
		(sel.Having != nil && hasAggregate(sel.Having)) || hasAggregate(sel.OrderBy) ||
		p.aggregatesInSubquery(sel, b)
	var groupBy []Expr
	if grouped {
		var err error
		if groupBy, err = b.bindGroupBy(sel); err != nil {
			return nil, err
		}
	}
	exprs, cols, err := b.bindSelectList(sel.SelectExprs, p.stmt.SelectTexts)
	if err != nil {
		return nil, err
	}
	var having Expr
	if sel.Having != nil {
		h, err := b.bind(sel.Having.Expr)
		if err != nil {
			return nil, err
		}
		if grouped {
			having = normalize(h, false)
		} else {
			// Over the same rows as the WHERE, aliases read as their
			// expressions.
			where = andOf(append(conjunctsOf(where), normalize(h, false)))
		}
	}
	var keys []SortKey
	for _, o := range sel.OrderBy {
		e, err := b.orderKey(o.Expr, sel.SelectExprs, exprs)
		if err != nil {
			return nil, err
		}
		keys = append(keys, SortKey{Expr: e, Desc: o.Direction == sqlparser.DescScr})
	}
	var aggs []*AggCall
	if b.agg != nil {
		aggs = b.agg.aggs
	}
	distinct := sel.Distinct != ""
	if distinct && len(keys) > 0 {
		// After DISTINCT only the output columns exist.
		for i, k := range keys {
			j := indexOfExpr(exprs, k.Expr)
			if j < 0 {
				return nil, sqlerr.New(sqlerr.Unsupported, "ORDER BY %s is not in the SELECT list, which DISTINCT requires", ExprString(k.Expr))
			}
			keys[i].Expr = &ColRef{Index: j, Name: cols[j].Name, Path: fmt.Sprintf("c%d", j), T: cols[j].Type}
		}
	}
	var offset, count Expr
	if sel.Limit != nil {
		if offset, err = b.limitValue(sel.Limit.Offset); err != nil {
			return nil, err
		}
		if count, err = b.limitValue(sel.Limit.Rowcount); err != nil {
			return nil, err
		}
	}
	scalar := grouped && len(groupBy) == 0 && having == nil && len(keys) == 0 && len(exprs) == 1
	if p.outer != nil && p.outer.top == sel && table != nil && !table.Virtual && (!grouped || scalar) && !distinct && offset == nil && count == nil {
		// A subquery over one table: the outer query may test it with a
		// $lookup (semiStages), or read its one aggregate value through
		// one (scalarStages).
		si := &semiInfo{table: table}
		si.fields, si.types = b.scanFields()
		if where != nil {
			si.where = conjuncts(where)
		}
		switch {
		case grouped:
			si.agg = &scalarAgg{aggs: aggs, value: exprs[0]}
		case len(exprs) == 1:
			si.col, _ = exprs[0].(*ColRef)
		}
		p.outer.semi = si
	}

	tree := filtered(from, where)
	if grouped {
		tree = &groupOp{input: tree, keys: groupBy, aggs: aggs, table: table}
		if having != nil {
			tree = &selectOp{input: tree, cond: having, having: true}
		}
	}
	tree = tail(tree, exprs, cols, distinct, keys, offset, count)

	logical := tree
	if _, ok := from.(*joinOp); ok {
		tree = splitWhere(tree)
	} else if g, ok := from.(*getOp); ok {
		g.scan.Fields, g.scan.Types = b.scanFields()
		if g.scan.Virtual {
			g.scan.Names = virtualNames(table, where)
		}
	}
	if err := p.stop.now(); err != nil {
		return nil, err
	}
	return &queryTree{tree: tree, logical: logical, cols: cols, full: p.caps.Expr && p.caps.Group}, nil
}

// filtered adds a WHERE over in: a Select of its conjuncts, then a semi
// join per conjunct that tests a plain one-table subquery.
func filtered(in op, where Expr) op {
	if where == nil {
		return in
	}
	var rest, tests []Expr
	for _, c := range conjuncts(where) {
		if _, _, ok := semiTest(c); ok {
			tests = append(tests, c)
		} else {
			rest = append(rest, c)
		}
	}
	if len(rest) > 0 {
		in = &selectOp{input: in, cond: andOf(rest)}
	}
	for _, t := range tests {
		in = &semiJoinOp{input: in, test: t}
	}
	return in
}

// tail adds the operators after grouping: the select list, then ORDER BY
// and LIMIT over its input; under DISTINCT the select list comes first
// and ORDER BY reads its output.
func tail(in op, exprs []Expr, cols []sqltypes.Column, distinct bool, keys []SortKey, offset, count Expr) op {
	project := func(in op) op { return &projectOp{input: in, exprs: exprs, cols: cols} }
	if distinct {
		in = &distinctOp{input: project(in)}
	}
	if len(keys) > 0 {
		in = &orderOp{input: in, keys: keys}
	}
	if offset != nil || count != nil {
		in = &limitOp{input: in, offset: offset, count: count}
	}
	if distinct {
		return in
	}
	return project(in)
}

// bindSelectList binds the select list over the table row, or over the
// aggregate row when grouped.
func (b *binder) bindSelectList(list sqlparser.SelectExprs, texts []string) (exprs []Expr, cols []sqltypes.Column, err error) {
	for i, se := range list {
		switch se := se.(type) {
		case *sqlparser.StarExpr:
			if b.multi != nil {
				refs, srcs, err := b.starColumns(se.TableName.Name.String())
				if err != nil {
					return nil, nil, err
				}
				for i, r := range refs {
					col := srcs[i].table.Columns[r.Local].Name
					var e Expr = r
					if b.agg != nil {
						// Grouped: each column takes a value from its group,
						// as the qualified name would.
						name := &sqlparser.ColName{Name: sqlparser.NewColIdent(col), Qualifier: sqlparser.TableName{Name: sqlparser.NewTableIdent(srcs[i].name)}}
						if e, err = b.bind(name); err != nil {
							return nil, nil, err
						}
					}
					exprs = append(exprs, e)
					cols = append(cols, sqltypes.Column{Name: col, Type: r.T, Nullable: b.multi.nullableRef(r)})
				}
				continue
			}
			t := b.scope.table
			if t == nil {
				return nil, nil, sqlerr.New(sqlerr.Syntax, "SELECT * needs a FROM clause")
			}
			if qual := se.TableName.Name.String(); qual != "" && !qualifies(qual, b.scope.name()) {
				return nil, nil, sqlerr.Numbered(sqlerr.UnknownTable, 1051, "unknown table '%s'", qual) // ER_BAD_TABLE_ERROR
			}
			for _, c := range t.Columns {
				e, err := b.bind(&sqlparser.ColName{Name: sqlparser.NewColIdent(c.Name)})
				if err != nil {
					return nil, nil, err
				}
				exprs = append(exprs, e)
				cols = append(cols, sqltypes.Column{Name: c.Name, Type: c.Type, Nullable: !c.NotNull})
			}
		case *sqlparser.AliasedExpr:
			e, err := b.bind(se.Expr)
			if err != nil {
				return nil, nil, err
			}
			exprs = append(exprs, e)
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
			cols = append(cols, sqltypes.Column{Name: name, Type: e.Type(), Nullable: null})
		default:
			return nil, nil, unsupported("select expression %s", sqlparser.String(se))
		}
	}
	return exprs, cols, nil
}

// bindGroupBy binds GROUP BY keys over the table row (ordinals and
// aliases name select-list expressions) and switches the binder to the
// aggregate's rows.
func (b *binder) bindGroupBy(sel *sqlparser.Select) ([]Expr, error) {
	st := &aggState{}
	for _, g := range sel.GroupBy {
		ast := resolveAlias(g, sel.SelectExprs, b.hasColumn)
		if hasAggregate(ast) {
			return nil, sqlerr.New(sqlerr.Syntax, "can't group on an aggregate (%s)", sqlparser.String(g))
		}
		e, err := b.bind(ast)
		if err != nil {
			return nil, err
		}
		st.keyText = append(st.keyText, sqlparser.String(ast))
		st.keys = append(st.keys, e)
	}
	b.agg = st
	return st.keys, nil
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

func andOf(es []Expr) Expr {
	if len(es) == 1 {
		return es[0]
	}
	return &And{Args: es}
}

func onlyCountStar(aggs []*AggCall) bool {
	for _, a := range aggs {
		if !a.Star {
			return false
		}
	}
	return len(aggs) > 0
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
