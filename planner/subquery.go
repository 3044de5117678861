package planner

import (
	"reflect"

	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
	"github.com/sqlmongo/sqlmongo/sqlparse"
)

// Subquery is a subquery inside an expression: EXISTS (SELECT …) when
// Exists, a quantified comparison X op ANY|ALL (SELECT …) when X is set
// (X IN (SELECT …) is X = ANY), else a scalar (SELECT …) of one column. Outer lists the outer query's expressions a correlated subquery
// reads (OuterRef N is Outer[N]); exec runs the inner query once per
// distinct tuple of their values (once, when uncorrelated). It has no MQL
// form, so the expression around it runs in-process.
type Subquery struct {
	Exists bool
	// X is the left operand of a quantified comparison; NOT IN is a Not
	// around = ANY, exact under three-valued logic.
	X     Expr
	Quant Quantifier
	// Single marks a comparison with a subquery that must return at most
	// one row (X = (SELECT …) where X is a Row); none gives NULL.
	Single bool
	Outer  []Expr
	T      sqltypes.Type
	Text   string // the subquery as written, for EXPLAIN
	// root is unexported so that walkExpr, which reads exported fields,
	// never mistakes the inner query's columns for the outer one's.
	root Node
	// semi, when set, allows the test to run as a $lookup in the outer
	// pipeline (semiStages).
	semi *semiInfo
}

// Quantifier is the comparison of X op ANY|ALL (SELECT …).
type Quantifier struct {
	Op  CmpOp
	All bool
}

// OuterRef is a correlated subquery's reference to a value of the outer
// row: Subquery.Outer[N], bound per run (Env.Outer).
type OuterRef struct {
	N    int
	Name string
	T    sqltypes.Type
}

func (o *OuterRef) Type() sqltypes.Type { return o.T }
func (*OuterRef) isExpr()               {}

func (s *Subquery) Type() sqltypes.Type { return s.T }
func (*Subquery) isExpr()               {}

// Root is the inner query's plan.
func (s *Subquery) Root() Node { return s.root }

func (s *Subquery) String() string {
	switch {
	case s.Exists:
		return "exists(" + s.Text + ")"
	case s.X != nil && s.Quant == (Quantifier{}):
		return ExprString(s.X) + " in (" + s.Text + ")"
	case s.X != nil:
		q := " any "
		if s.Quant.All {
			q = " all "
		}
		return ExprString(s.X) + " " + s.Quant.Op.String() + q + "(" + s.Text + ")"
	}
	return "(" + s.Text + ")"
}

// SubqueryRunner runs the subqueries of one execution; exec implements it.
type SubqueryRunner interface {
	// Run returns 1 or 0 for EXISTS, TRUE, FALSE or NULL for a quantified
	// comparison (x is the left operand's value), else the scalar's value (NULL without a row;
	// an error with more than one). outer holds the values of s.Outer.
	Run(s *Subquery, x any, outer []any) (any, error)
}

// evalSubquery evaluates s over row through the execution's runner.
func evalSubquery(s *Subquery, row sqltypes.Row, env *Env) (any, error) {
	if env == nil || env.Subqueries == nil {
		return nil, sqlerr.New(sqlerr.Unsupported, "a subquery here")
	}
	var outer []any
	for _, o := range s.Outer {
		v, err := Eval(o, row, env)
		if err != nil {
			return nil, err
		}
		outer = append(outer, v)
	}
	var x any
	if s.X != nil {
		var err error
		if x, err = Eval(s.X, row, env); err != nil {
			return nil, err
		}
	}
	return env.Subqueries.Run(s, x, outer)
}

