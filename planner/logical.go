package planner

import (
	"fmt"
	"strings"

	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// op is an operator of a SELECT's logical plan: what the query computes,
// before anything says where it runs. The binder builds the tree,
// pushdown grows routes from its leaves, and physical turns what is left
// into exec's nodes. The set is closed.
type op interface {
	children() []op
	// withChildren returns a copy of the operator over cs (as many as
	// children returned).
	withChildren(cs ...op) op
}

// getOp reads a collection: rows of scan.Fields. A join written as
// $lookup stages is a getOp whose scan already holds them.
type getOp struct {
	table *Table // nil for a join's pipeline
	scan  *Scan
}

// joinOp is a FROM clause of several sources, before placement decides
// whether it becomes $lookup stages or in-process joins.
type joinOp struct {
	ms   *multiScope
	root fromNode
	// Set by splitWhere: each join's keys and condition, each source's
	// filters, and what the operators above read.
	steps   map[*fromJoin]*joinStep
	filters [][]Expr
	reads   []Expr
}

// nodeOp is an input planned already, as exec's nodes: in-process joins,
// a derived table. why says what kept it from the server, if anything.
type nodeOp struct {
	node Node
	why  string
}

// valuesOp is literal rows: one empty row for a SELECT without FROM,
// none above LIMIT 0.
type valuesOp struct{ rows [][]Expr }

// selectOp keeps the rows where cond is TRUE.
type selectOp struct {
	input op
	cond  Expr
	// having: over a grouping's rows (HAVING), not the FROM clause's.
	having bool
}

// semiJoinOp keeps the input rows for which test holds: a WHERE
// conjunct [NOT] EXISTS (…) or x [NOT] IN (SELECT col …) over a plain
// one-table subquery. It becomes a $lookup in the route, a hash semi
// (anti) join over one read of the subquery's table, or else a filter
// that runs the subquery per outer row.
type semiJoinOp struct {
	input op
	test  Expr
}

// groupOp groups by keys; its rows are the keys then the aggregates'
// values (columns r0…rN). table, when the input reads one, tells which
// arguments cannot be NULL.
type groupOp struct {
	input op
	keys  []Expr
	aggs  []*AggCall
	table *Table
}

// projectOp computes the output columns.
type projectOp struct {
	input op
	exprs []Expr
	cols  []sqltypes.Column
}

// distinctOp drops repeated rows.
type distinctOp struct{ input op }

// orderOp sorts by keys over its input's row.
type orderOp struct {
	input op
	keys  []SortKey
}

// limitOp skips offset rows, then passes count; either may be nil.
type limitOp struct {
	input         op
	offset, count Expr
}

func (*getOp) children() []op      { return nil }
func (*joinOp) children() []op     { return nil }
func (*nodeOp) children() []op     { return nil }
func (*valuesOp) children() []op   { return nil }
func (o *selectOp) children() []op { return []op{o.input} }
func (o *groupOp) children() []op  { return []op{o.input} }
func (o *semiJoinOp) children() []op {
	return []op{o.input}
}
func (o *projectOp) children() []op {
	return []op{o.input}
}
func (o *distinctOp) children() []op { return []op{o.input} }
func (o *orderOp) children() []op    { return []op{o.input} }
func (o *limitOp) children() []op    { return []op{o.input} }

func (o *getOp) withChildren(...op) op  { return o }
func (o *joinOp) withChildren(...op) op { return o }
func (o *nodeOp) withChildren(...op) op { return o }
func (o *valuesOp) withChildren(...op) op {
	return o
}
func (o *selectOp) withChildren(cs ...op) op {
	c := *o
	c.input = cs[0]
	return &c
}
func (o *semiJoinOp) withChildren(cs ...op) op {
	return &semiJoinOp{input: cs[0], test: o.test}
}
func (o *groupOp) withChildren(cs ...op) op {
	c := *o
	c.input = cs[0]
	return &c
}
func (o *projectOp) withChildren(cs ...op) op {
	c := *o
	c.input = cs[0]
	return &c
}
func (o *distinctOp) withChildren(cs ...op) op { return &distinctOp{input: cs[0]} }
func (o *orderOp) withChildren(cs ...op) op {
	c := *o
	c.input = cs[0]
	return &c
}
func (o *limitOp) withChildren(cs ...op) op {
	c := *o
	c.input = cs[0]
	return &c
}

// transformUp rebuilds the tree bottom-up: f sees each operator after
// its children were transformed.
func transformUp(o op, f func(op) op) op {
	if cs := o.children(); len(cs) > 0 {
		next := make([]op, len(cs))
		changed := false
		for i, c := range cs {
			next[i] = transformUp(c, f)
			changed = changed || next[i] != c
		}
		if changed {
			o = o.withChildren(next...)
		}
	}
	return f(o)
}

// walkOps calls f for o and every operator below it, top first.
func walkOps(o op, f func(op)) {
	f(o)
	for _, c := range o.children() {
		walkOps(c, f)
	}
}

// opExprs lists the expressions an operator reads.
func opExprs(o op) []Expr {
	switch o := o.(type) {
	case *selectOp:
		return []Expr{o.cond}
	case *semiJoinOp:
		return []Expr{o.test}
	case *groupOp:
		out := append([]Expr(nil), o.keys...)
		for _, a := range o.aggs {
			out = append(out, a.Args...)
			for _, k := range a.OrderBy {
				out = append(out, k.Expr)
			}
		}
		return out
	case *projectOp:
		return o.exprs
	case *orderOp:
		out := make([]Expr, len(o.keys))
		for i, k := range o.keys {
			out[i] = k.Expr
		}
		return out
	}
	return nil
}

// logicalString prints the tree, one operator per line, inputs indented.
func logicalString(o op) string {
	var b strings.Builder
	var write func(o op, depth int)
	write = func(o op, depth int) {
		b.WriteString(strings.Repeat("  ", depth) + opLine(o) + "\n")
		for _, c := range o.children() {
			write(c, depth+1)
		}
	}
	write(o, 0)
	return b.String()
}

func opLine(o op) string {
	switch o := o.(type) {
	case *getOp:
		if o.table == nil {
			return "Get " + o.scan.Collection + " (joined)"
		}
		return "Get " + o.scan.Collection
	case *joinOp:
		return "Join " + fromString(o.root)
	case *valuesOp:
		return fmt.Sprintf("Values %d row(s)", len(o.rows))
	case *nodeOp:
		op, detail, _ := describe(o.node, true)
		return "Input " + op + " " + detail
	case *route:
		parts := make([]string, 0, len(o.ops)+1)
		if o.set != nil {
			parts = append(parts, "("+opLine(o.set.left)+") "+o.set.label()+" ("+opLine(o.set.right)+")")
		} else {
			parts = append(parts, opLine(o.get))
		}
		for _, m := range o.ops {
			parts = append(parts, opLine(m))
		}
		return "Route[" + strings.Join(parts, " | ") + "]"
	case *setOp:
		return o.label()
	case *applyOp:
		return "Apply " + o.sub.Text + " as " + o.field
	case *selectOp:
		if o.having {
			return "Select (having) " + ExprString(o.cond)
		}
		return "Select " + ExprString(o.cond)
	case *semiJoinOp:
		return "SemiJoin " + ExprString(o.test)
	case *groupOp:
		aggs := make([]string, len(o.aggs))
		for i, a := range o.aggs {
			aggs[i] = a.String()
		}
		return fmt.Sprintf("GroupBy [%s] [%s]", exprList(o.keys), strings.Join(aggs, ", "))
	case *projectOp:
		return "Project " + exprList(o.exprs)
	case *distinctOp:
		return "Distinct"
	case *orderOp:
		return "Order " + sortKeysString(o.keys)
	case *limitOp:
		s := "Limit"
		if o.offset != nil {
			s += " offset " + ExprString(o.offset)
		}
		if o.count != nil {
			s += " " + ExprString(o.count)
		}
		return s
	}
	return fmt.Sprintf("%T", o)
}

// fromString names a FROM tree's sources and joins.
func fromString(n fromNode) string {
	switch n := n.(type) {
	case *source:
		return n.name
	case *fromJoin:
		s := "(" + fromString(n.left) + " " + n.kind.String() + " " + fromString(n.right)
		if n.on != nil {
			s += " ON " + ExprString(n.on)
		}
		return s + ")"
	}
	return "?"
}
