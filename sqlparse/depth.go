package sqlparse

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
)

// MaxDepth is the deepest expression nesting a statement may have. Every
// later pass (binding, evaluation, MQL) recurses over expressions, so the
// limit is checked once, here, without recursion. A chain of one logical
// operator (a OR b OR c …) counts as one level: it is bound as one list.
const MaxDepth = 3000

// checkDepth walks the tree with an explicit stack and refuses nesting
// beyond MaxDepth. stop, when not nil, is called every stopEvery nodes.
func checkDepth(root sqlparser.SQLNode, stop func() error) error {
	type item struct {
		n     sqlparser.SQLNode
		depth int
	}
	stack := []item{{root, 0}}
	for n := 1; len(stack) > 0; n++ {
		if stop != nil && n%stopEvery == 0 {
			if err := stop(); err != nil {
				return err
			}
		}
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth > MaxDepth {
			return sqlerr.New(sqlerr.Unsupported, "expression nested more than %d levels deep: split the statement or use IN (…) lists", MaxDepth)
		}
		for _, c := range children(it.n) {
			d := it.depth + 1
			if sameChain(it.n, c) {
				d = it.depth
			}
			stack = append(stack, item{c, d})
		}
	}
	return nil
}

// children lists n's direct sub-nodes: Walk descends into n itself and
// stops at each child, so no recursion goes deeper than one level.
func children(n sqlparser.SQLNode) []sqlparser.SQLNode {
	var out []sqlparser.SQLNode
	self := true // the first node visited is n itself (nodes may be slices: no ==)
	_ = sqlparser.Walk(func(c sqlparser.SQLNode) (bool, error) {
		if self {
			self = false
			return true, nil
		}
		out = append(out, c)
		return false, nil
	}, n)
	return out
}

// sameChain reports a child continuing its parent's AND or OR chain.
func sameChain(parent, child sqlparser.SQLNode) bool {
	switch parent.(type) {
	case *sqlparser.AndExpr:
		_, ok := child.(*sqlparser.AndExpr)
		return ok
	case *sqlparser.OrExpr:
		_, ok := child.(*sqlparser.OrExpr)
		return ok
	}
	return false
}
