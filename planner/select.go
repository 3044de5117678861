package planner

import (
	"strings"

	"github.com/xwb1989/sqlparser"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// selectPlan plans a single-table SELECT.
func (p *planCtx) selectPlan(sel *sqlparser.Select) (*Query, error) {
	if err := checkSelectShape(sel); err != nil {
		return nil, err
	}
	b := &binder{stmt: p.stmt, inline: p.inline}
	var input Node
	var scan *Scan
	if len(sel.From) == 1 && !isDual(sel.From[0]) {
		ate, ok := sel.From[0].(*sqlparser.AliasedTableExpr)
		if !ok {
			return nil, unsupported("joins")
		}
		tn, ok := ate.Expr.(sqlparser.TableName)
		if !ok {
			return nil, unsupported("subqueries in FROM")
		}
		t, err := p.cat.Table(tn.Name.String())
		if err != nil {
			return nil, err
		}
		b.scope = scope{table: t, alias: ate.As.String()}
		scan = &Scan{Collection: t.Name}
		input = scan
	} else if len(sel.From) > 1 {
		return nil, unsupported("joins")
	} else {
		input = &Values{Rows: [][]Expr{{}}}
	}

	// Select list.
	var exprs []Expr
	var cols []sqltypes.Column
	for _, se := range sel.SelectExprs {
		switch se := se.(type) {
		case *sqlparser.StarExpr:
			t := b.scope.table
			if t == nil {
				return nil, sqlerr.New(sqlerr.Syntax, "SELECT * needs a FROM clause")
			}
			if q := se.TableName.Name.String(); q != "" && !equalFold(q, t.Name) && !equalFold(q, b.scope.alias) {
				return nil, sqlerr.New(sqlerr.UnknownTable, "unknown table %q", q)
			}
			for i, c := range t.Columns {
				exprs = append(exprs, &ColRef{Index: i, Name: c.Name, Path: t.Path(c.Name), T: c.Type})
				cols = append(cols, sqltypes.Column{Name: c.Name, Type: c.Type, Nullable: !c.NotNull})
			}
		case *sqlparser.AliasedExpr:
			e, err := b.bind(se.Expr)
			if err != nil {
				return nil, err
			}
			exprs = append(exprs, e)
			cols = append(cols, sqltypes.Column{Name: outputName(se), Type: e.Type(), Nullable: nullable(e, b.scope.table)})
		default:
			return nil, unsupported("select expression %s", sqlparser.String(se))
		}
	}

	// WHERE.
	var where Expr
	if sel.Where != nil {
		w, err := b.bind(sel.Where.Expr)
		if err != nil {
			return nil, err
		}
		where = normalize(w, false)
	}

	// ORDER BY: aliases and ordinals name select-list expressions.
	var keys []SortKey
	for _, o := range sel.OrderBy {
		e, err := b.orderKey(o.Expr, sel.SelectExprs, exprs)
		if err != nil {
			return nil, err
		}
		keys = append(keys, SortKey{Expr: e, Desc: o.Direction == sqlparser.DescScr})
	}

	var offset, count Expr
	if sel.Limit != nil {
		var err error
		if offset, err = b.limitValue(sel.Limit.Offset); err != nil {
			return nil, err
		}
		if count, err = b.limitValue(sel.Limit.Rowcount); err != nil {
			return nil, err
		}
	}

	if scan != nil {
		scan.Fields, scan.Types = b.scanFields()
	}
	root := p.pushSelect(scan, input, where, keys, offset, count, exprs)
	return &Query{Root: root, Columns: cols}, nil
}

// pushSelect places each operator in the pipeline while everything below
// it was pushed, and in-process above that.
func (p *planCtx) pushSelect(scan *Scan, input Node, where Expr, keys []SortKey, offset, count Expr, exprs []Expr) Node {
	pushing := scan != nil && p.caps.Aggregate
	node := input
	if where != nil {
		var residual []Expr
		for _, c := range conjuncts(where) {
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
			if len(parts) == 1 {
				scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$match", Value: bson.D{{Key: "$expr", Value: parts[0]}}}})
			} else if len(parts) > 1 {
				scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$match", Value: bson.D{{Key: "$expr", Value: bson.D{{Key: "$and", Value: parts}}}}}})
			}
			residual = rest
		}
		if len(residual) > 0 {
			pushing = false
			cond := residual[0]
			if len(residual) > 1 {
				cond = &And{Args: residual}
			}
			node = &Filter{Input: node, Cond: cond}
		}
	}
	if len(keys) > 0 {
		sortDoc := bson.D{}
		for _, k := range keys {
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
			node = &Sort{Input: node, Keys: keys}
		}
	}
	if offset != nil || count != nil {
		keepResidual := !pushing
		if pushing {
			if offset != nil {
				if v, ok := limitBSON(offset, false); ok {
					scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$skip", Value: v}})
				} else {
					keepResidual = true
				}
			}
			if count != nil && !keepResidual {
				v, ok := limitBSON(count, true)
				if ok {
					scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$limit", Value: v}})
				}
				if l, isLit := count.(*Literal); !ok || !isLit || l.Value.(int64) == 0 {
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
	if scan != nil && p.caps.Aggregate && pushing {
		if proj, ok := projectFields(scan.Fields); ok {
			scan.Pipeline = append(scan.Pipeline, bson.D{{Key: "$project", Value: proj}})
		}
	}
	return &Project{Input: node, Exprs: exprs}
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
		for _, se := range list {
			if ae, ok := se.(*sqlparser.AliasedExpr); ok {
				if !ae.As.IsEmpty() && equalFold(ae.As.String(), c.Name.String()) {
					return exprs[i], nil
				}
				i++
			} else {
				// A star expands to several expressions; aliases after it
				// are not reachable by index, so fall back to binding.
				break
			}
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

// checkSelectShape rejects clauses this slice does not plan yet.
func checkSelectShape(sel *sqlparser.Select) error {
	switch {
	case sel.Distinct != "":
		return unsupported("SELECT DISTINCT")
	case len(sel.GroupBy) > 0:
		return unsupported("GROUP BY")
	case sel.Having != nil:
		return unsupported("HAVING")
	case sel.Lock != "":
		return unsupported("locking reads (%s)", strings.TrimSpace(sel.Lock))
	}
	return nil
}
