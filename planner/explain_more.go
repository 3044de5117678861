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
	}
	return fmt.Sprintf("%T", n), "", nil
}

// exprStringMore renders the expression kinds of the function library.
func exprStringMore(e Expr) string {
	if s, ok := e.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", e)
}
