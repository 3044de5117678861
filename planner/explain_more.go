package planner

import (
	"fmt"
	"strings"
)

// describeMore describes operators beyond the core set (aggregation, …).
func describeMore(n Node) (op, detail string, inputs []Node) {
	switch n := n.(type) {
	case *Aggregate:
		parts := make([]string, len(n.Aggs))
		for i, a := range n.Aggs {
			parts[i] = a.String()
		}
		d := strings.Join(parts, ", ")
		if len(n.GroupBy) > 0 {
			d = "by " + exprList(n.GroupBy) + ": " + d
		}
		return "aggregate", d, []Node{n.Input}
	case *Distinct:
		return "distinct", "", []Node{n.Input}
	case *Join:
		return describeJoin(n)
	case *SetOp:
		return "set " + strings.ToLower(n.Label()), "in-process", []Node{n.Left, n.Right}
	}
	return fmt.Sprintf("%T", n), "", nil
}

// exprStringMore renders the expression kinds of the function library.
func exprStringMore(e Expr) string {
	if c, ok := e.(*Call); ok {
		return c.Def.Name + "(" + joinExprs(c.Args, ", ") + ")"
	}
	if s, ok := e.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", e)
}

// untranslatable returns the innermost part of e that has no exact MQL
// translation, for EXPLAIN's account of why work stays in-process.
func untranslatable(e Expr) Expr {
	if e == nil {
		return nil
	}
	if _, ok := aggValue(e); ok {
		return nil
	}
	if _, ok := e.(*Subquery); ok {
		// The subquery itself is the reason, whatever its operands are.
		return e
	}
	var inner Expr
	walkExpr(e, func(x Expr) {
		if inner == nil && x != e {
			if _, ok := aggValue(x); !ok {
				inner = untranslatable(x)
			}
		}
	})
	if inner != nil {
		return inner
	}
	return e
}

// exprsReason names the first of parts MQL cannot compute exactly; "" when
// all can.
func exprsReason(parts []Expr) string {
	for _, p := range parts {
		x := untranslatable(p)
		if x == nil {
			continue
		}
		if c, ok := x.(*Call); ok {
			return "function " + strings.ToUpper(c.Def.Name) + " has no exact MQL for " + ExprString(x)
		}
		if sq, ok := x.(*Subquery); ok {
			return "subquery " + sq.String() + " runs apart from the pipeline (a query of its own, or read once for an in-process hash semi join); what reads it runs in-process"
		}
		if c, ok := x.(*Compare); ok && !comparableInMongo(c.L, c.R) {
			return "comparison of " + c.L.Type().DatabaseTypeName() + " with " + c.R.Type().DatabaseTypeName() +
				" (MySQL converts, MongoDB orders the types apart): " + ExprString(x)
		}
		return "no exact MQL for " + ExprString(x)
	}
	return ""
}