// QuantResult is x op ANY|ALL (values) under SQL's three-valued logic:
// ANY is TRUE when some comparison is TRUE, ALL FALSE when some is FALSE;
// otherwise a NULL comparison makes it NULL; over no values ANY is FALSE
// and ALL TRUE.
func QuantResult(x any, q Quantifier, values []any) any {
	sawNull := false
	for _, v := range values {
		var r any
		if row, ok := x.([]any); ok {
			r = rowEqualValues(row, v.([]any))
		} else {
			r = compareValues(q.Op, x, v)
		}
		switch r {
		case nil:
			sawNull = true
		case int64(1):
			if !q.All {
				return int64(1)
			}
		default:
			if q.All {
				return int64(0)
			}
		}
	}
	switch {
	case sawNull:
		return nil
	case q.All:
		return int64(1)
	}
	return int64(0)
}

// subquery binds (SELECT …), EXISTS (SELECT …) or x op ANY|ALL (SELECT
// …) (x set; IN is = ANY): the inner SELECT is planned on its own, with this binder as its
// outer scope, so a name it cannot resolve may read the outer row.
func (b *binder) subquery(sq *sqlparser.Subquery, exists bool, x Expr, quant Quantifier) (Expr, error) {
	if b.sub == nil {
		return nil, unsupported("a subquery here")
	}
	if sel, ok := sq.Select.(*sqlparser.Select); ok && x != nil && sel.Limit != nil {
		return nil, sqlerr.Numbered(sqlerr.Unsupported, sqlerr.ErrNotSupported, "LIMIT in an IN/ALL/ANY/SOME subquery (MySQL does not support it either)")
	}
	s := &Subquery{Exists: exists, X: x, Quant: quant, Text: sqlparser.String(sq.Select)}
	scope := &outerScope{b: b, s: s}
	scope.top, _ = sq.Select.(*sqlparser.Select)
	q, err := b.sub(sq.Select, scope)
	if err != nil {
		return nil, err
	}
	s.root = q.Root
	if _, plain := sq.Select.(*sqlparser.Select); plain {
		s.semi = scope.semi
	}
	if exists {
		s.T = sqltypes.Type{Kind: sqltypes.Int}
		return s, nil
	}
	width := 1
	if r, ok := x.(*Row); ok {
		width = len(r.Items)
	}
	if len(q.Columns) != width {
		return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrOperandCols, "Operand should contain %d column(s)", width)
	}
	s.T = q.Columns[0].Type
	if x != nil {
		s.T = boolType
	}
	return s, nil
}

// outerScope is what a subquery's names fall back to: the enclosing
// query's binder; each outer value read is added to s.Outer once.
type outerScope struct {
	b *binder
	s *Subquery
	// semi is set by the planning of top, the subquery's SELECT, when it
	// is a plain single-table one (not by the SELECTs of a set operation).
	top  *sqlparser.Select
	semi *semiInfo
}

// resolve binds c in the outer query, as an OuterRef of the subquery.
func (o *outerScope) resolve(c *sqlparser.ColName) (Expr, error) {
	v, err := o.b.bind(c)
	if err != nil {
		return nil, err
	}
	key := ExprString(v)
	for i, e := range o.s.Outer {
		if ExprString(e) == key {
			return &OuterRef{N: i, Name: key, T: v.Type()}, nil
		}
	}
	o.s.Outer = append(o.s.Outer, v)
	return &OuterRef{N: len(o.s.Outer) - 1, Name: key, T: v.Type()}, nil
}

// subquery plans the SELECT (or set operation) of a subquery with the
// statement's context; outer, when set, resolves the names the subquery
// lacks.
func (p *planCtx) subquery(sel sqlparser.SelectStatement, outer *outerScope) (*Query, error) {
	sp := *p
	sp.outer = outer
	if outer != nil {
		lifted, err := p.liftOuterAggs(sel, outer.b)
		if err != nil {
			return nil, err
		}
		if top, ok := sel.(*sqlparser.Select); ok && top == outer.top {
			outer.top, _ = lifted.(*sqlparser.Select)
		}
		sel = lifted
	}
	if s, ok := sel.(*sqlparser.Select); ok {
		return sp.selectPlan(s)
	}
	e, err := setExprOf(sel)
	if err != nil {
		return nil, err
	}
	return sp.setExprPlan(e)
}

