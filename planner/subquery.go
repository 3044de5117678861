package planner

import (
	"github.com/xwb1989/sqlparser"

	"github.com/sqlmongo/sqlmongo/internal/sqlerr"
	"github.com/sqlmongo/sqlmongo/internal/sqltypes"
)

// Subquery is an uncorrelated subquery inside an expression: EXISTS
// (SELECT …) when Exists, else a scalar (SELECT …) of one column. It reads
// no row of the outer query, so exec runs it at most once per execution
// (Env.Subqueries); it has no MQL form and is never folded, so the
// expression around it runs in-process. Correlated subqueries, IN
// (SELECT …) and the rest of the relational surface are the logical
// plan's (issue 10).
type Subquery struct {
	Exists bool
	T      sqltypes.Type
	Text   string // the subquery as written, for EXPLAIN
	// root is unexported so that walkExpr, which reads exported fields,
	// never mistakes the inner query's columns for the outer one's.
	root Node
}

func (s *Subquery) Type() sqltypes.Type { return s.T }
func (*Subquery) isExpr()               {}

// Root is the inner query's plan.
func (s *Subquery) Root() Node { return s.root }

func (s *Subquery) String() string {
	if s.Exists {
		return "exists(" + s.Text + ")"
	}
	return "(" + s.Text + ")"
}

// SubqueryRunner runs the subqueries of one execution; exec implements it.
type SubqueryRunner interface {
	// Run returns 1 or 0 for EXISTS, else the scalar's value (NULL
	// without a row; an error with more than one).
	Run(s *Subquery) (any, error)
}

// evalSubquery evaluates s through the execution's runner.
func evalSubquery(s *Subquery, env *Env) (any, error) {
	if env == nil || env.Subqueries == nil {
		return nil, sqlerr.New(sqlerr.Unsupported, "a subquery here")
	}
	return env.Subqueries.Run(s)
}

// subquery binds (SELECT …) or EXISTS (SELECT …): the inner SELECT is
// planned on its own, with no outer scope (a reference to the outer
// query's columns is an unknown column: correlation is not supported).
func (b *binder) subquery(sq *sqlparser.Subquery, exists bool) (Expr, error) {
	sel, ok := sq.Select.(*sqlparser.Select)
	if !ok || b.sub == nil {
		return nil, unsupported("subqueries of this form (UNION)")
	}
	q, err := b.sub(sel)
	if err != nil {
		return nil, err
	}
	s := &Subquery{Exists: exists, root: q.Root, Text: sqlparser.String(sel)}
	if exists {
		s.T = sqltypes.Type{Kind: sqltypes.Int}
		return s, nil
	}
	if len(q.Columns) != 1 {
		return nil, sqlerr.Numbered(sqlerr.Syntax, sqlerr.ErrOperandCols, "Operand should contain 1 column(s)")
	}
	s.T = q.Columns[0].Type
	return s, nil
}

// subquery plans the SELECT of a subquery with the statement's context.
func (p *planCtx) subquery(sel *sqlparser.Select) (*Query, error) {
	sp := *p
	return sp.selectPlan(sel)
}