// setExprOf reads a set operation the library parsed inside parentheses
// (a subquery, a derived table, INSERT … SELECT) as sqlparse's tree.
func setExprOf(sel sqlparser.SelectStatement) (sqlparse.SetExpr, error) {
	switch x := sel.(type) {
	case *sqlparser.Select:
		return &sqlparse.SetSelect{Select: x}, nil
	case *sqlparser.ParenSelect:
		return setExprOf(x.Select)
	case *sqlparser.Union:
		l, err := setExprOf(x.Left)
		if err != nil {
			return nil, err
		}
		r, err := setExprOf(x.Right)
		if err != nil {
			return nil, err
		}
		var e sqlparse.SetExpr = &sqlparse.SetOp{Op: sqlparse.Union, All: x.Type == sqlparser.UnionAllStr, Left: l, Right: r}
		if len(x.OrderBy) > 0 || x.Limit != nil {
			e = &sqlparse.SetQuery{Body: e, OrderBy: x.OrderBy, Limit: x.Limit}
		}
		return e, nil
	}
	return nil, unsupported("%s", sqlparser.String(sel))
}

// nestedSet returns the set operation a SELECT stands for when sqlparse
// replaced a parenthesised INTERSECT or EXCEPT by SELECT * FROM
// sqlmongo_set_N (sqlparse.NestedSetTable).
func (p *planCtx) nestedSet(sel *sqlparser.Select) (sqlparse.SetExpr, bool) {
	if len(sel.From) != 1 || len(sel.SelectExprs) != 1 || sel.Where != nil {
		return nil, false
	}
	if _, star := sel.SelectExprs[0].(*sqlparser.StarExpr); !star {
		return nil, false
	}
	ate, ok := sel.From[0].(*sqlparser.AliasedTableExpr)
	if !ok {
		return nil, false
	}
	tn, ok := ate.Expr.(sqlparser.TableName)
	if !ok {
		return nil, false
	}
	n, ok := sqlparse.NestedIndex(tn.Name.String())
	if !ok || n >= len(p.stmt.Nested) {
		return nil, false
	}
	return p.stmt.Nested[n], true
}

// outerAgg marks, in a subquery's copy of its SELECT, an aggregate call
// whose columns are all the outer query's: MySQL computes it in the outer
// query, over the outer group, and the subquery reads the value as an
// outer reference. The mark is a ColName, so the subquery's planning sees
// no aggregate there (none in its WHERE, no grouping of its own).
type outerAgg struct {
	call  sqlparser.Expr // the FuncExpr or GroupConcatExpr as written
	owner *aggState      // the aggregate of the query that computes it
}

// liftedAgg binds the mark of an outer aggregate: the query that owns it
// adds the call to its aggregate; a subquery in between reads it as an
// outer reference, as it would a column.
func (b *binder) liftedAgg(c *sqlparser.ColName, m *outerAgg) (Expr, error) {
	if b.agg != nil && b.agg == m.owner {
		return b.bind(m.call)
	}
	if b.outer == nil {
		return nil, unsupported("an aggregate of outer columns inside a subquery here (%s)", sqlparser.String(m.call))
	}
	return b.outer.resolve(c)
}

// liftOuterAggs returns sel, or a copy of it in which each aggregate call
// whose column references are all columns of the query around the
// subquery (none names a table of the subquery's FROM clauses, down to
// the call) is an outerAgg mark owned by that query's aggregate (b.agg).
// The statement's tree is shared by every execution of a cached
// statement, so it is copied where it changes, never written.
func (p *planCtx) liftOuterAggs(sel sqlparser.SelectStatement, b *binder) (sqlparser.SelectStatement, error) {
	if !hasAnyAggregate(sel) {
		return sel, nil
	}
	l := &lifter{p: p, b: b, owner: b.agg}
	v, changed := l.walk(reflect.ValueOf(&sel).Elem())
	if l.err != nil || !changed {
		return sel, l.err
	}
	return v.Interface().(sqlparser.SelectStatement), nil
}

// aggregatesInSubquery reports whether a subquery of sel's select list,
// HAVING or ORDER BY holds an aggregate call whose columns are all sel's
// own (b binds them, its FROM clause bound): MySQL computes that call in
// sel, so sel is an aggregate query even without GROUP BY or aggregates
// of its own. It runs the lifter as an ungrouped query would, which only
// reports such a call.
func (p *planCtx) aggregatesInSubquery(sel *sqlparser.Select, b *binder) bool {
	nodes := []sqlparser.SQLNode{sel.SelectExprs, sel.OrderBy}
	if sel.Having != nil {
		nodes = append(nodes, sel.Having)
	}
	found := false
	for _, node := range nodes {
		_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
			if sq, ok := n.(*sqlparser.Subquery); ok {
				if !found && hasAnyAggregate(sq.Select) {
					l := &lifter{p: p, b: b}
					l.walk(reflect.ValueOf(&sq.Select).Elem())
					found = l.err != nil
				}
				return false, nil
			}
			return !found, nil
		}, node)
	}
	return found
}

// hasAnyAggregate reports whether an aggregate call appears anywhere in
// node, nested subqueries included.
func hasAnyAggregate(node sqlparser.SQLNode) bool {
	found := false
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		switch n := n.(type) {
		case *sqlparser.FuncExpr:
			found = found || aggregates[n.Name.Lowered()] != nil
		case *sqlparser.GroupConcatExpr:
			found = true
		}
		return !found, nil
	}, node)
	return found
}

// lifter copies a subquery's tree, replacing outer aggregate calls.
type lifter struct {
	p     *planCtx
	b     *binder // the outer query's
	owner *aggState
	// froms are the FROM clauses of the SELECTs from the subquery down to
	// the node being walked.
	froms []sqlparser.TableExprs
	err   error
}

var colNameType = reflect.TypeOf((*sqlparser.ColName)(nil))

// walk returns v, or a copy of it with its outer aggregate calls replaced
// (changed). Unchanged parts are shared with the original.
func (l *lifter) walk(v reflect.Value) (reflect.Value, bool) {
	if l.err != nil {
		return v, false
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		if e, ok := v.Interface().(sqlparser.Expr); ok && colNameType.AssignableTo(v.Type()) && l.outerCall(e) {
			if l.owner == nil {
				if l.outerColumns(e) {
					// A WHERE, ON or GROUP BY: read before grouping.
					l.err = sqlerr.Numbered(sqlerr.Syntax, 1111, "invalid use of group function: an aggregate of outer columns inside a subquery read before grouping (%s)", sqlparser.String(e))
				}
				return v, false
			}
			mark := &sqlparser.ColName{Name: sqlparser.NewColIdent(sqlparser.String(e)), Metadata: &outerAgg{call: e, owner: l.owner}}
			n := reflect.New(v.Type()).Elem()
			n.Set(reflect.ValueOf(mark))
			return n, true
		}
		c, changed := l.walk(v.Elem())
		if !changed {
			return v, false
		}
		n := reflect.New(v.Type()).Elem()
		n.Set(c)
		return n, true
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		switch x := v.Interface().(type) {
		case *sqlparser.AliasedTableExpr:
			// A table, or a derived table: that reads no outer column.
			return v, false
		case *sqlparser.Select:
			l.froms = append(l.froms, x.From)
			defer func() { l.froms = l.froms[:len(l.froms)-1] }()
		}
		c, changed := l.walk(v.Elem())
		if !changed {
			return v, false
		}
		n := reflect.New(v.Elem().Type())
		n.Elem().Set(c)
		return n, true
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return v, false
		}
		var n reflect.Value
		for i := 0; i < v.Len(); i++ {
			if c, changed := l.walk(v.Index(i)); changed {
				if !n.IsValid() {
					n = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
					reflect.Copy(n, v)
				}
				n.Index(i).Set(c)
			}
		}
		if n.IsValid() {
			return n, true
		}
	case reflect.Struct:
		var n reflect.Value
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if c, changed := l.walk(v.Field(i)); changed {
				if !n.IsValid() {
					n = reflect.New(v.Type()).Elem()
					n.Set(v)
				}
				n.Field(i).Set(c)
			}
		}
		if n.IsValid() {
			return n, true
		}
	}
	return v, false
}

// outerCall reports whether e is an aggregate call with column
// references, none of them a column of the subquery's FROM clauses. An
// argument holding a subquery keeps the call where it is.
func (l *lifter) outerCall(e sqlparser.Expr) bool {
	switch x := e.(type) {
	case *sqlparser.FuncExpr:
		if aggregates[x.Name.Lowered()] == nil {
			return false
		}
	case *sqlparser.GroupConcatExpr:
	default:
		return false
	}
	cols, outer := 0, true
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		switch n := n.(type) {
		case *sqlparser.Subquery:
			outer = false
		case *sqlparser.ColName:
			cols++
			if _, lifted := n.Metadata.(*outerAgg); lifted || l.inner(n) {
				outer = false
			}
		}
		return outer, nil
	}, e)
	return outer && cols > 0
}

// outerColumns reports whether the columns of call are the outer
// query's own (a name it lacks too stays with the subquery, which then
// reports it).
func (l *lifter) outerColumns(call sqlparser.Expr) bool {
	ok := true
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		if c, isCol := n.(*sqlparser.ColName); isCol && ok {
			probe := *l.b
			_, err := probe.column(c)
			ok = err == nil
		}
		return ok, nil
	}, call)
	return ok
}

// inner reports whether c may name a column of a FROM clause between the
// outer query and the call; when unsure (a derived table, a collection
// without a schema, an unknown table) it may.
func (l *lifter) inner(c *sqlparser.ColName) bool {
	for _, from := range l.froms {
		if l.fromHas(from, c.Qualifier.Name.String(), c.Name.String()) {
			return true
		}
	}
	return false
}

func (l *lifter) fromHas(from sqlparser.TableExprs, qual, col string) bool {
	for _, te := range from {
		switch te := te.(type) {
		case *sqlparser.ParenTableExpr:
			if l.fromHas(te.Exprs, qual, col) {
				return true
			}
		case *sqlparser.JoinTableExpr:
			if l.fromHas(sqlparser.TableExprs{te.LeftExpr, te.RightExpr}, qual, col) {
				return true
			}
		case *sqlparser.AliasedTableExpr:
			tn, isTable := te.Expr.(sqlparser.TableName)
			name := te.As.String()
			if name == "" && isTable {
				name = tn.Name.String()
			}
			switch {
			case qual != "":
				if qualifies(qual, name) {
					return true
				}
			case isDual(te):
			case !isTable:
				if derivedHas(te.Expr, col) {
					return true
				}
			default:
				t, err := l.p.fromTable(tn)
				if err != nil || !t.Defined {
					return true
				}
				if c, _ := t.Column(col); c != nil {
					return true
				}
			}
		default:
			return true
		}
	}
	return false
}

// derivedHas reports whether a derived table may have a column named col:
// one of its first SELECT's output names is col, or it has a star.
func derivedHas(te sqlparser.SimpleTableExpr, col string) bool {
	sq, ok := te.(*sqlparser.Subquery)
	if !ok {
		return true
	}
	sel := sq.Select
	for {
		switch x := sel.(type) {
		case *sqlparser.ParenSelect:
			sel = x.Select
			continue
		case *sqlparser.Union:
			sel = x.Left
			continue
		case *sqlparser.Select:
			for _, se := range x.SelectExprs {
				ae, ok := se.(*sqlparser.AliasedExpr)
				if !ok {
					return true
				}
				name := ae.As.String()
				if name == "" {
					if c, isCol := ae.Expr.(*sqlparser.ColName); isCol {
						name = c.Name.String()
					} else {
						name = sqlparser.String(ae.Expr)
					}
				}
				if equalFold(name, col) {
					return true
				}
			}
			return false
		}
		return true
	}
}
